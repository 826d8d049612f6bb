package dev.pantry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.SharedBackends;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code pantry migrate}: a single node's cache into a cluster's PostgreSQL and bucket, verified and resumable. */
final class MigrateCommandTest {
  static final Wheel LIB = WheelBuilder.build("move-lib", "1.0", List.of(), null);
  static final Wheel TOOL = WheelBuilder.build("move-tool", "2.0", List.of(), null);

  @TempDir Path dir;
  private SharedBackends shared;
  private FakeUpstream upstream;
  private TestMirror cluster;
  private Path target;

  @BeforeEach
  void start() throws Exception {
    shared = SharedBackends.start(dir, "m/");
    target = shared.writeConfig(dir);
    upstream = FakeUpstream.start(TestMirror.USER, TestMirror.TOKEN);
    upstream.addPrivate(LIB);
    upstream.addPrivate(TOOL);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {cluster, upstream, shared}) {
      if (c != null) {
        c.close();
      }
    }
  }

  /** A single node that cached both wheels, then stopped; returns its data directory. */
  private Path singleNode() throws Exception {
    Path data = dir.resolve("single");
    try (TestMirror single = TestMirror.on(data).upstream(upstream).start()) {
      single.download(LIB);
      single.download(TOOL);
    }
    return data;
  }

  @Test
  void migrate_copiesEveryBlobAndOwner_andTheClusterServesThemAsHits_andASecondRunCopiesNothing() throws Exception {
    Path data = singleNode();
    int fetches = upstream.count("storage", "/" + LIB.sha256());

    TestMirror.Run run = TestMirror.cli(data, "migrate", "--to", target.toString(), "--no-progress");

    assertEquals(0, run.code(), run.out() + run.err());
    assertTrue(run.out().startsWith("Copied 2 files"), run.out());
    assertFalse(shared.anySecretIn(run.out() + run.err()));
    cluster = TestMirror.on(dir.resolve("replica")).upstream(upstream).config(shared.config()).start();
    HttpResponse<byte[]> hit = cluster.get(cluster.filePath(LIB));
    assertEquals("HIT", TestMirror.header(hit, "X-Pantry-Cache"), TestMirror.text(hit));
    assertEquals(fetches, upstream.count("storage", "/" + LIB.sha256()));
    assertEquals("main", cluster.server().pantry().ownership().owner("move-lib").orElseThrow().upstreamId());

    TestMirror.Run again = TestMirror.cli(data, "migrate", "--to", target.toString(), "--no-progress");
    assertEquals(0, again.code(), again.out() + again.err());
    assertTrue(again.out().startsWith("Copied 0 files") && again.out().contains("2 were there already"),
        again.out());
  }

  @Test
  void migrate_aRottenBlob_isLeftOutAndReported_withExitCode1() throws Exception {
    Path data = singleNode();
    Path blob;
    try (TestMirror reopened = TestMirror.on(data).upstream(upstream).start()) {
      blob = reopened.blobFile(TOOL.sha256());
    }
    byte[] bytes = Files.readAllBytes(blob);
    bytes[10] ^= 1;
    Files.write(blob, bytes);

    TestMirror.Run run = TestMirror.cli(data, "migrate", "--to", target.toString(), "--no-progress");

    assertEquals(1, run.code(), run.out() + run.err());
    assertTrue(run.out().contains("not copied: " + TOOL.sha256()), run.out());
    assertTrue(run.out().startsWith("Copied 1 file ("), run.out());
  }

  @Test
  void migrate_toAConfigWithoutSharedBackends_isRefusedWithTheReason() throws Exception {
    Path data = singleNode();
    Path plain = dir.resolve("plain.properties");
    Files.writeString(plain, "upstream.main.url = https://pypi.org/simple/\n");

    TestMirror.Run run = TestMirror.cli(data, "migrate", "--to", plain.toString());

    assertEquals(2, run.code(), run.err());
    assertTrue(run.err().contains("must name a cluster's shared backends"), run.err());
  }
}
