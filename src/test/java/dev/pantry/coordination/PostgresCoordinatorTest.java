package dev.pantry.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pantry.config.MetadataSettings;
import dev.pantry.config.Secret;
import dev.pantry.metadata.Database;
import dev.pantry.testing.PostgresCluster;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two replicas' coordinators on one real PostgreSQL database. */
final class PostgresCoordinatorTest {
  @TempDir Path data;
  private Database db;
  private PostgresCoordinator a;
  private PostgresCoordinator b;

  @BeforeEach
  void open() {
    String why = PostgresCluster.unavailableReason();
    assumeTrue(why == null, () -> "no PostgreSQL here: " + why);
    PostgresCluster pg = PostgresCluster.get();
    db = Database.open(new MetadataSettings(pg.newDatabase(), PostgresCluster.USER, Secret.of(pg.password()), 8,
        Duration.ofSeconds(5)), data);
    a = new PostgresCoordinator(db.dataSource(), db::dedicatedConnection, Duration.ofSeconds(1));
    b = new PostgresCoordinator(db.dataSource(), db::dedicatedConnection, Duration.ofSeconds(1));
  }

  @AfterEach
  void close() {
    for (AutoCloseable c : new AutoCloseable[] {a, b, db}) {
      try {
        if (c != null) {
          c.close();
        }
      } catch (Exception e) {
        // the next test has its own database
      }
    }
  }

  private static void waitFor(List<Invalidation> got, int n) throws InterruptedException {
    for (int i = 0; i < 200 && got.size() < n; i++) {
      Thread.sleep(25);
    }
  }

  @Test
  void publish_onOneReplica_isHeardByTheOther_andOnceByItself() throws Exception {
    List<Invalidation> onA = new CopyOnWriteArrayList<>();
    List<Invalidation> onB = new CopyOnWriteArrayList<>();
    a.subscribe(onA::add);
    b.subscribe(onB::add);
    Thread.sleep(300); // both LISTENs are up

    a.publish(new Invalidation.Blob("ab".repeat(32)));
    waitFor(onB, 1);
    Thread.sleep(300);

    assertEquals(List.of(new Invalidation.Blob("ab".repeat(32))), onB);
    assertEquals(List.of(new Invalidation.Blob("ab".repeat(32))), onA, "its own event once, not its echo too");
    assertNull(a.health());
  }

  @Test
  void listeningConnectionDrops_reconnects_andDeliversAll_sinceEventsMayHaveBeenMissed() throws Exception {
    List<Invalidation> onB = new CopyOnWriteArrayList<>();
    b.subscribe(onB::add);
    Thread.sleep(300);
    try (Connection c = db.dedicatedConnection(); Statement s = c.createStatement()) {
      s.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
    }

    waitFor(onB, 1);
    assertTrue(onB.contains(new Invalidation.All()), onB.toString());
    onB.clear();
    a.publish(new Invalidation.Name("demo"));
    waitFor(onB, 1);
    assertEquals(List.of(new Invalidation.Name("demo")), onB, "and hears the others again");
  }

  @Test
  void runExclusive_oneReplicaAtATime() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch letGo = new CountDownLatch(1);
    CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> a.runExclusive("evict", () -> {
      inside.countDown();
      try {
        letGo.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    assertTrue(inside.await(10, TimeUnit.SECONDS));

    assertFalse(b.runExclusive("evict", () -> { }), "held by the other replica");
    assertTrue(b.runExclusive("reconcile", () -> { }), "another job is free");
    letGo.countDown();
    assertTrue(first.get(10, TimeUnit.SECONDS));
    assertTrue(b.runExclusive("evict", () -> { }), "free once the first is done");
  }

  @Test
  void claim_oneHolderAcrossReplicas_theOtherWaitsForTheRelease() throws Exception {
    Claim.Granted held = assertInstanceOf(Claim.Granted.class, a.claim("file:main/demo/demo-1.0.whl"));
    Claim other = b.claim("file:main/demo/demo-1.0.whl");

    Claim.Elsewhere elsewhere = assertInstanceOf(Claim.Elsewhere.class, other);
    assertFalse(elsewhere.awaitRelease(Duration.ofMillis(1_500)), "renewed while held, past its 1 s lease");
    held.release();
    assertTrue(elsewhere.awaitRelease(Duration.ofSeconds(5)));
    assertInstanceOf(Claim.Granted.class, b.claim("file:main/demo/demo-1.0.whl"));
  }

  @Test
  void claim_holderDies_itsLeaseLapses_andAnotherReplicaTakesOver() throws Exception {
    assertInstanceOf(Claim.Granted.class, a.claim("file:main/demo/big.whl"));
    a.close(); // stops renewing, as a kill -9 would; the row stays
    Claim.Elsewhere waiting = assertInstanceOf(Claim.Elsewhere.class, b.claim("file:main/demo/big.whl"));

    assertTrue(waiting.awaitRelease(Duration.ofSeconds(5)));
    assertInstanceOf(Claim.Granted.class, b.claim("file:main/demo/big.whl"));
  }
}
