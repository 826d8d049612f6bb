package dev.pantry.files;

import dev.pantry.error.Problem;
import dev.pantry.storage.BlobUpload;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * One upstream download that several requests of this process share. The leader writes the file into a
 * {@link BlobUpload} and publishes how many bytes are readable; followers read the upload, through the storage port,
 * up to that mark, waiting for more. The verdict comes once: stored (verified and in the cache) or failed.
 * Thread-safe; phases only move forward.
 */
final class DownloadFlight {

  /** Where a flight stands. */
  enum Phase {
    /** The leader is asking the upstream; nothing to read yet. */
    OPENING,
    /** Bytes are arriving in {@link View#upload()}; {@link View#published()} of them are readable. */
    STREAMING,
    /** Verified and stored: all {@link View#published()} bytes are final. */
    STORED,
    /** Failed; {@link View#problem()} says why. Nothing was stored. */
    FAILED
  }

  /**
   * A consistent snapshot.
   *
   * @param upload    the upload being written, while STREAMING (its readers stay valid after it commits)
   * @param length    the length announced by the upstream, or -1
   * @param sha256    the digest the file is checked against, or null when the page listed none
   * @param published bytes readable from {@code upload}; on STORED the file's whole size
   */
  record View(Phase phase, @Nullable BlobUpload upload, long length, @Nullable String sha256, long published,
      @Nullable Problem problem) {
    boolean ended() {
      return phase == Phase.STORED || phase == Phase.FAILED;
    }
  }

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  // All guarded by lock.
  private Phase phase = Phase.OPENING;
  private @Nullable BlobUpload upload;
  private long length = -1;
  private @Nullable String sha256;
  private long published;
  private @Nullable Problem problem;

  /** Leader: the upstream answered and bytes will appear in {@code into}. */
  void streaming(BlobUpload into, long announcedLength, @Nullable String expectedSha256) {
    update(() -> {
      if (phase == Phase.OPENING) {
        phase = Phase.STREAMING;
        upload = into;
        length = announcedLength;
        sha256 = expectedSha256;
      }
    });
  }

  /** Leader: this many bytes are now readable. */
  void published(long bytes) {
    update(() -> published = Math.max(published, bytes));
  }

  /** Leader: the file verified and is in the store, {@code size} bytes, digest {@code sha}. */
  void stored(long size, String sha) {
    update(() -> {
      if (!ended()) {
        phase = Phase.STORED;
        published = size;
        sha256 = sha;
      }
    });
  }

  /** Leader: the shared download failed. A flight that already ended keeps its verdict. */
  void failed(Problem why) {
    update(() -> {
      if (!ended()) {
        phase = Phase.FAILED;
        problem = why;
      }
    });
  }

  private boolean ended() {
    return phase == Phase.STORED || phase == Phase.FAILED;
  }

  View view() {
    lock.lock();
    try {
      return new View(phase, upload, length, sha256, published, problem);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Follower: waits until the flight has ended or more than {@code bytes} bytes are readable.
   *
   * @throws InterruptedException when the waiting thread is interrupted (the server stopping)
   */
  View awaitBeyond(long bytes) throws InterruptedException {
    lock.lock();
    try {
      while (!(ended() || phase == Phase.STREAMING && published > bytes)) {
        // A timed wait, so a lost wake-up costs a second, never a hang; the leader always ends the flight.
        changed.await(1, TimeUnit.SECONDS);
      }
      return new View(phase, upload, length, sha256, published, problem);
    } finally {
      lock.unlock();
    }
  }

  /** Follower: waits for the verdict. */
  View awaitEnd() throws InterruptedException {
    return awaitBeyond(Long.MAX_VALUE);
  }

  private void update(Runnable change) {
    lock.lock();
    try {
      change.run();
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }
}
