package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.header;
import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.MetadataSettings;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamPolicy;
import dev.pantry.metadata.Database;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Upstream faults: wrong bytes, broken transfers, outages, restarts. Nothing bad is cached; good copies survive. */
class MirrorFaultsTest {
  static final Wheel DEMO = WheelBuilder.build("pantry-demo", "1.0", List.of(), ">=3.8");
  /** Several 64 KiB chunks, so the mirror has streamed part of it before the fault shows. */
  static final Wheel BIG = Wheels.large("pantry-big", "1.0", 3 << 20);

  @TempDir
  Path data;

  TestMirror mirror;

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
  }

  private void start() throws Exception {
    start(c -> c);
  }

  private void start(java.util.function.UnaryOperator<PantryConfig> tweak) throws Exception {
    // Quick retries keep outage tests short; the breaker stays out of the way.
    mirror = TestMirror.on(data).credentials(TestMirror.basic()).config(c -> tweak.apply(c.withPolicy(
        new UpstreamPolicy(2, Duration.ofMillis(10), Duration.ofMillis(20), 100, Duration.ofSeconds(1))))).start();
    mirror.upstream.addPrivate(DEMO);
    mirror.upstream.addPrivate(BIG);
  }

  /** The outcome of a GET that may be cut off: the response, or the exception the client saw. */
  private record Got(HttpResponse<byte[]> response, IOException failure) {
    boolean cleanFullBody(byte[] expected) {
      return response != null && response.statusCode() == 200 && java.util.Arrays.equals(expected, response.body());
    }

    @Override
    public String toString() {
      return response == null ? "aborted: " + failure : response.statusCode() + " " + text(response);
    }
  }

  private Got tryGet(String path) throws InterruptedException {
    try {
      return new Got(mirror.get(path), null);
    } catch (IOException e) {
      return new Got(null, e);
    }
  }

  @Test
  void corruptSmallFile_clientGets502AndNothingIsCached() throws Exception {
    start();
    mirror.get("simple/pantry-demo/");
    mirror.upstream.corruptFile(DEMO.filename());

    Got got = tryGet("files/main/pantry-demo/" + DEMO.filename());

    assertFalse(got.cleanFullBody(DEMO.bytes()), got.toString());
    assertTrue(got.response() == null || got.response().statusCode() == 502, got.toString());
    assertNothingCached(DEMO);
    mirror.upstream.clearFaults();
    HttpResponse<byte[]> again = mirror.get("files/main/pantry-demo/" + DEMO.filename());
    assertEquals(200, again.statusCode(), text(again));
    assertEquals("MISS", header(again, "X-Pantry-Cache"));
    assertArrayEquals(DEMO.bytes(), again.body());
  }

  @Test
  void corruptLargeFile_clientSeesAbortedBodyAndNothingIsCached() throws Exception {
    start();
    mirror.get("simple/pantry-big/");
    mirror.upstream.corruptFile(BIG.filename());

    Got got = tryGet("files/main/pantry-big/" + BIG.filename());

    assertFalse(got.cleanFullBody(BIG.bytes()), got.toString());
    assertTrue(got.response() == null || got.response().body().length < BIG.size(), got.toString());
    assertNothingCached(BIG);
    mirror.upstream.clearFaults();
    HttpResponse<byte[]> again = mirror.get("files/main/pantry-big/" + BIG.filename());
    assertEquals(200, again.statusCode());
    assertArrayEquals(BIG.bytes(), again.body());
  }

  @Test
  void corruptMetadataFile_notServedCleanNorCached() throws Exception {
    start();
    mirror.get("simple/pantry-demo/");
    mirror.upstream.corruptFile(DEMO.metadataFilename());

    Got got = tryGet("files/main/pantry-demo/" + DEMO.metadataFilename());

    assertFalse(got.cleanFullBody(DEMO.metadata()), got.toString());
    assertEquals(0, mirror.blobCount());
  }

  @Test
  void resetMidBodySmallFile_notServedCleanNothingCachedServerHealthy() throws Exception {
    start();
    mirror.get("simple/pantry-demo/");
    mirror.upstream.resetMidBody(DEMO.filename());

    Got got = tryGet("files/main/pantry-demo/" + DEMO.filename());

    assertFalse(got.cleanFullBody(DEMO.bytes()), got.toString());
    // Nothing went out yet when the upstream broke off: an honest 502, never a 500.
    assertTrue(got.response() == null || got.response().statusCode() == 502, got.toString());
    assertNothingCached(DEMO);
    mirror.upstream.clearFaults();
    assertArrayEquals(DEMO.bytes(), mirror.get("files/main/pantry-demo/" + DEMO.filename()).body());
  }

  @Test
  void resetMidBodyLargeFile_clientSeesAbortNothingCachedServerHealthy() throws Exception {
    start();
    mirror.get("simple/pantry-big/");
    mirror.upstream.resetMidBody(BIG.filename());

    Got got = tryGet("files/main/pantry-big/" + BIG.filename());

    assertFalse(got.cleanFullBody(BIG.bytes()), got.toString());
    assertTrue(got.response() == null || got.response().body().length < BIG.size(), got.toString());
    assertNothingCached(BIG);
    assertEquals(List.of(), mirror.filesUnder("tmp"), "the partial download is gone");
    mirror.upstream.clearFaults();
    assertEquals(200, mirror.get("simple/pantry-demo/").statusCode());
    HttpResponse<byte[]> again = mirror.get("files/main/pantry-big/" + BIG.filename());
    assertArrayEquals(BIG.bytes(), again.body());
  }

  @Test
  void stalePage_upstreamDownAfterTtl_servedWithStaleHeader() throws Exception {
    start(c -> c.withPageTtl(Duration.ZERO));
    HttpResponse<byte[]> fresh = mirror.get("simple/pantry-demo/");
    mirror.upstream.down(true);

    HttpResponse<byte[]> stale = mirror.get("simple/pantry-demo/");

    assertEquals(200, fresh.statusCode());
    assertEquals(200, stale.statusCode(), text(stale));
    assertEquals("STALE", header(stale, "X-Pantry-Cache"));
    assertFalse(header(stale, "X-Pantry-Stale").isEmpty());
    assertTrue(mirror.upstream.count("registry", "/simple/pantry-demo/") >= 1, "the upstream was asked");
    assertArrayEquals(fresh.body(), stale.body());
  }

  @Test
  void restart_upstreamGone_pageAndFileStillServed() throws Exception {
    start();
    HttpResponse<byte[]> page = mirror.get("simple/pantry-demo/");
    HttpResponse<byte[]> file = mirror.get("files/main/pantry-demo/" + DEMO.filename());
    mirror.upstream.close();

    mirror.restart(mirror.config());
    HttpResponse<byte[]> pageAfter = mirror.get("simple/pantry-demo/");
    HttpResponse<byte[]> fileAfter = mirror.get("files/main/pantry-demo/" + DEMO.filename());

    assertEquals(200, file.statusCode());
    assertEquals(200, pageAfter.statusCode(), text(pageAfter));
    assertArrayEquals(page.body(), pageAfter.body());
    assertEquals(200, fileAfter.statusCode(), text(fileAfter));
    assertEquals("HIT", header(fileAfter, "X-Pantry-Cache"));
    assertArrayEquals(DEMO.bytes(), fileAfter.body());
  }

  @Test
  void restart_indexLostThePageRow_pageComesBackFromItsBundle() throws Exception {
    start();
    HttpResponse<byte[]> page = mirror.get("simple/pantry-demo/");
    mirror.stopServer(); // a graceful stop finishes the write behind the page's answer
    // What H2 did once to a kill -9 in the middle of large writes: the page's bundle stored, its row gone.
    Database db = Database.open(MetadataSettings.defaults(), data);
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      assertEquals(1, s.executeUpdate("DELETE FROM pages WHERE project = 'pantry-demo'"));
    } finally {
      db.close();
    }
    int asked = mirror.upstream.count("registry", "/simple/pantry-demo/");

    mirror.startServer();
    HttpResponse<byte[]> after = mirror.get("simple/pantry-demo/");

    assertEquals(200, after.statusCode(), text(after));
    assertEquals("HIT", header(after, "X-Pantry-Cache"), "re-indexed from the row its bundle carries");
    assertArrayEquals(page.body(), after.body());
    assertEquals(header(page, "ETag"), header(after, "ETag"));
    assertEquals(asked, mirror.upstream.count("registry", "/simple/pantry-demo/"), "not fetched again");
  }

  @Test
  void restart_ttlPassedAndUpstreamGone_pageServedStale() throws Exception {
    start();
    mirror.get("simple/pantry-demo/");
    mirror.upstream.close();

    mirror.restart(mirror.config().withPageTtl(Duration.ZERO));
    HttpResponse<byte[]> page = mirror.get("simple/pantry-demo/");

    assertEquals(200, page.statusCode(), text(page));
    assertEquals("STALE", header(page, "X-Pantry-Cache"));
  }

  /** No blob and no temp file for {@code w}, and its row is not marked cached. */
  private void assertNothingCached(Wheel w) throws IOException {
    assertEquals(0, mirror.blobCount());
    assertEquals(List.of(), mirror.filesUnder("tmp"));
    Optional<FileRecord> row = row(w);
    assertTrue(row.isPresent(), "the page listed it");
    assertNull(row.get().cachedSha256());
    Got again = tryGetQuietly("files/main/" + w.normalizedProject() + "/" + w.filename());
    assertNotEquals("HIT", again.response() == null ? "" : header(again.response(), "X-Pantry-Cache"));
  }

  private Got tryGetQuietly(String path) {
    try {
      return tryGet(path);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The file's row, as the running server's index has it. */
  private Optional<FileRecord> row(Wheel w) {
    return mirror.server().pantry().backends().meta().findFile(new FileKey("main", w.normalizedProject(),
        w.filename()));
  }
}
