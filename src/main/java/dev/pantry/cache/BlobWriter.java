package dev.pantry.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

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

    /**
     * The bytes matched (or nothing was expected) but the disk refused to keep them (full, read-only); nothing was
     * stored and the temp file is gone. The digest is still good for a client that already has the bytes.
     */
    record Unwritable(String sha256, long size, IOException cause) implements Result {}
  }

  BlobWriter(Path temp, Function<String, Path> finalPath) throws IOException {
    this(temp, FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), finalPath);
  }

  /** With a channel already open on {@code temp}; lets tests put a failing disk underneath. */
  BlobWriter(Path temp, FileChannel channel, Function<String, Path> finalPath) {
    this.temp = temp;
    this.finalPath = finalPath;
    this.channel = channel;
    this.digest = sha256();
  }

  /**
   * Appends the buffer's remaining bytes; the buffer's position is left unchanged. The digest takes the whole chunk
   * before the disk does, so after a failed write {@link #abandon} still hands back a digest of every byte given.
   */
  public void write(ByteBuffer chunk) throws IOException {
    ByteBuffer view = chunk.slice();
    digest.update(view.duplicate());
    while (view.hasRemaining()) {
      size += channel.write(view);
    }
  }

  /**
   * Gives up on storing (the disk failed): deletes the temp file and returns the digest of every byte passed to
   * {@link #write} so far, so the caller can go on hashing in memory and still verify the whole file.
   */
  public MessageDigest abandon() {
    try {
      close();
    } catch (IOException e) {
      // The temp file may stay behind; the startup sweep removes it.
    }
    return digest;
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
  public Result commit(@Nullable String expectedSha256) {
    String actual = HexFormat.of().formatHex(digest.digest());
    done = true;
    if (expectedSha256 != null && !expectedSha256.equalsIgnoreCase(actual)) {
      closeQuietly();
      deleteQuietly();
      return new Result.Mismatch(expectedSha256.toLowerCase(java.util.Locale.ROOT), actual, size);
    }
    try {
      channel.force(true);
      channel.close();
      Path target = finalPath.apply(actual);
      Files.createDirectories(target.getParent());
      // A rename, never a rewrite: a reader (or a mapping) of an existing blob keeps its inode, whole.
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return new Result.Stored(actual, size, target);
    } catch (IOException e) {
      closeQuietly();
      deleteQuietly();
      return new Result.Unwritable(actual, size, e);
    }
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing after a failure: nothing more to learn.
    }
  }

  private void deleteQuietly() {
    try {
      Files.deleteIfExists(temp);
    } catch (IOException e) {
      // The startup sweep removes it.
    }
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
