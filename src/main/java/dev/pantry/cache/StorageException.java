package dev.pantry.cache;

/**
 * The cache's storage failed underneath us (the database, the disk). Not an expected outcome: the web layer turns it
 * into a 507 or 500 with a one-line reason, the CLI into exit code 4.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
