package dev.pantry.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.OpsSettings.Limit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private static final long SECOND = 1_000_000_000L;
  private final AtomicLong now = new AtomicLong(1_000 * SECOND);

  @Test
  void take_withinBurst_allowsThenRefusesWithRetryAfter() {
    RateLimiter limiter = new RateLimiter(100, now::get);
    Limit limit = new Limit(0.5, 3);
    for (int i = 0; i < 3; i++) {
      assertTrue(limiter.take("request", "a", limit).allowed(), "request " + i);
    }
    RateLimiter.Decision refused = limiter.take("request", "a", limit);
    assertFalse(refused.allowed());
    // One token every 2 s at 0.5/s.
    assertEquals(2, refused.retryAfterSeconds());
  }

  @Test
  void take_afterRefill_allowsAgain() {
    RateLimiter limiter = new RateLimiter(100, now::get);
    Limit limit = new Limit(1, 1);
    assertTrue(limiter.take("request", "a", limit).allowed());
    assertFalse(limiter.take("request", "a", limit).allowed());
    now.addAndGet(SECOND);
    assertTrue(limiter.take("request", "a", limit).allowed());
  }

  @Test
  void take_otherClientOrBucket_hasItsOwnTokens() {
    RateLimiter limiter = new RateLimiter(100, now::get);
    Limit limit = new Limit(1, 1);
    assertTrue(limiter.take("request", "a", limit).allowed());
    assertFalse(limiter.take("request", "a", limit).allowed());
    assertTrue(limiter.take("request", "b", limit).allowed());
    assertTrue(limiter.take("upstream", "a", limit).allowed());
  }

  @Test
  void take_offLimit_alwaysAllowsAndKeepsNoBucket() {
    RateLimiter limiter = new RateLimiter(100, now::get);
    for (int i = 0; i < 50; i++) {
      assertTrue(limiter.take("request", "a", Limit.OFF).allowed());
    }
    assertEquals(0, limiter.size());
  }

  @Test
  void take_manyClients_keepsAtMostTheCap() {
    RateLimiter limiter = new RateLimiter(50, now::get);
    Limit limit = new Limit(0.001, 5);
    for (int i = 0; i < 1_000; i++) {
      limiter.take("request", "client-" + i, limit);
    }
    assertTrue(limiter.size() <= 50, "size " + limiter.size());
  }

  @Test
  void take_idleClientsRefilled_areDropped() {
    RateLimiter limiter = new RateLimiter(1_000, now::get);
    Limit limit = new Limit(10, 2);
    for (int i = 0; i < 10; i++) {
      limiter.take("request", "idle-" + i, limit);
    }
    now.addAndGet(10 * SECOND);
    for (int i = 0; i < 10; i++) {
      limiter.take("request", "busy", limit);
    }
    assertEquals(1, limiter.size());
  }

  @Test
  void take_limitLoweredByReload_capsSavedTokens() {
    RateLimiter limiter = new RateLimiter(100, now::get);
    assertTrue(limiter.take("request", "a", new Limit(1, 100)).allowed());
    Limit lowered = new Limit(0.001, 1);
    assertTrue(limiter.take("request", "a", lowered).allowed());
    assertFalse(limiter.take("request", "a", lowered).allowed());
  }

  @Test
  void take_oneClientFromEightThreadsAtOnce_grantsExactlyTheBurst() throws Exception {
    RateLimiter limiter = new RateLimiter(100, now::get);
    Limit limit = new Limit(0.001, 1_000);
    java.util.concurrent.atomic.AtomicInteger granted = new java.util.concurrent.atomic.AtomicInteger();
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<Thread> threads = new java.util.ArrayList<>();
    for (int t = 0; t < 8; t++) {
      Thread th = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < 500; i++) {
          if (limiter.take("request", "ci-runner", limit).allowed()) {
            granted.incrementAndGet();
          }
        }
      });
      th.start();
      threads.add(th);
    }
    go.countDown();
    for (Thread th : threads) {
      th.join(30_000);
    }

    assertEquals(1_000, granted.get(), "no token taken twice, none lost");
  }
}
