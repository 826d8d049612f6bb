package dev.pantry.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pantry.storage.Blob;
import dev.pantry.storage.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;

/**
 * Small blobs held in memory, bounded by bytes, so a hit is one socket write instead of file reads. A cache: bytes are
 * hashed when loaded and kept only when they are the blob's sha256, and an entry is dropped when the blob is removed
 * anywhere ({@link #drop}, from the coordination seam's invalidations). Reads take no lock (Caffeine); which entry
 * leaves first is Caffeine's choice (frequency and recency), and the budget always holds.
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
  private final Cache<String, Kept> entries;

  /** A blob held in memory: its handle (for the response's headers) and its verified bytes, read-only. */
  record Kept(Blob blob, ByteBuffer bytes) {
    Kept view() {
      return new Kept(blob, bytes.duplicate());
    }
  }

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
    // Maintenance runs on the threads that write, so no pool thread is needed and eviction is prompt.
    this.entries = Caffeine.newBuilder().maximumWeight(budget)
        .weigher((String sha, Kept k) -> k.bytes().capacity()).executor(Runnable::run).build();
  }

  /** The kept bytes of {@code sha256}, or null; never reads the store. */
  @Nullable ByteBuffer peek(String sha256) {
    Kept k = entries.getIfPresent(sha256);
    return k == null ? null : k.bytes().duplicate();
  }

  /** The blob held in memory, with a view of its bytes of its own; null when it is not held. Never reads the store. */
  @Nullable Kept kept(String sha256) {
    Kept k = entries.getIfPresent(sha256);
    return k == null ? null : k.view();
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
    entries.put(blob.sha256(), new Kept(blob, buf));
    return new Load.Loaded(buf.duplicate());
  }

  /** Forgets a blob (it was removed, or found corrupt). */
  void drop(String sha256) {
    entries.invalidate(sha256);
  }

  /** Forgets everything. */
  void clear() {
    entries.invalidateAll();
  }

  /** Bytes held now. */
  long used() {
    entries.cleanUp();
    return entries.policy().eviction().orElseThrow().weightedSize().orElse(0);
  }
}
