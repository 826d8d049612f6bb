package dev.pantry.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;

class WheelBuilderTest {

  @Test
  void build_anyWheel_hasExpectedEntriesInOrder() throws IOException {
    Wheel wheel = WheelBuilder.build("demo", "1.0", List.of(), null);

    Map<String, byte[]> entries = unzip(wheel.bytes());

    assertEquals(
        List.of(
            "demo/__init__.py",
            "demo-1.0.dist-info/METADATA",
            "demo-1.0.dist-info/WHEEL",
            "demo-1.0.dist-info/RECORD"),
        List.copyOf(entries.keySet()));
    assertEquals("VERSION = \"1.0\"\n", text(entries.get("demo/__init__.py")));
    assertTrue(text(entries.get("demo-1.0.dist-info/WHEEL")).contains("Tag: py3-none-any\n"));
    assertTrue(text(entries.get("demo-1.0.dist-info/WHEEL")).contains("Root-Is-Purelib: true\n"));
  }

  @Test
  void build_anyWheel_recordHashesAndSizesMatchEntries() throws IOException {
    Wheel wheel = WheelBuilder.build("demo", "2.0", List.of("other>=1"), ">=3.8");
    Map<String, byte[]> entries = unzip(wheel.bytes());

    List<String> lines = text(entries.get("demo-2.0.dist-info/RECORD")).lines().toList();

    assertEquals(4, lines.size());
    for (String line : lines.subList(0, 3)) {
      String[] parts = line.split(",", -1);
      byte[] data = entries.get(parts[0]);
      assertEquals(WheelBuilder.recordHash(data), parts[1], line);
      assertEquals(String.valueOf(data.length), parts[2], line);
      assertTrue(parts[1].matches("sha256=[A-Za-z0-9_-]{43}"), "urlsafe base64 without padding: " + line);
    }
    assertEquals("demo-2.0.dist-info/RECORD,,", lines.get(3));
  }

  @Test
  void build_withRequirements_metadataListsThemAndMatchesRecordField() throws IOException {
    Wheel wheel = WheelBuilder.build("demo", "2.0", List.of("other>=1", "third; extra == 'x'"), ">=3.8");

    String metadata = text(wheel.metadata());

    assertTrue(metadata.startsWith("Metadata-Version: 2.1\nName: demo\nVersion: 2.0\n"), metadata);
    assertTrue(metadata.contains("Requires-Dist: other>=1\n"), metadata);
    assertTrue(metadata.contains("Requires-Dist: third; extra == 'x'\n"), metadata);
    assertTrue(metadata.contains("Requires-Python: >=3.8\n"), metadata);
    assertEquals(">=3.8", wheel.requiresPython());
    assertArrayEquals(wheel.metadata(), unzip(wheel.bytes()).get("demo-2.0.dist-info/METADATA"));
    assertEquals(WheelBuilder.sha256Hex(wheel.metadata()), wheel.metadataSha256());
    assertEquals(WheelBuilder.sha256Hex(wheel.bytes()), wheel.sha256());
  }

  @Test
  void build_nameWithSeparatorsAndCapitals_escapesFilenameAndDirectories() throws IOException {
    Wheel wheel = WheelBuilder.build("My.Fancy-Pkg", "1.0", List.of(), null);

    assertEquals("my_fancy_pkg-1.0-py3-none-any.whl", wheel.filename());
    assertEquals("my-fancy-pkg", wheel.normalizedProject());
    assertTrue(unzip(wheel.bytes()).containsKey("my_fancy_pkg-1.0.dist-info/METADATA"));
    assertTrue(text(wheel.metadata()).contains("Name: My.Fancy-Pkg\n"));
    assertNull(wheel.requiresPython());
  }

  @Test
  void build_sameInputsTwice_givesIdenticalBytes() {
    Wheel first = WheelBuilder.build("demo", "1.0", List.of("x"), null);
    Wheel second = WheelBuilder.build("demo", "1.0", List.of("x"), null);

    assertEquals(first.sha256(), second.sha256());
    assertEquals(first, second);
  }

  @Test
  void build_invalidName_throws() {
    assertThrows(IllegalArgumentException.class, () -> WheelBuilder.build("-bad", "1.0", List.of(), null));
    assertThrows(IllegalArgumentException.class, () -> WheelBuilder.build("ok", "1 0", List.of(), null));
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
        entries.put(e.getName(), in.readAllBytes());
      }
    }
    return entries;
  }

  private static String text(byte[] data) {
    return new String(data, StandardCharsets.UTF_8);
  }
}
