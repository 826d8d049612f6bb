package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pantry.index.DistFile.CoreMetadata;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Parse one format, render the other, parse again: the model must survive. */
class RoundTripTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  private static final URI MIRROR = URI.create("https://mirror.example/simple/demo/");

  private static final String PYPI_HTML = Pages.htmlPage(
      "<a href=\"https://files.example/demo-1.0.tar.gz#sha256=" + SHA + "\" data-requires-python=\"&gt;=3.9,&lt;4\">"
          + "demo-1.0.tar.gz</a><br>\n"
          + "<a href=\"../../files/demo-1.0-py3-none-any.whl#md5=D41D8CD98F00B204E9800998ECF8427E\" "
          + "data-dist-info-metadata=\"sha256=" + SHA + "\" data-core-metadata=\"sha256=" + SHA + "\" data-yanked>"
          + "demo-1.0-py3-none-any.whl</a><br>\n"
          + "<a href=\"/files/demo-2.0.zip\" data-yanked=\"&quot;&lt;script&gt; broke it\" data-core-metadata=\"true\" "
          + "data-gpg-sig=\"true\">demo-2.0.zip</a><br>\n"
          + "<a href=\"demo-3.0.tar.gz\" data-gpg-sig=\"false\">demo-3.0.tar.gz</a>");

  @Test
  void htmlToJsonToModel_samePage() {
    ProjectPage fromHtml = Pages.html(PYPI_HTML);
    assertEquals(4, fromHtml.files().size());
    ProjectPage fromJson = Pages.parsed(PageParser.parseProject(JsonRenderer.renderProject(fromHtml), Pages.JSON,
        Pages.PAGE, "demo"));
    assertEquals(fromHtml, fromJson);
  }

  @Test
  void jsonToHtmlToModel_sameHtmlFields() {
    String json = "{\"meta\":{\"api-version\":\"1.1\",\"_last-serial\":5},\"name\":\"demo\",\"files\":["
        + "{\"filename\":\"demo-1.0.tar.gz\",\"url\":\"https://files.example/demo-1.0.tar.gz\",\"hashes\":{\"sha256\":\""
        + SHA + "\"},\"requires-python\":\">=3.9,<4\",\"yanked\":false,\"size\":10,\"upload-time\":\"2020-01-01T00:00Z\"},"
        + "{\"filename\":\"demo-1.0-py3-none-any.whl\",\"url\":\"/f/demo-1.0-py3-none-any.whl\",\"hashes\":{\"md5\":"
        + "\"ab\"},\"yanked\":true,\"core-metadata\":{\"sha256\":\"" + SHA + "\"},\"size\":11},"
        + "{\"filename\":\"demo-2.0.zip\",\"url\":\"demo-2.0.zip\",\"hashes\":{},\"yanked\":\"\\\"<script> broke it\","
        + "\"dist-info-metadata\":true,\"gpg-sig\":true,\"size\":12}],"
        + "\"versions\":[\"1.0\",\"2.0\"],\"tracks\":[\"https://pypi.org/simple/demo/\"]}";
    ProjectPage fromJson = Pages.json(json);
    ProjectPage fromHtml = Pages.parsed(PageParser.parseProject(HtmlRenderer.renderProject(fromJson), "text/html",
        Pages.PAGE, "demo"));
    // HTML carries no sizes, upload times, versions or serial (PEP 700 is JSON-only).
    List<DistFile> htmlFields = fromJson.files().stream()
        .map(f -> new DistFile(f.filename(), f.url(), f.hashes(), f.requiresPython(), f.yanked(), f.coreMetadata(),
            f.gpgSig(), null, null))
        .toList();
    assertEquals(new ProjectPage("demo", htmlFields, List.of(), fromJson.tracks(), List.of(), null), fromHtml);
    assertEquals(3, fromHtml.files().size());
  }

  @Test
  void mirrorRewrittenUrls_relativeLinksSurviveBothFormats() {
    // The web layer points files at the mirror with relative URLs; a client resolves them against the mirror page.
    DistFile f = new DistFile("demo-1.0.tar.gz", "../../files/" + SHA + "/demo-1.0.tar.gz", Map.of("sha256", SHA),
        ">=3.9", "", new CoreMetadata(Map.of()), null, 3L, null);
    ProjectPage page = new ProjectPage("demo", List.of(f));
    String expectedUrl = "https://mirror.example/files/" + SHA + "/demo-1.0.tar.gz";
    ProjectPage viaHtml = Pages.parsed(PageParser.parseProject(HtmlRenderer.renderProject(page), Format.HTML.mediaType(),
        MIRROR, "demo"));
    ProjectPage viaJson = Pages.parsed(PageParser.parseProject(JsonRenderer.renderProject(page), Format.JSON.mediaType(),
        MIRROR, "demo"));
    assertEquals(expectedUrl, viaHtml.files().get(0).url());
    assertEquals(expectedUrl, viaJson.files().get(0).url());
    assertEquals(f.withUrl(expectedUrl), viaJson.files().get(0));
  }

  @Test
  void root_bothFormats_sameNames() {
    ProjectList list = new ProjectList(List.of("requests", "Foo.Bar__baz", "zope.interface"));
    assertEquals(list, Pages.parsed(PageParser.parseRoot(RootRendering.of(list).finish().html().toByteArray(),
        "text/html")));
    assertEquals(list, Pages.parsed(PageParser.parseRoot(RootRendering.of(list).finish().json().toByteArray(),
        Pages.JSON)));
  }
}
