package dev.pantry.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's client side of a download. A client that went away does not stop the download: the file is still
 * verified and cached for the next one (and for the followers).
 */
final class GuardedSink {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedSink.class);

  private final DownloadSink sink;
  private final String filename;
  private boolean gone;
  private boolean started;

  GuardedSink(DownloadSink sink, String filename) {
    this.sink = sink;
    this.filename = filename;
  }

  void begin(long length, @Nullable String sha256) {
    try {
      sink.begin(length, sha256);
    } catch (IOException e) {
      leave();
    }
  }

  /** Sends a chunk unless the client left; returns whether it went out. */
  boolean write(ByteBuffer chunk, boolean last) {
    if (gone) {
      return false;
    }
    try {
      sink.write(chunk, last);
      started = true;
      return true;
    } catch (IOException e) {
      leave();
      return false;
    }
  }

  /** Whether any byte went out (or the client left after headers): the response can then only be aborted. */
  boolean started() {
    return started || gone;
  }

  private void leave() {
    if (!gone) {
      gone = true;
      LOG.info("client left during {}; finishing the download for the cache", filename);
    }
  }
}
