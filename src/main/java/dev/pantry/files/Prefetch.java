package dev.pantry.files;

import dev.pantry.config.UpstreamConfig;
import dev.pantry.metadata.FileRecord;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads into the cache that no client waits for the end of: started by a HEAD on a file not cached yet, which is
 * answered as soon as the length is known (from the listing, or the upstream's headers), so uv's HEAD does not wait
 * for a slow upstream, and the GET that usually follows finds the download under way or done. A few threads of its
 * own and no queue: when all are busy a HEAD starts nothing and waits for its download, as a GET does. These
 * downloads hold no request's place, so they cannot starve the request pool.
 */
final class Prefetch implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Prefetch.class);
  private static final int THREADS = 4;

  private final Downloads downloads;
  private final ThreadPoolExecutor pool;

  Prefetch(Downloads downloads) {
    this.downloads = downloads;
    AtomicInteger n = new AtomicInteger();
    this.pool = new ThreadPoolExecutor(0, THREADS, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
      Thread t = new Thread(r, "pantry-prefetch-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Starts downloading {@code file} behind the caller's answer. The future completes with the length the upstream
   * announced (-1 when it announced none) once it answers, or with null when the download ended without an answer
   * (it failed, or followed one that did). Null when no thread is free: nothing started.
   */
  @Nullable CompletableFuture<@Nullable Long> start(FileRecord file, UpstreamConfig upstream) {
    CompletableFuture<@Nullable Long> answered = new CompletableFuture<>();
    try {
      pool.execute(() -> {
        try {
          DownloadResult r = downloads.download(file, upstream, false, new Announced(answered));
          if (r instanceof DownloadResult.Failed f) {
            LOG.warn("downloading {} for the cache after a HEAD failed: {}", file.filename(), f.problem().message());
          }
        } finally {
          answered.complete(null);
        }
      });
      return answered;
    } catch (RejectedExecutionException e) {
      return null;
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }

  /** Bytes for the cache only; says when the upstream answered, and with what length. */
  private static final class Announced implements DownloadSink {
    private final CompletableFuture<@Nullable Long> answered;

    Announced(CompletableFuture<@Nullable Long> answered) {
      this.answered = answered;
    }

    @Override
    public void begin(long contentLength, @Nullable String sha256) {
      answered.complete(contentLength);
    }

    @Override
    public void write(ByteBuffer chunk, boolean last) {}

    @Override
    public boolean wantsBody() {
      return false;
    }
  }
}
