package dev.pantry.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class LocalCoordinatorTest {
  private final LocalCoordinator coordinator = new LocalCoordinator();

  @Test
  void join_secondRequest_followsTheLeadersState_untilItLands() {
    Ticket<List<String>> leader = coordinator.join("file:a", ArrayList::new);
    Ticket<List<String>> follower = coordinator.join("file:a", ArrayList::new);

    assertTrue(leader.leader());
    assertFalse(follower.leader());
    assertSame(leader.state(), follower.state());
    assertTrue(coordinator.inFlight("file:a"));

    follower.land(); // a follower's landing changes nothing
    assertTrue(coordinator.inFlight("file:a"));
    leader.land();
    assertFalse(coordinator.inFlight("file:a"));
    assertTrue(coordinator.join("file:a", ArrayList::new).leader(), "a new flight after the landing");
  }

  @Test
  void claim_inOneProcess_isAlwaysGranted() {
    assertInstanceOf(Claim.Granted.class, coordinator.claim("file:a"));
    assertInstanceOf(Claim.Granted.class, coordinator.claim("file:a"));
  }

  @Test
  void publish_reachesEverySubscriber_evenWhenOneFails() {
    List<Invalidation> heard = new ArrayList<>();
    coordinator.subscribe(e -> {
      throw new IllegalStateException("a broken listener");
    });
    coordinator.subscribe(heard::add);

    coordinator.publish(new Invalidation.Blob("ab"));

    assertEquals(List.of(new Invalidation.Blob("ab")), heard);
  }

  @Test
  void runExclusive_sameJobAtOnce_runsOnlyOne() throws Exception {
    CountDownLatch inside = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean secondRan = new AtomicBoolean();
    Thread first = new Thread(() -> coordinator.runExclusive("evict", () -> {
      inside.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }));
    first.start();
    assertTrue(inside.await(10, TimeUnit.SECONDS));

    assertFalse(coordinator.runExclusive("evict", () -> secondRan.set(true)));
    assertTrue(coordinator.runExclusive("reconcile", () -> { }), "another job is not held up");
    release.countDown();
    first.join(10_000);
    assertFalse(secondRan.get());
    assertTrue(coordinator.runExclusive("evict", () -> secondRan.set(true)));
    assertTrue(secondRan.get());
  }

  @Test
  void leases_aRemovalWaitsForNoneAndNewLeasesWaitForTheRemoval() throws Exception {
    BlobLeases leases = coordinator.leases();
    BlobLeases.Lease reading = leases.acquire("ab");
    assertEquals(Optional.empty(), leases.removeIfUnused("ab", () -> "removed"));
    reading.close();
    reading.close(); // twice releases once

    CountDownLatch removing = new CountDownLatch(1);
    CountDownLatch done = new CountDownLatch(1);
    AtomicBoolean leasedDuringRemoval = new AtomicBoolean();
    Thread remover = new Thread(() -> {
      try {
        leases.removeIfUnused("ab", () -> {
          removing.countDown();
          Thread.sleep(200); // hold the gate while another thread asks for a lease
          leasedDuringRemoval.set(leases.size() > 0);
          return "removed";
        });
      } catch (Exception e) {
        throw new IllegalStateException(e);
      } finally {
        done.countDown();
      }
    });
    remover.start();
    assertTrue(removing.await(10, TimeUnit.SECONDS));
    try (BlobLeases.Lease after = leases.acquire("ab")) {
      assertEquals(0, done.getCount(), "the lease was granted only after the removal ended");
    }
    assertFalse(leasedDuringRemoval.get());
  }

  @Test
  void invalidation_encodeDecode_roundTripsAndUnreadableMeansAll() {
    for (Invalidation i : List.of(new Invalidation.Project("main", "demo"), new Invalidation.Name("demo"),
        new Invalidation.Blob("ab"), new Invalidation.All())) {
      assertEquals(i, Invalidation.decode(Invalidation.encode(i)));
    }
    assertInstanceOf(Invalidation.All.class, Invalidation.decode("garbage in"));
    assertNull(coordinator.health());
  }
}
