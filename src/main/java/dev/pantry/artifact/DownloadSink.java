package dev.pantry.artifact;

import java.io.IOException;
import java.nio.ByteBuffer;

/** Where a download's bytes go besides the cache: the client's response. */
public interface DownloadSink {

  /**
   * Called once before any byte, when the upstream has answered.
   *
   * @param contentLength the length to announce, or -1 when unknown
   * @param sha256        the digest the file will be verified against, or null
   */
  void begin(long contentLength, String sha256) throws IOException;

  /** Sends bytes; blocks until the client has taken them (backpressure). */
  void write(ByteBuffer chunk, boolean last) throws IOException;
}
