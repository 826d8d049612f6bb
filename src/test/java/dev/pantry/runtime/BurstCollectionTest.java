package dev.pantry.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BurstCollectionTest {
  @Test
  void delay_noRecentCollection_theQuietPeriod() {
    assertEquals(BurstCollection.QUIET_MILLIS, BurstCollection.delay(100_000, Long.MIN_VALUE / 2));
    assertEquals(BurstCollection.QUIET_MILLIS, BurstCollection.delay(100_000, 100_000 - 60_000));
  }

  @Test
  void delay_collectedShortlyBefore_waitsOutTheInterval() {
    long now = 100_000;

    assertEquals(BurstCollection.MIN_INTERVAL_MILLIS - 2_000, BurstCollection.delay(now, now - 2_000));
    assertEquals(BurstCollection.MIN_INTERVAL_MILLIS, BurstCollection.delay(now, now));
  }

  @Test
  void largeWriteDone_severalInARow_oneCollection() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    AtomicInteger collections = new AtomicInteger();
    CountDownLatch collected = new CountDownLatch(1);
    BurstCollection bursts = new BurstCollection(() -> {
      collections.incrementAndGet();
      collected.countDown();
    }, timer, System::currentTimeMillis);

    bursts.largeWriteDone();
    bursts.largeWriteDone();
    bursts.largeWriteDone();

    assertTrue(collected.await(10, TimeUnit.SECONDS), "the burst is collected once it is over");
    timer.shutdown();
    assertTrue(timer.awaitTermination(10, TimeUnit.SECONDS));
    assertEquals(1, collections.get(), "writes within the quiet period share one collection");
  }
}
