package dev.pantry.files;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.jspecify.annotations.Nullable;

/** Where a download's bytes go besides the cache: the client's response. */
public interface DownloadSink {

  /**
   * Called once before any byte, when the upstream has answered.
   *
   * @param contentLength the length to announce, or -1 when unknown
   * @param sha256        the digest the file will be verified against, or null
   */
  void begin(long contentLength, @Nullable String sha256) throws IOException;

  /**
   * Sends bytes; blocks until the client has taken them (backpressure), so the caller may reuse the buffer once it
   * returns.
   */
  void write(ByteBuffer chunk, boolean last) throws IOException;

  /** False for a sink that drops the bytes (a HEAD): a shared download then need not be read for it. */
  default boolean wantsBody() {
    return true;
  }
}
