package dev.pantry.simple;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes of fetched pages (their listing, then their bundle and row) that run behind the response which served the
 * fresh rendering from memory. Writes of one page run in the order they were submitted, one after the other; writes
 * of different pages run side by side on a few threads. Whoever must not read a page's listing before it is visible
 * (a file request) {@linkplain #await awaits} its writes.
 */
final class WriteBehind implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WriteBehind.class);
  private static final int THREADS = 2;

  private final ConcurrentHashMap<String, CompletableFuture<Void>> pending = new ConcurrentHashMap<>();
  private final ExecutorService writers = Executors.newFixedThreadPool(THREADS, daemons());

  /** Runs {@code write} after the writes already pending for {@code key}. */
  void submit(String key, Runnable write) {
    CompletableFuture<Void>[] mine = new CompletableFuture[1];
    pending.compute(key, (k, before) -> {
      CompletableFuture<Void> after = before == null ? CompletableFuture.completedFuture(null) : before;
      mine[0] = after.thenRunAsync(() -> run(k, write), writers);
      return mine[0];
    });
    mine[0].whenComplete((v, e) -> pending.remove(key, mine[0]));
  }

  /** Runs {@code then} once the writes of {@code key} submitted so far are done: at once when none is pending. */
  void whenDone(String key, Runnable then) {
    CompletableFuture<Void> f = pending.get(key);
    if (f == null) {
      then.run();
    } else {
      f.whenComplete((v, e) -> then.run());
    }
  }

  /** Whether a write of {@code key} is pending. */
  boolean pending(String key) {
    return pending.containsKey(key);
  }

  /**
   * Waits until the writes of {@code key} submitted so far are done; false when they were not done within
   * {@code millis}.
   */
  boolean await(String key, long millis) {
    CompletableFuture<Void> f = pending.get(key);
    if (f == null) {
      return true;
    }
    try {
      f.get(millis, TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true; // run() logs and swallows; nothing is pending any more
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Finishes what is pending (a graceful stop must not lose a listing), then stops the threads. */
  @Override
  public void close() {
    writers.shutdown();
    try {
      if (!writers.awaitTermination(30, TimeUnit.SECONDS)) {
        LOG.warn("page writes still pending after 30 s at shutdown; their pages are fetched again after the restart");
        writers.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writers.shutdownNow();
    }
  }

  private static void run(String key, Runnable write) {
    try {
      write.run();
    } catch (RuntimeException | Error e) {
      // The writer keeps what it cannot store in memory and logs why; this is only for the unforeseen.
      LOG.error("writing page {} failed: {}", PageWriter.label(key.substring(key.indexOf('\0') + 1)), e.toString());
    }
  }

  private static ThreadFactory daemons() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "pantry-page-writer-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
