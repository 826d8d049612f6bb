package dev.pantry.artifact;

import dev.pantry.error.Problem;

/** What a download came to. */
public sealed interface DownloadResult {

  /** Verified, stored, and fully sent. */
  record Stored(String sha256, long size) implements DownloadResult {}

  /**
   * The download failed. When {@code clientStarted} is true, bytes already went out, so the response must be aborted
   * rather than answered with an error status.
   */
  record Failed(Problem problem, boolean clientStarted) implements DownloadResult {}
}
