package dev.pantry.files;

import dev.pantry.error.Problem;

/** What a download came to. */
public sealed interface DownloadResult {

  /** Verified, stored, and fully sent. */
  record Stored(String sha256, long size) implements DownloadResult {}

  /**
   * Verified and fully sent, but not stored: the cache could not write (disk full, read-only). The client got the
   * whole file; the next request downloads it again.
   */
  record Sent(String sha256, long size) implements DownloadResult {}

  /**
   * Nothing was sent, and the file is in the cache now (another request's download finished first): serve it from
   * there. Also the answer to a request that wants no body (HEAD) once the shared download is stored.
   */
  record Cached() implements DownloadResult {}

  /**
   * The download failed. When {@code clientStarted} is true, bytes already went out, so the response must be aborted
   * rather than answered with an error status.
   */
  record Failed(Problem problem, boolean clientStarted) implements DownloadResult {}
}
