package dev.pantry.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * A blob being written: bytes go to a temp file and through a sha256 digest at once. {@link #commit} moves the temp
 * file into place atomically only when the digest matches; {@link #close} without commit deletes it.
 */
public final class BlobWriter implements AutoCloseable {
  private final Path temp;
  private final FileChannel channel;
  private final MessageDigest digest;
  private final Function<String, Path> finalPath;
  private long size;
  private boolean done;

  /** Outcome of {@link #commit}. */
  public sealed interface Result {
    record Stored(String sha256, long size, Path path) implements Result {}

    record Mismatch(String expected, String actual, long size) implements Result {}
  }

  BlobWriter(Path temp, Function<String, Path> finalPath) throws IOException {
    this.temp = temp;
    this.finalPath = finalPath;
    this.channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    this.digest = sha256();
  }

  /** Appends the buffer's remaining bytes; the buffer's position is left unchanged. */
  public void write(ByteBuffer chunk) throws IOException {
    ByteBuffer view = chunk.slice();
    digest.update(view.duplicate());
    while (view.hasRemaining()) {
      size += channel.write(view);
    }
  }

  public void write(byte[] bytes, int off, int len) throws IOException {
    write(ByteBuffer.wrap(bytes, off, len));
  }

  public long size() {
    return size;
  }

  /** The temp file, for readers that follow a download as it grows. */
  public Path tempPath() {
    return temp;
  }

  /**
   * Verifies and publishes the blob. With a null {@code expectedSha256} the computed digest is trusted. The data is
   * forced to disk before the rename, so a crash leaves either no blob or a whole one.
   */
  public Result commit(String expectedSha256) throws IOException {
    String actual = HexFormat.of().formatHex(digest.digest());
    channel.force(true);
    channel.close();
    done = true;
    if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
      Files.deleteIfExists(temp);
      return new Result.Mismatch(expectedSha256.toLowerCase(java.util.Locale.ROOT), actual, size);
    }
    Path target = finalPath.apply(actual);
    Files.createDirectories(target.getParent());
    try {
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.deleteIfExists(temp);
      throw e;
    }
    return new Result.Stored(actual, size, target);
  }

  /** Discards the write unless it was committed. */
  @Override
  public void close() throws IOException {
    if (!done) {
      done = true;
      channel.close();
      Files.deleteIfExists(temp);
    }
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
