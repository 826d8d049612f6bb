package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriteBehindTest {
  @Test
  void submit_twoWritesOfOnePage_runOneAfterTheOtherInOrder() throws Exception {
    try (WriteBehind behind = new WriteBehind()) {
      CountDownLatch gate = new CountDownLatch(1);
      List<String> done = new CopyOnWriteArrayList<>();
      behind.submit("main\0a", () -> {
        await(gate);
        done.add("first");
      });
      behind.submit("main\0a", () -> done.add("second"));

      assertTrue(behind.pending("main\0a"));
      assertFalse(behind.await("main\0a", 50), "the first write is held at its gate");
      assertEquals(List.of(), done);
      gate.countDown();

      assertTrue(behind.await("main\0a", 10_000));
      assertEquals(List.of("first", "second"), done);
      assertFalse(behind.pending("main\0a"));
    }
  }

  @Test
  void submit_writesOfOtherPages_doNotWaitForAHeldOne() throws Exception {
    try (WriteBehind behind = new WriteBehind()) {
      CountDownLatch gate = new CountDownLatch(1);
      behind.submit("main\0held", () -> await(gate));
      CountDownLatch other = new CountDownLatch(1);
      behind.submit("main\0other", other::countDown);

      assertTrue(other.await(10, TimeUnit.SECONDS), "another page's write ran while the first was held");
      assertTrue(behind.await("main\0other", 1_000));
      assertTrue(behind.pending("main\0held"));
      gate.countDown();
      assertTrue(behind.await("main\0held", 10_000));
    }
  }

  @Test
  void await_nothingPending_returnsAtOnce() {
    try (WriteBehind behind = new WriteBehind()) {
      assertTrue(behind.await("main\0none", 0));
      assertFalse(behind.pending("main\0none"));
    }
  }

  @Test
  void submit_aWriteThatThrows_isLoggedAndTheNextStillRuns() throws Exception {
    try (WriteBehind behind = new WriteBehind()) {
      CountDownLatch next = new CountDownLatch(1);
      behind.submit("main\0a", () -> {
        throw new IllegalStateException("boom");
      });
      behind.submit("main\0a", next::countDown);

      assertTrue(next.await(10, TimeUnit.SECONDS));
      assertTrue(behind.await("main\0a", 10_000));
    }
  }

  @Test
  void close_finishesTheWritesUnderWay() {
    WriteBehind behind = new WriteBehind();
    List<String> done = new CopyOnWriteArrayList<>();
    for (int i = 0; i < 20; i++) {
      String n = "p" + i;
      behind.submit("main\0" + n, () -> {
        sleep(5);
        done.add(n);
      });
    }

    behind.close();

    assertEquals(20, done.size());
  }

  private static void await(CountDownLatch gate) {
    try {
      gate.await(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
