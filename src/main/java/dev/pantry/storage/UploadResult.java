package dev.pantry.storage;

/** What a commit came to. */
public sealed interface UploadResult {

  /** Verified and stored. */
  record Stored(Blob blob) implements UploadResult {}

  /** The bytes do not hash to what was expected; nothing was stored. */
  record Mismatch(String expected, String actual, long size) implements UploadResult {}

  /**
   * The bytes matched (or nothing was expected) but the medium refused to keep them (full, read-only, unreachable);
   * nothing was stored. The digest is still good for a client that already has the bytes.
   */
  record Unwritable(String sha256, long size, String reason) implements UploadResult {}
}
