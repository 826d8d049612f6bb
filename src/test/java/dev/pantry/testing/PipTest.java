package dev.pantry.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Proves the built wheels and the fake public index are good enough for real pip. Skipped without pip. */
class PipTest {

  static final Duration TIMEOUT = Duration.ofSeconds(120);
  static final Wheel WHEEL = WheelBuilder.build("Pantry_Demo", "1.2.3", List.of("absl-py>=1"), ">=3.7");

  static final Wheel PRIVATE = WheelBuilder.build("secret-lib", "1.0", List.of(), null);

  static FakeUpstream upstream;

  @BeforeAll
  static void start() {
    assumeTrue(Pip.available(), "python3 -m pip is not available");
    upstream = FakeUpstream.start("deploy", "s3cret");
    upstream.addPublic(WHEEL);
    upstream.addPrivate(PRIVATE);
  }

  @BeforeEach
  void clearLog() {
    upstream.reset();
  }

  @AfterAll
  static void stop() {
    if (upstream != null) {
      upstream.close();
    }
  }

  @Test
  void download_fromPublicIndex_savesTheExactWheel(@TempDir Path dir) throws Exception {
    Pip.Result result = Pip.run(dir, TIMEOUT, "download", "--no-deps", "--index-url",
        upstream.publicIndexUrl().toString(), "--dest", dir.resolve("out").toString(), "pantry-demo==1.2.3");

    assertEquals(0, result.exitCode(), result.output());
    assertArrayEquals(WHEEL.bytes(), Files.readAllBytes(dir.resolve("out").resolve(WHEEL.filename())));
    assertTrue(upstream.count("public", "/simple/pantry-demo/") >= 1, upstream.requests().toString());
    // pip 23.2+ fetches the PEP 658 metadata file first and checks its hash: the fake's metadata is accepted.
    assertEquals(1, upstream.count("public", ".whl.metadata"), upstream.requests().toString());
  }

  @Test
  void download_fromPrivateRegistryWithCredentials_followsStorageRedirectWithoutAuth(@TempDir Path dir)
      throws Exception {
    String index = upstream.registryIndexUrl().toString().replace("http://", "http://deploy:s3cret@");

    Pip.Result result = Pip.run(dir, TIMEOUT, "download", "--no-deps", "--index-url", index,
        "--dest", dir.resolve("out").toString(), "secret-lib==1.0");

    assertEquals(0, result.exitCode(), result.output());
    assertArrayEquals(PRIVATE.bytes(), Files.readAllBytes(dir.resolve("out").resolve(PRIVATE.filename())));
    assertTrue(upstream.count("storage", PRIVATE.sha256()) >= 1, upstream.requests().toString());
  }

  @Test
  void installTarget_fromPublicIndex_installsPackageWithItsVersion(@TempDir Path dir) throws Exception {
    Pip.Result result = Pip.run(dir, TIMEOUT, "install", "--no-deps", "--no-compile", "--index-url",
        upstream.publicIndexUrl().toString(), "--target", dir.resolve("site").toString(), "Pantry.Demo");

    assertEquals(0, result.exitCode(), result.output());
    assertEquals("VERSION = \"1.2.3\"\n",
        Files.readString(dir.resolve("site").resolve("pantry_demo").resolve("__init__.py")));
    assertTrue(Files.isDirectory(dir.resolve("site").resolve("pantry_demo-1.2.3.dist-info")));
  }

  @Test
  void run_projectOnlyInMachineConfigIndexes_isNotFound(@TempDir Path dir) {
    // The machine's pip config adds extra indexes and find-links; an isolated pip must see only --index-url.
    Pip.Result result = Pip.run(dir, TIMEOUT, "download", "--no-deps", "--index-url",
        upstream.publicIndexUrl().toString(), "--dest", dir.toString(), "absl-py");

    assertNotEquals(0, result.exitCode(), result.output());
    assertTrue(result.output().contains("No matching distribution"), result.output());
  }

  @Test
  void run_pastTimeout_isKilledAndReportsTimedOut(@TempDir Path dir) {
    upstream.stall(Duration.ofSeconds(60));
    try {
      Pip.Result result = Pip.run(dir, Duration.ofSeconds(3), "download", "--no-deps", "--retries", "0",
          "--timeout", "50", "--index-url", upstream.publicIndexUrl().toString(), "--dest", dir.toString(),
          "pantry-demo");

      assertTrue(result.timedOut(), result.output());
      assertEquals(Pip.TIMED_OUT, result.exitCode());
    } finally {
      upstream.stall(Duration.ZERO);
    }
  }
}
