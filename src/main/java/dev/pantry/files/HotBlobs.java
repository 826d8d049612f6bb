package dev.pantry.files;

import dev.pantry.storage.Blob;
import dev.pantry.storage.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Small blobs held in memory, least recently used first out, so a hit is one socket write instead of file reads. A
 * cache: bytes are hashed when loaded and kept only when they are the blob's sha256, and an entry is dropped when the
 * blob is removed anywhere ({@link #drop}, from the coordination seam's invalidations).
 */
final class HotBlobs {
  /** What loading a blob into memory came to. */
  sealed interface Load {
    /** Read-only, position 0. */
    record Loaded(ByteBuffer bytes) implements Load {}

    /** Larger than what is kept in memory; serve it from the store. */
    record TooLarge() implements Load {}

    /** The stored bytes do not hash to the blob's name: the blob has rotted. */
    record Corrupt(String actual) implements Load {}

    /** The store could not be read (the blob went, the medium failed). */
    record Unreadable(String reason) implements Load {}
  }

  private final long budget;
  private final int maxEntry;
  private final Map<String, ByteBuffer> entries = new LinkedHashMap<>(64, 0.75f, true);
  private long used;

  /**
   * @param budget   total bytes held at most
   * @param maxEntry the largest blob held; larger ones are never loaded
   */
  HotBlobs(long budget, int maxEntry) {
    if (budget < 0 || maxEntry < 0) {
      throw new IllegalArgumentException("budget and maxEntry must not be negative");
    }
    this.budget = budget;
    this.maxEntry = maxEntry;
  }

  /** The kept bytes of {@code sha256}, or null; never reads the store. */
  @Nullable ByteBuffer peek(String sha256) {
    synchronized (entries) {
      ByteBuffer b = entries.get(sha256);
      return b == null ? null : b.duplicate();
    }
  }

  /** The blob's bytes from memory, or read and verified now. */
  Load get(Blob blob) {
    ByteBuffer kept = peek(blob.sha256());
    if (kept != null) {
      return new Load.Loaded(kept);
    }
    if (blob.size() > maxEntry || blob.size() > budget) {
      return new Load.TooLarge();
    }
    byte[] bytes = new byte[(int) blob.size()];
    MessageDigest digest = Digests.sha256();
    try (InputStream in = blob.open()) {
      int off = 0;
      while (off < bytes.length) {
        int n = in.read(bytes, off, bytes.length - off);
        if (n < 0) {
          return new Load.Unreadable("blob ended early");
        }
        off += n;
      }
    } catch (IOException | RuntimeException e) {
      return new Load.Unreadable(String.valueOf(e.getMessage()));
    }
    String actual = Digests.hex(digest.digest(bytes));
    if (!actual.equals(blob.sha256())) {
      return new Load.Corrupt(actual);
    }
    ByteBuffer buf = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
    remember(blob.sha256(), buf);
    return new Load.Loaded(buf.duplicate());
  }

  /** Forgets a blob (it was removed, or found corrupt). */
  void drop(String sha256) {
    synchronized (entries) {
      ByteBuffer old = entries.remove(sha256);
      if (old != null) {
        used -= old.capacity();
      }
    }
  }

  /** Forgets everything. */
  void clear() {
    synchronized (entries) {
      entries.clear();
      used = 0;
    }
  }

  /** Bytes held now. */
  long used() {
    synchronized (entries) {
      return used;
    }
  }

  private void remember(String sha256, ByteBuffer bytes) {
    synchronized (entries) {
      ByteBuffer old = entries.put(sha256, bytes);
      used += bytes.capacity() - (old == null ? 0 : old.capacity());
      var it = entries.values().iterator();
      while (used > budget && it.hasNext()) {
        used -= it.next().capacity();
        it.remove();
      }
    }
  }
}
