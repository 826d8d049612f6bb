package dev.pantry.error;

/**
 * The cache's storage failed underneath us (the disk, the bucket, the database). Not an expected outcome: the one
 * error mapping turns it into a 507 with a one-line reason, the CLI into exit code 4.
 */
public final class StorageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  public StorageException(String message) {
    super(message);
  }
}
