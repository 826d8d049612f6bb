package dev.pantry.index;

import static dev.pantry.index.Pages.json;
import static dev.pantry.index.Pages.malformed;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.index.DistFile.CoreMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageParserJsonTest {

  private static final String SHA = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

  private static String page(String files) {
    return "{\"meta\":{\"api-version\":\"1.1\",\"_last-serial\":42},\"name\":\"Demo\",\"files\":[" + files + "]}";
  }

  private static DistFile only(ProjectPage page) {
    assertEquals(1, page.files().size(), () -> "files: " + page.files());
    return page.files().get(0);
  }

  @Test
  void parseProject_fullPep691And700Entry_allFieldsRead() {
    ProjectPage page = json("{\"meta\":{\"api-version\":\"1.1\",\"_last-serial\":42},\"name\":\"Demo\",\"files\":[{"
        + "\"filename\":\"demo-1.0-py3-none-any.whl\",\"url\":\"https://files.example/demo-1.0-py3-none-any.whl\","
        + "\"hashes\":{\"sha256\":\"" + SHA.toUpperCase() + "\",\"blake2b_256\":\"ABCD\"},\"requires-python\":\">=3.9\","
        + "\"yanked\":\"broken\",\"core-metadata\":{\"sha256\":\"" + SHA + "\"},\"gpg-sig\":true,\"size\":1234,"
        + "\"upload-time\":\"2024-01-02T03:04:05.678901Z\",\"provenance\":null,\"unknown\":{\"x\":[1,2,{}]}}],"
        + "\"versions\":[\"1.0\"],\"tracks\":[\"https://pypi.org/simple/demo/\"],"
        + "\"alternate-locations\":[\"https://alt.example/simple/demo/\"],\"project-status\":{\"status\":\"active\"}}");
    assertEquals("demo", page.name(), "the caller's normalized name wins");
    assertEquals(42L, page.lastSerial());
    assertEquals(List.of("1.0"), page.versions());
    assertEquals(List.of("https://pypi.org/simple/demo/"), page.tracks());
    assertEquals(List.of("https://alt.example/simple/demo/"), page.alternateLocations());
    DistFile f = only(page);
    assertEquals("demo-1.0-py3-none-any.whl", f.filename());
    assertEquals("https://files.example/demo-1.0-py3-none-any.whl", f.url());
    assertEquals(Map.of("sha256", SHA, "blake2b_256", "abcd"), f.hashes());
    assertEquals(">=3.9", f.requiresPython());
    assertEquals("broken", f.yanked());
    assertEquals(new CoreMetadata(Map.of("sha256", SHA)), f.coreMetadata());
    assertEquals(Boolean.TRUE, f.gpgSig());
    assertEquals(1234L, f.size());
    assertEquals("2024-01-02T03:04:05.678901Z", f.uploadTime());
  }

  @Test
  void parseProject_minimalEntry_optionalFieldsNull() {
    DistFile f = only(json(page("{\"filename\":\"a-1.tar.gz\",\"url\":\"a-1.tar.gz\",\"hashes\":{}}")));
    assertEquals(Map.of(), f.hashes());
    assertNull(f.requiresPython());
    assertNull(f.yanked());
    assertNull(f.coreMetadata());
    assertNull(f.gpgSig());
    assertNull(f.size());
    assertNull(f.uploadTime());
  }

  @Test
  void parseProject_yankedForms_mapped() {
    List<DistFile> files = json(page(
        "{\"filename\":\"a-1.whl\",\"url\":\"a\",\"hashes\":{},\"yanked\":false},"
            + "{\"filename\":\"b-1.whl\",\"url\":\"b\",\"hashes\":{},\"yanked\":true},"
            + "{\"filename\":\"c-1.whl\",\"url\":\"c\",\"hashes\":{},\"yanked\":\"bad <build>\"},"
            + "{\"filename\":\"d-1.whl\",\"url\":\"d\",\"hashes\":{},\"yanked\":\"\"}")).files();
    assertNull(files.get(0).yanked());
    assertEquals("", files.get(1).yanked());
    assertEquals("bad <build>", files.get(2).yanked());
    assertNull(files.get(3).yanked(), "an empty reason is falsy, as pip reads it");
  }

  @Test
  void parseProject_metadataForms_bothKeysCoreWins() {
    List<DistFile> files = json(page(
        "{\"filename\":\"a-1.whl\",\"url\":\"a\",\"hashes\":{},\"core-metadata\":true},"
            + "{\"filename\":\"b-1.whl\",\"url\":\"b\",\"hashes\":{},\"dist-info-metadata\":{\"sha256\":\"" + SHA + "\"}},"
            + "{\"filename\":\"c-1.whl\",\"url\":\"c\",\"hashes\":{},\"core-metadata\":false,\"dist-info-metadata\":true},"
            + "{\"filename\":\"d-1.whl\",\"url\":\"d\",\"hashes\":{},\"dist-info-metadata\":true,\"core-metadata\":"
            + "{\"sha256\":\"" + SHA + "\"}},"
            + "{\"filename\":\"e-1.whl\",\"url\":\"e\",\"hashes\":{},\"dist-info-metadata\":false}")).files();
    assertEquals(new CoreMetadata(Map.of()), files.get(0).coreMetadata());
    assertEquals(new CoreMetadata(Map.of("sha256", SHA)), files.get(1).coreMetadata());
    assertNull(files.get(2).coreMetadata(), "core-metadata false wins over the legacy key");
    assertEquals(new CoreMetadata(Map.of("sha256", SHA)), files.get(3).coreMetadata());
    assertNull(files.get(4).coreMetadata());
  }

  @Test
  void parseProject_relativeUrl_resolvedAgainstPageAndFragmentHashKept() {
    DistFile f = only(json(page("{\"filename\":\"a-1.whl\",\"url\":\"../../files/a-1.whl#sha256=" + SHA
        + "\",\"hashes\":{}}")));
    assertEquals("https://pypi.example/files/a-1.whl", f.url());
    assertEquals(Map.of("sha256", SHA), f.hashes());
  }

  @Test
  void parseProject_badFilenamesAndSchemes_skipped() {
    List<DistFile> files = json(page(
        "{\"filename\":\"../evil.whl\",\"url\":\"a\",\"hashes\":{}},"
            + "{\"filename\":\"b-1.whl\",\"url\":\"javascript:alert(1)\",\"hashes\":{}},"
            + "{\"filename\":\"c-1.whl\",\"url\":\"file:///etc/passwd\",\"hashes\":{}},"
            + "{\"filename\":\"ok-1.whl\",\"url\":\"ok-1.whl\",\"hashes\":{}}")).files();
    assertEquals(List.of("ok-1.whl"), files.stream().map(DistFile::filename).toList());
  }

  @Test
  void parseProject_nonHexHashValues_dropped() {
    DistFile f = only(json(page("{\"filename\":\"a-1.whl\",\"url\":\"a\",\"hashes\":{\"sha256\":\"zz\",\"bad name\":"
        + "\"ab\",\"md5\":\"AB\"}}")));
    assertEquals(Map.of("md5", "ab"), f.hashes());
  }

  @Test
  void parseProject_noMeta_acceptedAsVersion1() {
    assertTrue(json("{\"files\":[]}").files().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2.0", "0.9", "2", "one", ""})
  void parseProject_apiVersionNotMajor1_malformed(String version) {
    String reason = malformed(Pages.bytes("{\"meta\":{\"api-version\":\"" + version + "\"},\"files\":[]}"), Pages.JSON);
    assertTrue(reason.contains("api-version"), reason);
  }

  @Test
  void parseProject_apiVersion2AfterFiles_stillMalformed() {
    String reason = malformed(Pages.bytes("{\"files\":[],\"meta\":{\"api-version\":\"2.0\"}}"), Pages.JSON);
    assertEquals("unsupported api-version 2.0", reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {"1.0", "1.1", "1.4", "1"})
  void parseProject_apiVersionMajor1_parsed(String version) {
    assertTrue(json("{\"meta\":{\"api-version\":\"" + version + "\"},\"files\":[]}").files().isEmpty());
  }

  @Test
  void parseProject_invalidJson_malformedWithPositionNotBody() {
    String reason = malformed(Pages.bytes("{\"files\": [ {\"filename\": secret-token-xyz } ]}"), Pages.JSON);
    assertTrue(reason.startsWith("invalid JSON at line 1"), reason);
    assertFalse(reason.contains("secret-token-xyz"), reason);
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "", "[]", "\"files\"", "{\"files\":[]", "{\"files\":{}}", "{\"name\":\"demo\"}", "{\"files\":[1]}",
      "{\"files\":[{\"filename\":1,\"url\":\"a\",\"hashes\":{}}]}",
      "{\"files\":[{\"filename\":\"a\",\"url\":\"a\",\"hashes\":[]}]}",
      "{\"files\":[{\"filename\":\"a\",\"url\":\"a\",\"hashes\":{\"sha256\":1}}]}",
      "{\"files\":[{\"filename\":\"a\",\"hashes\":{}}]}",
      "{\"files\":[{\"url\":\"a\",\"hashes\":{}}]}",
      "{\"files\":[{\"filename\":\"a\",\"url\":\"a\",\"yanked\":1}]}",
      "{\"files\":[{\"filename\":\"a\",\"url\":\"a\",\"core-metadata\":\"true\"}]}",
      "{\"files\":[{\"filename\":\"a\",\"url\":\"a\",\"size\":\"12\"}]}",
      "{\"files\":[{\"filename\":\"a\",\"url\":\"a\",\"size\":-1}]}",
      "{\"files\":[{\"filename\":\"a\",\"url\":\"a\",\"gpg-sig\":\"true\"}]}",
      "{\"files\":[],\"versions\":[1]}",
      "{\"files\":[],\"meta\":[]}",
      "{\"files\":[],\"meta\":{\"api-version\":1.0}}",
      "{\"files\":[]} trailing",
      "{\"files\":[]}{}",
  })
  void parseProject_wrongShapeOrTypes_malformed(String body) {
    assertFalse(malformed(Pages.bytes(body), Pages.JSON).isBlank());
  }

  @Test
  void parseProject_notUtf8_malformed() {
    byte[] latin1 = "{\"files\":[],\"name\":\"caf\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);
    assertTrue(malformed(latin1, Pages.JSON).contains("UTF-8"));
    byte[] utf16 = "{\"files\":[]}".getBytes(StandardCharsets.UTF_16LE);
    assertTrue(malformed(utf16, Pages.JSON).contains("UTF-8"));
  }

  @Test
  void parseProject_contentTypes_jsonVariantsReadAsJson() {
    byte[] body = Pages.bytes("{\"files\":[{\"filename\":\"a-1.whl\",\"url\":\"a-1.whl\",\"hashes\":{}}]}");
    for (String type : List.of("application/vnd.pypi.simple.v1+json", "application/json; charset=utf-8",
        "Application/VND.PyPI.Simple.Latest+JSON", "application/problem+json")) {
      ParseResult<ProjectPage> r = PageParser.parseProject(body, type, Pages.PAGE, "demo");
      assertEquals(1, Pages.parsed(r).files().size(), type);
    }
    // Labelled HTML, the same body is refused rather than read as an empty HTML page.
    assertTrue(PageParser.parseProject(body, "application/vnd.pypi.simple.v1+html", Pages.PAGE, "demo")
        instanceof ParseResult.Malformed<ProjectPage>);
  }

  @Test
  void parseProject_nullOptionalValues_treatedAsAbsent() {
    DistFile f = only(json(page("{\"filename\":\"a-1.whl\",\"url\":\"a\",\"hashes\":{},\"requires-python\":null,"
        + "\"yanked\":null,\"core-metadata\":null,\"gpg-sig\":null,\"size\":null,\"upload-time\":null}")));
    assertNull(f.requiresPython());
    assertNull(f.yanked());
    assertNull(f.coreMetadata());
    assertNull(f.size());
  }

  @Test
  void parseRoot_projects_namesKeptInvalidSkipped() {
    String body = "{\"meta\":{\"api-version\":\"1.0\",\"_last-serial\":7},\"projects\":[{\"name\":\"requests\","
        + "\"_last-serial\":3},{\"name\":\"Zope.Interface\"},{\"name\":\"../x\"},{\"other\":1}]}";
    ProjectList list = Pages.parsed(PageParser.parseRoot(Pages.bytes(body), Pages.JSON));
    assertEquals(List.of("requests", "Zope.Interface"), list.names());
  }

  @Test
  void parseRoot_missingProjects_malformed() {
    assertTrue(PageParser.parseRoot(Pages.bytes("{\"meta\":{}}"), Pages.JSON)
        instanceof ParseResult.Malformed<ProjectList> m && m.reason().contains("projects"));
  }

  @Test
  void parseRoot_apiVersion2_malformed() {
    assertTrue(PageParser.parseRoot(Pages.bytes("{\"meta\":{\"api-version\":\"2.0\"},\"projects\":[]}"), Pages.JSON)
        instanceof ParseResult.Malformed<ProjectList>);
  }
}
