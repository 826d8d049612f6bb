package dev.pantry.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jetty.http.DateGenerator;
import org.jspecify.annotations.Nullable;

/**
 * Small cached blobs held in memory, least recently used first out, so a hit is one socket write instead of a dozen
 * file-system calls and a chunked copy. Keys are sha256 digests: a blob's bytes never change, so an entry is never
 * stale, even after the file is evicted from disk (callers only ask for blobs the index says are cached).
 */
final class SmallBlobs {
  /** A blob's bytes (read-only, direct, position 0) and the file's modification time as an HTTP date. */
  record Blob(ByteBuffer bytes, String lastModified) {
    /** A fresh view, so concurrent responses never share a position. */
    ByteBuffer view() {
      return bytes.duplicate();
    }
  }

  private final long budget;
  private final int maxEntry;
  private final Map<String, Blob> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long used;

  /**
   * @param budget   total bytes held at most
   * @param maxEntry the largest blob held; larger ones are never loaded
   */
  SmallBlobs(long budget, int maxEntry) {
    if (budget < 0 || maxEntry < 0) {
      throw new IllegalArgumentException("budget and maxEntry must not be negative");
    }
    this.budget = budget;
    this.maxEntry = maxEntry;
  }

  /** Whether a blob of this size is held (or would be loaded). */
  boolean fits(long size) {
    return size <= maxEntry && size <= budget;
  }

  /**
   * The blob {@code sha256} stored at {@code file}, from memory or read now; empty when it is too large or cannot be
   * read (the caller then serves it from disk the ordinary way).
   */
  Optional<Blob> get(String sha256, Path file) {
    synchronized (entries) {
      Blob hit = entries.get(sha256);
      if (hit != null) {
        return Optional.of(hit);
      }
    }
    Blob loaded = read(file);
    if (loaded == null) {
      return Optional.empty();
    }
    remember(sha256, loaded);
    return Optional.of(loaded);
  }

  /** Bytes held now. */
  long used() {
    synchronized (entries) {
      return used;
    }
  }

  private @Nullable Blob read(Path file) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      long size = ch.size();
      if (!fits(size)) {
        return null;
      }
      String modified = DateGenerator.formatDate(Files.getLastModifiedTime(file).toInstant());
      ByteBuffer buf = ByteBuffer.allocateDirect((int) size);
      for (int reads = 0; reads < 4096 && buf.hasRemaining(); reads++) {
        if (ch.read(buf) < 0) {
          break;
        }
      }
      if (buf.hasRemaining()) {
        return null;
      }
      return new Blob(buf.flip().asReadOnlyBuffer(), modified);
    } catch (IOException e) {
      return null;
    }
  }

  private void remember(String sha256, Blob blob) {
    synchronized (entries) {
      Blob old = entries.put(sha256, blob);
      used += blob.bytes().capacity() - (old == null ? 0 : old.bytes().capacity());
      var it = entries.values().iterator();
      while (used > budget && it.hasNext()) {
        used -= it.next().bytes().capacity();
        it.remove();
      }
    }
  }
}
