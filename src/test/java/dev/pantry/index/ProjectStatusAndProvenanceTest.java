package dev.pantry.index;

import static dev.pantry.index.Pages.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** PEP 792 project status and PEP 740 provenance: parsed in both formats and both status forms, kept as given. */
final class ProjectStatusAndProvenanceTest {
  private static final String FILE = "{\"filename\":\"demo-1.0.tar.gz\",\"url\":\"https://f.example/demo-1.0.tar.gz\","
      + "\"hashes\":{}%s}";

  private static ProjectPage html(String head, String anchorAttrs) {
    String page = "<!DOCTYPE html><html><head>" + head + "</head><body><a href=\"https://f.example/demo-1.0.tar.gz\""
        + anchorAttrs + ">demo-1.0.tar.gz</a></body></html>";
    return ((ParseResult.Parsed<ProjectPage>) PageParser.parseProject(page.getBytes(StandardCharsets.UTF_8),
        "text/html", URI.create("https://up.example/simple/demo/"), "demo")).value();
  }

  @Test
  void parseProject_jsonStatusObject_statusAndReasonKept() {
    ProjectPage page = json("{\"meta\":{\"api-version\":\"1.4\"},\"name\":\"demo\",\"files\":[],"
        + "\"project-status\":{\"status\":\"Quarantined\",\"reason\":\"malware report\"}}");

    assertEquals(new ProjectStatus("quarantined", "malware report"), page.status());
    assertTrue(page.quarantined());
  }

  @Test
  void parseProject_jsonStatusInMeta_theSpecExampleForm_isRead() {
    ProjectPage page = json("{\"meta\":{\"api-version\":\"1.4\",\"project-status\":{\"status\":\"archived\"}},"
        + "\"name\":\"demo\",\"files\":[]}");

    assertEquals("archived", page.status().status());
    assertFalse(page.quarantined());
  }

  @Test
  void parseProject_jsonStatusAsBareString_isRead() {
    assertEquals("deprecated", json("{\"meta\":{\"api-version\":\"1.4\"},\"name\":\"demo\",\"files\":[],"
        + "\"project-status\":\"deprecated\"}").status().status());
  }

  @ParameterizedTest
  @ValueSource(strings = {"42", "[\"quarantined\"]", "{\"status\":7}", "\"<script>\"", "null"})
  void parseProject_unreadableStatus_isIgnoredAndThePageStillParses(String value) {
    ProjectPage page = json("{\"meta\":{\"api-version\":\"1.4\"},\"name\":\"demo\",\"files\":["
        + FILE.formatted("") + "],\"project-status\":" + value + "}");

    assertNull(page.status());
    assertEquals(1, page.files().size());
  }

  @Test
  void parseProject_htmlStatusMeta_statusAndReasonKept() {
    ProjectPage page = html("<meta name=\"pypi:project-status\" content=\"quarantined\">"
        + "<meta name=\"pypi:project-status-reason\" content=\"under review\">", "");

    assertEquals(new ProjectStatus("quarantined", "under review"), page.status());
  }

  @Test
  void parseProject_httpsProvenance_keptUnchangedInBothFormats() {
    String url = "https://up.example/integrity/demo/1.0/demo-1.0.tar.gz/provenance";
    ProjectPage j = json("{\"meta\":{\"api-version\":\"1.3\"},\"name\":\"demo\",\"files\":["
        + FILE.formatted(",\"provenance\":\"" + url + "\"") + "]}");
    ProjectPage h = html("", " data-provenance=\"" + url + "\"");

    assertEquals(url, j.files().get(0).provenance());
    assertEquals(url, h.files().get(0).provenance());
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://up.example/provenance", "/integrity/demo/provenance", "javascript:alert(1)", ""})
  void parseProject_provenanceThatIsNotAbsoluteHttps_isDropped(String url) {
    ProjectPage j = json("{\"meta\":{\"api-version\":\"1.3\"},\"name\":\"demo\",\"files\":["
        + FILE.formatted(",\"provenance\":\"" + url + "\"") + "]}");
    ProjectPage h = html("", " data-provenance=\"" + url + "\"");

    assertNull(j.files().get(0).provenance());
    assertNull(h.files().get(0).provenance());
  }

  @Test
  void roundTrip_statusAndProvenance_surviveBothRenderings() {
    String url = "https://up.example/integrity/demo/1.0/demo-1.0.tar.gz/provenance";
    ProjectPage page = html("<meta name=\"pypi:project-status\" content=\"archived\">",
        " data-provenance=\"" + url + "\"");

    ProjectPage fromJson = json(new String(JsonRenderer.renderProject(page), StandardCharsets.UTF_8));
    assertEquals(page.status(), fromJson.status());
    assertEquals(url, fromJson.files().get(0).provenance());
    String html = new String(HtmlRenderer.renderProject(fromJson), StandardCharsets.UTF_8);
    assertTrue(html.contains("data-provenance=\"" + url + "\""), html);
    assertTrue(html.contains("<meta name=\"pypi:project-status\" content=\"archived\">"), html);
  }
}
