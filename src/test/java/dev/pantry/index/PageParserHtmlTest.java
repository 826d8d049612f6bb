package dev.pantry.index;

import static dev.pantry.index.Pages.html;
import static dev.pantry.index.Pages.htmlPage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.index.DistFile.CoreMetadata;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageParserHtmlTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private static DistFile only(ProjectPage page) {
    assertEquals(1, page.files().size(), () -> "files: " + page.files());
    return page.files().get(0);
  }

  @Test
  void parseProject_pypiStyleLink_allFieldsRead() {
    ProjectPage page = html(htmlPage("<a href=\"https://files.example/p/demo-1.0-py3-none-any.whl#sha256=" + SHA
        + "\" data-requires-python=\"&gt;=3.9\" data-dist-info-metadata=\"sha256=" + SHA + "\" data-core-metadata=\"sha256="
        + SHA + "\" data-gpg-sig=\"false\">demo-1.0-py3-none-any.whl</a><br>"));
    DistFile f = only(page);
    assertEquals("demo", page.name());
    assertEquals("demo-1.0-py3-none-any.whl", f.filename());
    assertEquals("https://files.example/p/demo-1.0-py3-none-any.whl", f.url());
    assertEquals(Map.of("sha256", SHA), f.hashes());
    assertEquals(">=3.9", f.requiresPython());
    assertNull(f.yanked());
    assertEquals(new CoreMetadata(Map.of("sha256", SHA)), f.coreMetadata());
    assertEquals(Boolean.FALSE, f.gpgSig());
    assertNull(f.size());
    assertNull(f.uploadTime());
  }

  @Test
  void parseProject_relativeHref_resolvedAgainstFinalUrl() {
    // The page was redirected into another directory; links are relative to where it ended up.
    URI finalUrl = URI.create("https://mirror.example/root/pypi/+simple/demo/");
    DistFile f = only(html(htmlPage("<a href=\"../../+f/ab/cd/demo-1.0.tar.gz#sha256=" + SHA + "\">demo-1.0.tar.gz</a>"),
        finalUrl));
    assertEquals("https://mirror.example/root/pypi/+f/ab/cd/demo-1.0.tar.gz", f.url());
    assertEquals(SHA, f.sha256());
  }

  @Test
  void parseProject_siblingAndRootRelativeHrefs_resolved() {
    URI finalUrl = URI.create("https://host.example/a/b/index.html?x=1");
    List<DistFile> files = html(htmlPage("<a href=\"demo-1.0.tar.gz\">demo-1.0.tar.gz</a>"
        + "<a href=\"/files/demo-2.0.tar.gz\">demo-2.0.tar.gz</a>"
        + "<a href=\"//cdn.example/demo-3.0.tar.gz\">demo-3.0.tar.gz</a>"
        + "<a href=\"../../../../demo-4.0.tar.gz\">demo-4.0.tar.gz</a>"), finalUrl).files();
    assertEquals(List.of("https://host.example/a/b/demo-1.0.tar.gz", "https://host.example/files/demo-2.0.tar.gz",
        "https://cdn.example/demo-3.0.tar.gz", "https://host.example/demo-4.0.tar.gz"),
        files.stream().map(DistFile::url).toList());
  }

  @Test
  void parseProject_pageUrlWithoutPath_relativeLinkGetsSlash() {
    DistFile f = only(html(htmlPage("<a href=\"demo-1.0.tar.gz\">demo-1.0.tar.gz</a>"),
        URI.create("http://host.example")));
    assertEquals("http://host.example/demo-1.0.tar.gz", f.url());
  }

  @Test
  void parseProject_baseHref_linksResolveAgainstBase() {
    String body = "<html><head><base href=\"/packages/demo/\"></head><body>"
        + "<a href=\"demo-1.0.tar.gz\">demo-1.0.tar.gz</a></body></html>";
    DistFile f = only(html(body, URI.create("https://host.example/simple/demo/")));
    assertEquals("https://host.example/packages/demo/demo-1.0.tar.gz", f.url());
  }

  @Test
  void parseProject_absoluteBaseHref_onlyFirstBaseCounts() {
    String body = "<html><head><base href=\"https://cdn.example/x/\"><base href=\"https://other.example/\"></head>"
        + "<body><a href=\"demo-1.0.tar.gz\">demo-1.0.tar.gz</a></body></html>";
    assertEquals("https://cdn.example/x/demo-1.0.tar.gz", only(html(body)).url());
  }

  @Test
  void parseProject_baseAfterTheLinks_stillAppliesToEveryLink() {
    // The page is streamed and each anchor leaves the tree once read; a late <base> must still count, as in a DOM.
    String body = "<html><body><a href=\"demo-1.0.tar.gz\">demo-1.0.tar.gz</a><br>"
        + "<a href=\"demo-1.1.tar.gz\"><b>demo-1.1</b>.tar.gz</a>"
        + "<base href=\"https://cdn.example/x/\"></body></html>";
    List<DistFile> files = html(body).files();
    assertEquals(List.of("demo-1.0.tar.gz", "demo-1.1.tar.gz"), files.stream().map(DistFile::filename).toList());
    assertEquals(List.of("https://cdn.example/x/demo-1.0.tar.gz", "https://cdn.example/x/demo-1.1.tar.gz"),
        files.stream().map(DistFile::url).toList());
  }

  @Test
  void parseProject_fragments_becomeLowercaseHashesAndLeaveUrl() {
    List<DistFile> files = html(htmlPage(
        "<a href=\"a-1.tar.gz#SHA256=" + SHA.toUpperCase() + "\">a-1.tar.gz</a>"
            + "<a href=\"b-1.tar.gz#md5=D41D8CD98F00B204E9800998ECF8427E\">b-1.tar.gz</a>"
            + "<a href=\"c-1.tar.gz#egg=c\">c-1.tar.gz</a>"
            + "<a href=\"d-1.tar.gz#sha512=nothex\">d-1.tar.gz</a>")).files();
    assertEquals(4, files.size());
    assertEquals(Map.of("sha256", SHA), files.get(0).hashes());
    assertEquals(Map.of("md5", "d41d8cd98f00b204e9800998ecf8427e"), files.get(1).hashes());
    assertEquals(Map.of(), files.get(2).hashes());
    assertEquals(Map.of(), files.get(3).hashes());
    files.forEach(f -> assertFalse(f.url().contains("#"), f.url()));
  }

  @Test
  void parseProject_yankedBare_yankedWithEmptyReason() {
    assertEquals("", only(html(htmlPage("<a href=\"a-1.tar.gz\" data-yanked>a-1.tar.gz</a>"))).yanked());
    assertEquals("", only(html(htmlPage("<a href=\"a-1.tar.gz\" data-yanked=\"\">a-1.tar.gz</a>"))).yanked());
  }

  @Test
  void parseProject_yankedWithReason_reasonUnescaped() {
    DistFile f = only(html(htmlPage("<a href=\"a-1.tar.gz\" data-yanked=\"broken &lt;b&gt; &amp; &quot;bad&quot;\">"
        + "a-1.tar.gz</a>")));
    assertEquals("broken <b> & \"bad\"", f.yanked());
  }

  @Test
  void parseProject_metadataVariants_mappedPerPep714() {
    List<DistFile> files = html(htmlPage(
        "<a href=\"a-1.whl\" data-core-metadata=\"true\">a-1.whl</a>"
            + "<a href=\"b-1.whl\" data-dist-info-metadata=\"sha256=" + SHA + "\">b-1.whl</a>"
            + "<a href=\"c-1.whl\" data-core-metadata=\"false\">c-1.whl</a>"
            + "<a href=\"d-1.whl\">d-1.whl</a>"
            + "<a href=\"e-1.whl\" data-core-metadata=\"sha256=" + SHA + "\" data-dist-info-metadata=\"true\">e-1.whl</a>"
            + "<a href=\"f-1.whl\" data-dist-info-metadata=\"true\">f-1.whl</a>")).files();
    assertEquals(new CoreMetadata(Map.of()), files.get(0).coreMetadata());
    assertEquals(new CoreMetadata(Map.of("sha256", SHA)), files.get(1).coreMetadata());
    assertNull(files.get(2).coreMetadata());
    assertNull(files.get(3).coreMetadata());
    assertEquals(new CoreMetadata(Map.of("sha256", SHA)), files.get(4).coreMetadata(), "core-metadata wins");
    assertEquals(new CoreMetadata(Map.of()), files.get(5).coreMetadata());
  }

  @Test
  void parseProject_gpgSig_trueFalseOrAbsent() {
    List<DistFile> files = html(htmlPage("<a href=\"a-1.whl\" data-gpg-sig=\"true\">a-1.whl</a>"
        + "<a href=\"b-1.whl\" data-gpg-sig=\"false\">b-1.whl</a><a href=\"c-1.whl\">c-1.whl</a>")).files();
    assertEquals(Boolean.TRUE, files.get(0).gpgSig());
    assertEquals(Boolean.FALSE, files.get(1).gpgSig());
    assertNull(files.get(2).gpgSig());
  }

  @Test
  void parseProject_emptyAnchorText_filenameFromDecodedPath() {
    DistFile f = only(html(htmlPage("<a href=\"/f/demo-1.0%2Blocal.tar.gz#sha256=" + SHA + "\"> </a>")));
    assertEquals("demo-1.0+local.tar.gz", f.filename());
    assertEquals("https://pypi.example/f/demo-1.0%2Blocal.tar.gz", f.url());
  }

  @Test
  void parseProject_anchorTextWithWhitespace_trimmed() {
    assertEquals("demo-1.0.tar.gz", only(html(htmlPage("<a href=\"x\">\n  demo-1.0.tar.gz \n</a>"))).filename());
  }

  @Test
  void parseRoot_namesWithSpacesTheNormalisationChanges_sameNamesAsTheDomText() {
    // Non-breaking spaces, a soft hyphen and a zero-width space: jsoup's text drops or collapses them, so names read
    // without its normalisation must take the same path.
    String body = "<a href=\"/a/\">\u00a0alpha\u00a0</a><br><a href=\"/b/\">be\u00adta</a>"
        + "<a href=\"/c/\">gam\u200bma</a><a href=\"/d/\">\tdelta\n</a><a href=\"/e/\">plain-name</a>";

    ProjectList list = Pages.parsed(PageParser.parseRoot(Pages.bytes(body), "text/html"));

    assertEquals(List.of("alpha", "beta", "gamma", "delta", "plain-name"), list.names());
  }

  @Test
  void plain_textWithoutWhitespaceOrInvisibles_trueElseFalse() {
    assertTrue(HtmlPages.plain("demo-1.0.tar.gz"));
    assertFalse(HtmlPages.plain(""));
    assertFalse(HtmlPages.plain(" demo"));
    assertFalse(HtmlPages.plain("de mo"));
    assertFalse(HtmlPages.plain("demo\u00a0"));
    assertFalse(HtmlPages.plain("de\u00admo"));
    assertFalse(HtmlPages.plain("de\u200bmo"));
    assertFalse(HtmlPages.plain("demo\u2003"));
  }

  @Test
  void parseProject_invalidFilenames_skippedNotFatal() {
    List<DistFile> files = html(htmlPage("<a href=\"a\">../../etc/passwd</a><a href=\"b\">.hidden</a>"
        + "<a href=\"c\">a\\b.whl</a><a href=\"/x/\"></a><a href=\"ok-1.tar.gz\">ok-1.tar.gz</a>")).files();
    assertEquals(List.of("ok-1.tar.gz"), files.stream().map(DistFile::filename).toList());
  }

  @Test
  void parseProject_nonHttpLinks_skipped() {
    List<DistFile> files = html(htmlPage("<a href=\"javascript:alert(1)\">a-1.whl</a>"
        + "<a href=\"file:///etc/passwd\">b-1.whl</a><a href=\"data:text/plain,hi\">c-1.whl</a>"
        + "<a href=\"ftp://host/d-1.whl\">d-1.whl</a><a href=\"mailto:x@y\">e-1.whl</a>"
        + "<a href=\"#sha256=" + SHA + "\">f-1.whl</a><a>g-1.whl</a><a href=\"\">h-1.whl</a>"
        + "<a href=\"HTTPS://Host.Example/ok-1.whl\">ok-1.whl</a>")).files();
    assertEquals(List.of("ok-1.whl"), files.stream().map(DistFile::filename).toList());
  }

  @Test
  void parseProject_hrefWithSpacesAndUnicode_percentEncoded() {
    DistFile f = only(html(htmlPage("<a href=\" files/naïve 1.0.tar.gz \">naïve-1.0.tar.gz</a>")));
    assertEquals("https://pypi.example/simple/demo/files/na%C3%AFve%201.0.tar.gz", f.url());
    assertEquals("naïve-1.0.tar.gz", f.filename());
  }

  @Test
  void parseProject_pageWithoutLinks_validEmptyPage() {
    ProjectPage page = html("<html><body><p>nothing yet</p></body></html>");
    assertTrue(page.files().isEmpty());
    assertEquals("demo", page.name());
  }

  @Test
  void parseProject_pep708MetaTags_readVerbatim() {
    ProjectPage page = html("<html><head><meta name=\"pypi:tracks\" content=\"https://pypi.org/simple/demo/\">"
        + "<meta name=\"pypi:alternate-locations\" content=\"https://a.example/simple/demo/\">"
        + "<meta name=\"pypi:alternate-locations\" content=\"https://b.example/simple/demo/\"></head><body></body></html>");
    assertEquals(List.of("https://pypi.org/simple/demo/"), page.tracks());
    assertEquals(List.of("https://a.example/simple/demo/", "https://b.example/simple/demo/"),
        page.alternateLocations());
  }

  @Test
  void parseProject_repositoryVersion2_malformed() {
    String body = "<html><head><meta name=\"pypi:repository-version\" content=\"2.0\"></head><body></body></html>";
    assertTrue(Pages.malformed(Pages.bytes(body), Pages.HTML).contains("2.0"));
  }

  @Test
  void parseProject_jsonBodyLabelledHtml_malformed() {
    assertTrue(Pages.malformed(Pages.bytes("  {\"files\": []}"), "text/html").contains("JSON"));
    assertTrue(Pages.malformed(Pages.bytes("[1,2]"), null).contains("JSON"));
  }

  @Test
  void parseProject_binaryBody_malformed() {
    byte[] gzip = {0x1f, (byte) 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x03};
    assertTrue(Pages.malformed(gzip, "text/html").contains("binary"));
  }

  @Test
  void parseProject_emptyBody_malformed() {
    assertTrue(Pages.malformed(new byte[0], "text/html").contains("empty"));
    assertTrue(Pages.malformed(Pages.bytes(" \n"), "text/html").contains("empty"));
  }

  @Test
  void parseProject_latin1Charset_decodedFromContentType() {
    byte[] body = htmlPage("<a href=\"x.tar.gz\">caf\u00e9-1.0.tar.gz</a>").getBytes(StandardCharsets.ISO_8859_1);
    ProjectPage page = Pages.parsed(PageParser.parseProject(body, "text/html; charset=ISO-8859-1", Pages.PAGE, "demo"));
    assertEquals("caf\u00e9-1.0.tar.gz", only(page).filename());
  }

  @Test
  void parseProject_unknownCharset_fallsBackToUtf8() {
    byte[] body = Pages.bytes(htmlPage("<a href=\"x.tar.gz\">caf\u00e9-1.0.tar.gz</a>"));
    ProjectPage page = Pages.parsed(PageParser.parseProject(body, "text/html; charset=bogus-9", Pages.PAGE, "demo"));
    assertEquals("caf\u00e9-1.0.tar.gz", only(page).filename());
  }

  @Test
  void parseProject_utf8Bom_ignored() {
    byte[] text = Pages.bytes(htmlPage("<a href=\"x.tar.gz\">x-1.0.tar.gz</a>"));
    byte[] body = new byte[text.length + 3];
    body[0] = (byte) 0xEF;
    body[1] = (byte) 0xBB;
    body[2] = (byte) 0xBF;
    System.arraycopy(text, 0, body, 3, text.length);
    assertEquals("x-1.0.tar.gz", only(Pages.parsed(PageParser.parseProject(body, null, Pages.PAGE, "demo"))).filename());
  }

  @Test
  void parseProject_nameArgument_usedAsPageName() {
    ProjectPage page = Pages.parsed(PageParser.parseProject(Pages.bytes(htmlPage("")), "text/html", Pages.PAGE,
        "friendly-bard"));
    assertEquals("friendly-bard", page.name());
  }

  @Test
  void parseRoot_anchors_namesFromTextOrHref() {
    String body = "<html><body><a href=\"/simple/requests/\">requests</a><a href=\"Django/\"></a>"
        + "<a href=\"zope-interface/\">zope.interface</a><a href=\"x/\">not a name!</a><a href=\"/\"></a></body></html>";
    ProjectList list = Pages.parsed(PageParser.parseRoot(Pages.bytes(body), "text/html"));
    assertEquals(List.of("requests", "Django", "zope.interface"), list.names());
  }

  @Test
  void parseRoot_manyAnchorsWithBreaksAndNesting_everyNameInOrder() {
    StringBuilder body = new StringBuilder("<!DOCTYPE html><html><head><meta name=\"pypi:repository-version\" "
        + "content=\"1.1\"></head><body>\n");
    List<String> expected = new java.util.ArrayList<>();
    for (int i = 0; i < 50_000; i++) {
      String name = "proj-" + i;
      expected.add(name);
      body.append(i % 1000 == 0 ? "<p><a href=\"" + name + "/\">" + name + "</a> <span>new</span></p>\n"
          : "<a href=\"" + name + "/\">" + name + "</a><br/>\n");
    }
    body.append("</body></html>\n");

    ProjectList list = Pages.parsed(PageParser.parseRoot(Pages.bytes(body.toString()), "text/html"));

    assertEquals(expected, list.names());
  }

  @Test
  void parseRoot_repositoryVersion2_malformed() {
    String body = "<html><head><meta name=\"pypi:repository-version\" content=\"2.0\"></head><body>"
        + "<a href=\"requests/\">requests</a></body></html>";
    assertTrue(PageParser.parseRoot(Pages.bytes(body), "text/html") instanceof ParseResult.Malformed<ProjectList>);
  }

  @Test
  void parseRoot_jsonBodyAsHtml_malformed() {
    assertTrue(PageParser.parseRoot(Pages.bytes("{}"), "text/html") instanceof ParseResult.Malformed<ProjectList>);
  }
}
