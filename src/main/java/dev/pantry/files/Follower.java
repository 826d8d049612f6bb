package dev.pantry.files;

import dev.pantry.error.Problem;
import dev.pantry.storage.BlobUpload;
import dev.pantry.storage.UploadReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/**
 * Streams a file another request of this process is downloading, by reading the leader's upload as it grows: a
 * follower sends bytes as they arrive, not after the download. It holds back the last byte it has until the verdict,
 * so a client is never handed a complete body of a file that then fails verification; on failure its response is
 * aborted.
 */
final class Follower {
  private static final int CHUNK = 64 * 1024;

  private Follower() {}

  /**
   * Follows {@code flight} into {@code sink}.
   *
   * @return Stored when the whole verified file went out; Cached when the flight ended before anything was sent (the
   *     caller serves the cached file, or answers a HEAD); Failed with the flight's problem otherwise
   */
  static DownloadResult follow(DownloadFlight flight, DownloadSink sink) {
    try {
      DownloadFlight.View start = flight.awaitBeyond(-1);
      if (start.phase() == DownloadFlight.Phase.STREAMING && sink.wantsBody()) {
        UploadReader reader = open(start.upload());
        if (reader != null) {
          try (reader) {
            return stream(flight, start, reader, sink);
          }
        }
      }
      DownloadFlight.View end = flight.awaitEnd();
      return end.phase() == DownloadFlight.Phase.STORED ? new DownloadResult.Cached() : failed(end, false);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new DownloadResult.Failed(Problem.of(Problem.Kind.UNAVAILABLE, "the server is stopping"), true);
    } catch (IOException e) {
      return new DownloadResult.Failed(Problem.of(Problem.Kind.STORAGE,
          "cannot read the download in progress: " + e.getMessage()), true);
    }
  }

  /** A reader of the upload, or null when it can no longer be read (it failed and was discarded). */
  private static @Nullable UploadReader open(@Nullable BlobUpload upload) {
    if (upload == null) {
      return null;
    }
    try {
      return upload.reader();
    } catch (IOException e) {
      return null;
    }
  }

  private static DownloadResult stream(DownloadFlight flight, DownloadFlight.View start, UploadReader reader,
      DownloadSink sink) throws IOException, InterruptedException {
    try {
      sink.begin(start.length(), start.sha256());
    } catch (IOException e) {
      return clientGone();
    }
    ByteBuffer buf = ByteBuffer.allocate(CHUNK);
    long sent = 0;
    while (true) {
      // More than one unsent byte, so one can stay held back; or the verdict.
      DownloadFlight.View now = flight.awaitBeyond(sent + 1);
      if (now.phase() == DownloadFlight.Phase.FAILED) {
        // Nothing sent yet: the caller can still answer with an error status instead of aborting.
        return failed(now, sent > 0);
      }
      boolean stored = now.phase() == DownloadFlight.Phase.STORED;
      long limit = stored ? now.published() : now.published() - 1;
      boolean lastSent = false;
      while (sent < limit) {
        buf.clear().limit((int) Math.min(CHUNK, limit - sent));
        int n = reader.read(buf, sent);
        if (n < 0) {
          throw new IOException("the download ended before its published length");
        }
        buf.flip();
        lastSent = stored && sent + n == limit;
        try {
          sink.write(buf, lastSent);
        } catch (IOException e) {
          return clientGone();
        }
        sent += n;
      }
      if (stored) {
        if (!lastSent) {
          try {
            sink.write(ByteBuffer.allocate(0), true);
          } catch (IOException e) {
            return clientGone();
          }
        }
        return new DownloadResult.Stored(now.sha256() == null ? "" : now.sha256(), sent);
      }
    }
  }

  private static DownloadResult failed(DownloadFlight.View view, boolean clientStarted) {
    Problem p = view.problem() == null ? Problem.of(Problem.Kind.INTERNAL, "download failed") : view.problem();
    return new DownloadResult.Failed(p, clientStarted);
  }

  private static DownloadResult clientGone() {
    return new DownloadResult.Failed(Problem.of(Problem.Kind.BAD_REQUEST, "the client went away"), true);
  }
}
