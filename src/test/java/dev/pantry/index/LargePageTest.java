package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A PyPI-sized page (30,000 links, about 10 MB) parses completely in both formats. No timing is asserted. */
class LargePageTest {

  static final int LINKS = 30_000;

  /** A page shaped like PyPI's largest: long absolute URLs, sha256 fragments, metadata hashes, requires-python. */
  static byte[] bigHtml() {
    StringBuilder sb = new StringBuilder(LINKS * 360);
    sb.append("<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.1\">"
        + "<title>Links for big</title></head><body><h1>Links for big</h1>\n");
    for (int i = 0; i < LINKS; i++) {
      String sha = String.format("%064x", i * 2654435761L);
      String name = "big_project-1." + i + "-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl";
      sb.append("<a href=\"https://files.pythonhosted.org/packages/").append(sha, 0, 2).append('/').append(sha, 2, 4)
          .append('/').append(sha, 4, 60).append('/').append(name).append("#sha256=").append(sha)
          .append("\" data-requires-python=\"&gt;=3.8\" data-dist-info-metadata=\"sha256=").append(sha)
          .append("\" data-core-metadata=\"sha256=").append(sha).append("\">").append(name).append("</a><br />\n");
    }
    return sb.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parseProject_30kLinkHtml_allLinksParsed() {
    byte[] body = bigHtml();
    assertTrue(body.length > 9_000_000, "page is " + body.length + " bytes");
    ProjectPage page = Pages.parsed(PageParser.parseProject(body, "text/html", Pages.PAGE, "big"));
    assertEquals(LINKS, page.files().size());
    DistFile last = page.files().get(LINKS - 1);
    assertEquals("big_project-1." + (LINKS - 1) + "-cp312-cp312-manylinux_2_17_x86_64.manylinux2014_x86_64.whl",
        last.filename());
    assertEquals(String.format("%064x", (LINKS - 1) * 2654435761L), last.sha256());
  }

  @Test
  void renderAndParse_30kLinkJson_allLinksParsed() {
    ProjectPage page = Pages.parsed(PageParser.parseProject(bigHtml(), "text/html", Pages.PAGE, "big"));
    byte[] json = JsonRenderer.renderProject(page);
    ProjectPage again = Pages.parsed(PageParser.parseProject(json, Pages.JSON, Pages.PAGE, "big"));
    assertEquals(page, again);
    byte[] html = HtmlRenderer.renderProject(again);
    List<DistFile> files = Pages.parsed(PageParser.parseProject(html, "text/html", Pages.PAGE, "big")).files();
    assertEquals(page.files(), files);
  }
}
