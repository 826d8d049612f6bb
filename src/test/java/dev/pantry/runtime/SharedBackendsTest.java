package dev.pantry.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.maintenance.PruneRules;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.PostgresCluster;
import dev.pantry.testing.SharedBackends;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two mirrors on separate data directories sharing one PostgreSQL database and one bucket, as replicas do: what one
 * caches, the other serves as a hit, pages included, with no upstream request; and the data directories hold
 * nothing the other needs.
 */
final class SharedBackendsTest {
  static final Wheel LIB = WheelBuilder.build("shared-lib", "1.0", List.of(), null);

  @TempDir Path dir;
  @TempDir Path dataA;
  @TempDir Path dataB;
  private SharedBackends shared;
  private FakeUpstream upstream;
  private TestMirror a;
  private TestMirror b;

  @BeforeEach
  void start() throws Exception {
    shared = SharedBackends.start(dir, "cluster/");
    upstream = FakeUpstream.start(TestMirror.USER, TestMirror.TOKEN);
    upstream.addPrivate(LIB);
    a = TestMirror.on(dataA).upstream(upstream).config(shared.config()).start();
    b = TestMirror.on(dataB).upstream(upstream).config(shared.config()).start();
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable c : new AutoCloseable[] {b, a, upstream, shared}) {
      if (c != null) {
        c.close();
      }
    }
  }

  @Test
  void fileCachedThroughOneReplica_isAHitOnTheOther_withoutAnUpstreamRequest() throws Exception {
    HttpResponse<byte[]> first = a.get(a.filePath(LIB));
    assertEquals("MISS", TestMirror.header(first, "X-Pantry-Cache"));
    int fetches = upstream.count("storage", "/" + LIB.sha256());

    b.download(LIB);
    HttpResponse<byte[]> onB = b.get(b.filePath(LIB));
    HttpResponse<byte[]> range = b.get(b.filePath(LIB), "Range", "bytes=10-19");

    assertEquals("HIT", TestMirror.header(onB, "X-Pantry-Cache"));
    assertEquals(206, range.statusCode());
    assertEquals(10, range.body().length);
    assertEquals(fetches, upstream.count("storage", "/" + LIB.sha256()), "one upstream download for both");
  }

  @Test
  void pageFetchedByOneReplica_isServedByTheOther_andSurvivesItsRestart() throws Exception {
    assertEquals("MISS", TestMirror.header(a.get("simple/shared-lib/"), "X-Pantry-Cache"));
    int pages = upstream.count("registry", "/shared-lib/");

    assertEquals("HIT", TestMirror.header(b.get("simple/shared-lib/"), "X-Pantry-Cache"));
    b.restart();
    assertEquals("HIT", TestMirror.header(b.get("simple/shared-lib/"), "X-Pantry-Cache"));
    assertEquals(pages, upstream.count("registry", "/shared-lib/"));
    assertEquals("main", b.server().pantry().ownership().owner("shared-lib").orElseThrow().upstreamId(),
        "the owner recorded by one replica holds on the other");
  }

  @Test
  void readinessMetricsAndTheUi_reportBothBackends_neverTheirSecrets() throws Exception {
    b.download(LIB);
    String ready = b.getText("readyz").body();
    String shown = ready + b.getText("metrics").body() + b.getText("api/overview").body()
        + b.server().pantry().backends().blobs().describe() + b.server().pantry().backends().database();

    assertTrue(ready.contains("database: ok") && ready.contains("storage: ok"), ready);
    assertTrue(b.server().pantry().backends().blobs().describe().startsWith("s3://" + shared.bucket + "/cluster/"));
    assertFalse(shared.anySecretIn(shown), "a database or S3 secret is shown somewhere");
  }

  @Test
  void pruneOnOneReplica_isSeenByTheOther_whichFetchesAFreshCopyInsteadOfServingTheRemovedOne() throws Exception {
    a.download(LIB);
    b.download(LIB); // a hit on b: its row and its bytes are now in b's memory
    int fetches = upstream.count("storage", "/" + LIB.sha256());

    var report = a.server().pantry().maintenance().prune(new PruneRules(null, null, List.of("shared-lib"), null,
        false, false, false));
    assertEquals(1, report.removed().size());
    Thread.sleep(500); // LISTEN/NOTIFY carries the removal to b

    HttpResponse<byte[]> after = b.get(b.filePath(LIB));
    assertEquals(200, after.statusCode());
    assertEquals("MISS", TestMirror.header(after, "X-Pantry-Cache"), "b dropped what it held of the blob");
    assertEquals(fetches + 1, upstream.count("storage", "/" + LIB.sha256()));
  }

  @Test
  void coldRequestsOnBothReplicasAtOnce_makeOneUpstreamDownload() throws Exception {
    a.get("simple/shared-lib/");
    b.get("simple/shared-lib/");
    upstream.stall(Duration.ofMillis(300)); // the download takes long enough for every request to arrive
    List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      TestMirror m = i % 2 == 0 ? a : b;
      all.add(CompletableFuture.supplyAsync(() -> {
        try {
          return m.get(m.filePath(LIB));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      }));
    }
    for (CompletableFuture<HttpResponse<byte[]>> f : all) {
      HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      assertArrayEquals(LIB.bytes(), r.body());
    }
    assertEquals(1, upstream.count("storage", "/" + LIB.sha256()), "one download across both replicas");
  }

  @Test
  void bucketDown_readinessFails_andCachedHitsKeepWorkingFromMemory() throws Exception {
    a.download(LIB);
    b.download(LIB); // b holds the row and the bytes in memory now

    shared.s3.close();
    HttpResponse<byte[]> ready = b.get("readyz");
    HttpResponse<byte[]> hit = b.get(b.filePath(LIB));

    assertEquals(503, ready.statusCode(), TestMirror.text(ready));
    assertTrue(TestMirror.text(ready).contains("unreachable"), TestMirror.text(ready));
    assertFalse(shared.anySecretIn(TestMirror.text(ready)));
    assertEquals(200, hit.statusCode());
    assertArrayEquals(LIB.bytes(), hit.body());
  }

  @Test
  void databaseDown_readinessFails_cachedHitsKeepWorking_andItRecoversWhenTheDatabaseIsBack() throws Exception {
    a.download(LIB);
    b.download(LIB);
    PostgresCluster pg = PostgresCluster.get();
    pg.pgCtl("-m", "fast", "stop");
    try {
      HttpResponse<byte[]> ready = b.get("readyz");
      HttpResponse<byte[]> hit = b.get(b.filePath(LIB));

      assertEquals(503, ready.statusCode(), TestMirror.text(ready));
      assertTrue(TestMirror.text(ready).contains("database"), TestMirror.text(ready));
      assertFalse(shared.anySecretIn(TestMirror.text(ready)));
      assertEquals(200, hit.statusCode());
      assertArrayEquals(LIB.bytes(), hit.body());
    } finally {
      pg.restart();
    }
    HttpResponse<byte[]> again = null;
    for (int i = 0; i < 100; i++) {
      again = b.get("readyz");
      if (again.statusCode() == 200) {
        break;
      }
      Thread.sleep(100);
    }
    assertEquals(200, again.statusCode(), TestMirror.text(again));
  }
}
