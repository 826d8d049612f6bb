package dev.pantry.mirror;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pantry.testing.Pip;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end with the machine's real pip: the mirror holds the registry credentials, pip holds none and talks only to
 * the mirror. Skipped where pip is not available.
 */
class MirrorPipTest {
  static final Duration TIMEOUT = Duration.ofSeconds(180);
  static final Wheel LIB_10 = WheelBuilder.build("pantry-lib", "1.0", List.of(), ">=3.7");
  static final Wheel LIB_11 = WheelBuilder.build("pantry-lib", "1.1", List.of(), ">=3.7");
  static final Wheel LIB_12_YANKED = WheelBuilder.build("pantry-lib", "1.2", List.of(), ">=3.7");
  static final Wheel APP = WheelBuilder.build("pantry-app", "1.0", List.of("pantry-lib>=1.0"), ">=3.7");
  static final Wheel PUBLIC_TOOL = WheelBuilder.build("open-tool", "3.0", List.of(), null);

  @TempDir
  Path data;

  TestMirror mirror;

  @BeforeAll
  static void needPip() {
    assumeTrue(Pip.available(), "python3 -m pip is not available");
  }

  /** A mirror per test, so each proves its own downloads went through storage and the mirror's cache. */
  @BeforeEach
  void start() throws Exception {
    mirror = TestMirror.on(data).credentials(TestMirror.basic()).start();
    mirror.upstream.addPrivate(LIB_10);
    mirror.upstream.addPrivate(LIB_11);
    mirror.upstream.addPrivate(LIB_12_YANKED, "broken release");
    mirror.upstream.addPrivate(APP);
    mirror.upstream.addPublic(PUBLIC_TOOL);
  }

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
  }

  private Pip.Result pip(Path dir, String... args) {
    String[] all = Stream.concat(Stream.of(args), Stream.of("--index-url", mirror.uri("simple/").toString()))
        .toArray(String[]::new);
    return Pip.run(dir, TIMEOUT, all);
  }

  /** Filename to sha256 of every file pip left in {@code dir}. */
  private static Map<String, String> hashes(Path dir) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        out.put(f.getFileName().toString(), Wheels.sha256(Files.readAllBytes(f)));
      }
    }
    return out;
  }

  private void assertStorageNeverSawCredentials() {
    List<String> storageSaw = mirror.credentialsSeenBy("storage");
    assertFalse(storageSaw.isEmpty(), "files came from storage");
    storageSaw.forEach(seen -> assertEquals("Authorization=null PRIVATE-TOKEN=null", seen));
    mirror.credentialsSeenBy("registry").forEach(seen -> assertEquals(
        "Authorization=" + TestMirror.BASIC + " PRIVATE-TOKEN=null", seen));
  }

  @Test
  void downloadNoDeps_getsTheAppWheelOnly(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");

    Pip.Result result = pip(dir, "download", "--no-deps", "--dest", out.toString(), "pantry-app");

    assertEquals(0, result.exitCode(), result.output());
    assertEquals(Map.of(APP.filename(), APP.sha256()), hashes(out));
    assertStorageNeverSawCredentials();
  }

  @Test
  void download_resolvesTheDependencyToTheNewestUnyankedVersion(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");

    Pip.Result result = pip(dir, "download", "--dest", out.toString(), "pantry-app");

    assertEquals(0, result.exitCode(), result.output());
    assertEquals(Map.of(APP.filename(), APP.sha256(), LIB_11.filename(), LIB_11.sha256()), hashes(out));
    assertStorageNeverSawCredentials();
  }

  @Test
  void installTarget_installsAppAndLibWithTheirVersions(@TempDir Path dir) throws Exception {
    Path site = dir.resolve("site");

    Pip.Result result = pip(dir, "install", "--no-compile", "--target", site.toString(), "pantry-app");

    assertEquals(0, result.exitCode(), result.output());
    assertEquals("VERSION = \"1.0\"\n", Files.readString(site.resolve("pantry_app").resolve("__init__.py")));
    assertEquals("VERSION = \"1.1\"\n", Files.readString(site.resolve("pantry_lib").resolve("__init__.py")));
    assertTrue(Files.isDirectory(site.resolve("pantry_lib-1.1.dist-info")));
    assertFalse(Files.exists(site.resolve("pantry_lib-1.2.dist-info")));
    assertStorageNeverSawCredentials();
  }

  @Test
  void downloadPinnedYanked_isStillAllowedAsPep592Says(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");

    Pip.Result result = pip(dir, "download", "--no-deps", "--dest", out.toString(), "pantry-lib==1.2");

    assertEquals(0, result.exitCode(), result.output());
    assertEquals(Map.of(LIB_12_YANKED.filename(), LIB_12_YANKED.sha256()), hashes(out));
    assertTrue(result.output().contains("broken release"), "pip warns with the yank reason: " + result.output());
  }

  @Test
  void downloadOnlyBinary_publicOnlyProject_comesThroughTheMirror(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out");

    Pip.Result result = pip(dir, "download", "--only-binary", ":all:", "--dest", out.toString(), "open-tool");

    assertEquals(0, result.exitCode(), result.output());
    assertEquals(Map.of(PUBLIC_TOOL.filename(), PUBLIC_TOOL.sha256()), hashes(out));
    assertEquals(1, mirror.upstream.count("public", "/packages/" + PUBLIC_TOOL.filename()),
        mirror.upstream.requests().toString());
    mirror.credentialsSeenBy("public").forEach(seen -> assertEquals("Authorization=null PRIVATE-TOKEN=null", seen));
  }
}
