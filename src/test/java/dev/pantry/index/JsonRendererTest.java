package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.index.DistFile.CoreMetadata;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonRendererTest {

  private static String render(ProjectPage page) {
    return new String(JsonRenderer.renderProject(page), StandardCharsets.UTF_8);
  }

  @Test
  void renderProject_fullPage_exactJson() {
    DistFile f = new DistFile("demo-1.0.tar.gz", "files/demo-1.0.tar.gz", Map.of("sha256", "ab", "md5", "cd"), ">=3.9",
        "bad \"build\"", new CoreMetadata(Map.of("sha256", "ef")), true, 12L, "2024-01-01T00:00:00Z",
        "https://up.example/integrity/demo/1.0/demo-1.0.tar.gz/provenance");
    ProjectPage page = new ProjectPage("demo", List.of(f), List.of("1.0"), List.of("https://t.example/"),
        List.of("https://alt.example/"), 99L, new ProjectStatus("deprecated", "use demo2"));
    assertEquals("{\"meta\":{\"api-version\":\"1.4\",\"_last-serial\":99},\"name\":\"demo\","
        + "\"project-status\":{\"status\":\"deprecated\",\"reason\":\"use demo2\"},\"files\":[{"
        + "\"filename\":\"demo-1.0.tar.gz\",\"url\":\"files/demo-1.0.tar.gz\",\"hashes\":{\"md5\":\"cd\","
        + "\"sha256\":\"ab\"},\"requires-python\":\">=3.9\",\"yanked\":\"bad \\\"build\\\"\","
        + "\"core-metadata\":{\"sha256\":\"ef\"},\"dist-info-metadata\":{\"sha256\":\"ef\"},\"gpg-sig\":true,"
        + "\"size\":12,\"upload-time\":\"2024-01-01T00:00:00Z\","
        + "\"provenance\":\"https://up.example/integrity/demo/1.0/demo-1.0.tar.gz/provenance\"}],\"versions\":[\"1.0\"],"
        + "\"tracks\":[\"https://t.example/\"],\"alternate-locations\":[\"https://alt.example/\"]}", render(page));
  }

  @Test
  void renderProject_minimalFile_falseDefaultsAndVersion10() {
    DistFile f = new DistFile("a-1.whl", "a-1.whl", Map.of(), null, null, null, null, null, null);
    assertEquals("{\"meta\":{\"api-version\":\"1.0\"},\"name\":\"demo\",\"files\":[{\"filename\":\"a-1.whl\","
        + "\"url\":\"a-1.whl\",\"hashes\":{},\"yanked\":false,\"core-metadata\":false,\"dist-info-metadata\":false}],\"versions\":[]}",
        render(new ProjectPage("demo", List.of(f))));
  }

  @Test
  void renderProject_yankedWithoutReasonAndMetadataWithoutHash_true() {
    DistFile f = new DistFile("a-1.whl", "a-1.whl", Map.of(), null, "", new CoreMetadata(Map.of()), false, null, null);
    String json = render(new ProjectPage("demo", List.of(f)));
    assertTrue(json.contains("\"yanked\":true,\"core-metadata\":true,\"dist-info-metadata\":true,\"gpg-sig\":false"),
        json);
  }

  @Test
  void renderProject_apiVersion_14ExactlyWhenEveryFileIsSized() {
    DistFile sized = new DistFile("a-1.whl", "a", Map.of(), null, null, null, null, 1L, null);
    DistFile unsized = new DistFile("b-1.whl", "b", Map.of(), null, null, null, null, null, null);
    assertTrue(render(new ProjectPage("d", List.of(sized), List.of("1"), List.of(), null)).contains("\"1.4\""));
    assertTrue(render(new ProjectPage("d", List.of(sized, unsized), List.of("1"), List.of(), null)).contains("\"1.0\""));
    assertTrue(render(new ProjectPage("d", List.of(sized), List.of(), List.of(), null)).contains("\"1.4\""));
    String empty = render(new ProjectPage("d", List.of()));
    assertTrue(empty.contains("\"api-version\":\"1.4\"") && empty.contains("\"versions\":[]"), empty);
  }

  @Test
  void rootRendering_names_pep691Shape() {
    assertEquals("{\"meta\":{\"api-version\":\"1.1\"},\"projects\":[{\"name\":\"Foo.Bar\"},{\"name\":\"x\"}]}",
        new String(RootRendering.of(new ProjectList(List.of("Foo.Bar", "x"))).finish().json().toByteArray(),
            StandardCharsets.UTF_8));
  }

  @Test
  void renderProject_nonAscii_utf8Bytes() {
    DistFile f = new DistFile("naïve-1.whl", "a", Map.of(), null, null, null, null, null, null);
    byte[] json = JsonRenderer.renderProject(new ProjectPage("demo", List.of(f)));
    assertTrue(new String(json, StandardCharsets.UTF_8).contains("\"naïve-1.whl\""));
    assertEquals(-1, Utf8.firstInvalid(json));
  }
}
