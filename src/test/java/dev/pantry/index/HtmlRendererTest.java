package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.index.DistFile.CoreMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HtmlRendererTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private static String render(DistFile... files) {
    return new String(HtmlRenderer.renderProject(new ProjectPage("demo", List.of(files))), StandardCharsets.UTF_8);
  }

  private static DistFile file(String url, Map<String, String> hashes) {
    return new DistFile("demo-1.0.tar.gz", url, hashes, null, null, null, null, null, null);
  }

  @Test
  void renderProject_fullFile_exactPep503Markup() {
    DistFile f = new DistFile("demo-1.0-py3-none-any.whl", "https://m.example/files/demo-1.0-py3-none-any.whl",
        Map.of("sha256", SHA), ">=3.9", "reason", new CoreMetadata(Map.of("sha256", SHA)), true, 10L, "t",
        "https://up.example/p?a=1&b=2");
    assertEquals("<!DOCTYPE html>\n<html>\n<head>\n<meta name=\"pypi:repository-version\" content=\"1.4\">\n"
        + "<title>Links for demo</title>\n</head>\n<body>\n<h1>Links for demo</h1>\n"
        + "<a href=\"https://m.example/files/demo-1.0-py3-none-any.whl#sha256=" + SHA + "\" data-requires-python="
        + "\"&gt;=3.9\" data-yanked=\"reason\" data-core-metadata=\"sha256=" + SHA + "\" data-dist-info-metadata="
        + "\"sha256=" + SHA + "\" data-gpg-sig=\"true\" data-provenance=\"https://up.example/p?a=1&amp;b=2\">"
        + "demo-1.0-py3-none-any.whl</a><br>\n</body>\n</html>\n",
        render(f));
  }

  @Test
  void renderProject_projectStatus_metaTagsEscaped() {
    ProjectPage page = new ProjectPage("demo", List.of(), List.of(), List.of(), List.of(), null,
        new ProjectStatus("Archived", "moved to \"demo2\" <soon>"));
    String html = new String(HtmlRenderer.renderProject(page), StandardCharsets.UTF_8);
    assertTrue(html.contains("<meta name=\"pypi:project-status\" content=\"archived\">\n"
        + "<meta name=\"pypi:project-status-reason\" content=\"moved to &quot;demo2&quot; &lt;soon&gt;\">\n"), html);
  }

  @Test
  void renderProject_nullFields_attributesOmitted() {
    String html = render(file("/files/demo-1.0.tar.gz", Map.of()));
    assertTrue(html.contains("<a href=\"/files/demo-1.0.tar.gz\">demo-1.0.tar.gz</a><br>\n"), html);
    assertFalse(html.contains("data-"), html);
  }

  @Test
  void renderProject_yankedWithoutReason_bareAttribute() {
    DistFile f = new DistFile("a-1.whl", "a-1.whl", Map.of(), null, "", null, null, null, null);
    assertTrue(render(f).contains("<a href=\"a-1.whl\" data-yanked>a-1.whl</a>"), render(f));
  }

  @Test
  void renderProject_metadataWithoutHash_true() {
    DistFile f = new DistFile("a-1.whl", "a-1.whl", Map.of(), null, null, new CoreMetadata(Map.of()), false, null, null);
    assertTrue(render(f).contains(
        "data-core-metadata=\"true\" data-dist-info-metadata=\"true\" data-gpg-sig=\"false\">"), render(f));
  }

  @Test
  void renderProject_hostileValues_escaped() {
    DistFile f = new DistFile("a<b>&'\".whl", "https://x.example/a?b=1&c=\"2\"'", Map.of(), "<4,>=3.9",
        "\"<script>alert('x')</script>", null, null, null, null);
    String html = render(f);
    assertTrue(html.contains("href=\"https://x.example/a?b=1&amp;c=&quot;2&quot;&#39;\""), html);
    assertTrue(html.contains("data-requires-python=\"&lt;4,&gt;=3.9\""), html);
    assertTrue(html.contains("data-yanked=\"&quot;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;\""), html);
    assertTrue(html.contains(">a&lt;b&gt;&amp;'\".whl</a>"), html);
    assertFalse(html.contains("<script>"), html);
  }

  @Test
  void renderProject_hostileName_escapedInTitleAndHeading() {
    String html = new String(HtmlRenderer.renderProject(new ProjectPage("<x>&", List.of())), StandardCharsets.UTF_8);
    assertTrue(html.contains("<title>Links for &lt;x&gt;&amp;</title>"), html);
    assertTrue(html.contains("<h1>Links for &lt;x&gt;&amp;</h1>"), html);
  }

  @Test
  void renderProject_noSha256_preferredOtherHashInFragment() {
    assertTrue(render(file("a", Map.of("md5", "aa", "sha512", "bb"))).contains("href=\"a#sha512=bb\""));
    assertTrue(render(file("a", Map.of("md5", "aa"))).contains("href=\"a#md5=aa\""));
    assertTrue(render(file("a", Map.of("zeta", "01", "alpha", "02"))).contains("href=\"a#alpha=02\""));
    assertTrue(render(file("a", Map.of("md5", "aa", "sha256", SHA))).contains("href=\"a#sha256=" + SHA + "\""));
  }

  @Test
  void renderProject_urlWithFragment_fragmentReplaced() {
    assertTrue(render(file("a.tar.gz#md5=00", Map.of("sha256", SHA))).contains("href=\"a.tar.gz#sha256=" + SHA + "\""));
    assertTrue(render(file("a.tar.gz#md5=00", Map.of())).contains("href=\"a.tar.gz\""));
  }

  @Test
  void renderProject_pep708_metaTags() {
    ProjectPage page = new ProjectPage("demo", List.of(), List.of(), List.of("https://pypi.org/simple/demo/"),
        List.of("https://a.example/simple/demo/"), null);
    String html = new String(HtmlRenderer.renderProject(page), StandardCharsets.UTF_8);
    assertTrue(html.contains("<meta name=\"pypi:tracks\" content=\"https://pypi.org/simple/demo/\">\n"), html);
    assertTrue(html.contains("<meta name=\"pypi:alternate-locations\" content=\"https://a.example/simple/demo/\">"));
  }

  @Test
  void renderProject_sameModel_sameBytes() {
    DistFile f = file("a", Map.of("b", "01", "a", "02", "c", "03"));
    assertEquals(render(f), render(new DistFile(f.filename(), f.url(), Map.of("c", "03", "a", "02", "b", "01"), null,
        null, null, null, null, null)));
  }

  @Test
  void rootRendering_names_linkToNormalizedDirectories() {
    byte[] page = RootRendering.of(new ProjectList(List.of("Foo.Bar__baz", "requests"))).finish().html().toByteArray();
    String html = new String(page, StandardCharsets.UTF_8);
    assertTrue(html.startsWith("<!DOCTYPE html>\n<html>\n<head>\n"), html);
    assertTrue(html.contains("<a href=\"foo-bar-baz/\">Foo.Bar__baz</a><br>\n<a href=\"requests/\">requests</a><br>\n"),
        html);
    assertTrue(html.endsWith("</body>\n</html>\n"), html);
  }

  @Test
  void rootRendering_hostileName_escaped() {
    String html = new String(RootRendering.of(new ProjectList(List.of("a\"><script>"))).finish().html().toByteArray(),
        StandardCharsets.UTF_8);
    assertTrue(html.contains("<a href=\"a&quot;&gt;&lt;script&gt;/\">a\"&gt;&lt;script&gt;</a>"), html);
  }

  @Test
  void renderProject_apiVersion_sameAsJsonRendering() {
    DistFile sized = new DistFile("a-1.whl", "a", Map.of(), null, null, null, null, 1L, null);
    DistFile unsized = new DistFile("b-1.whl", "b", Map.of(), null, null, null, null, null, null);
    for (List<DistFile> files : List.of(List.of(sized), List.of(sized, unsized), List.<DistFile>of())) {
      ProjectPage page = new ProjectPage("d", files);
      String html = new String(HtmlRenderer.renderProject(page), StandardCharsets.UTF_8);
      String json = new String(JsonRenderer.renderProject(page), StandardCharsets.UTF_8);
      String version = json.substring(json.indexOf("\"api-version\":\"") + 15, json.indexOf("\"api-version\":\"") + 18);
      assertTrue(html.contains("content=\"" + version + "\""), files + " html=" + html + " json=" + json);
    }
  }
}
