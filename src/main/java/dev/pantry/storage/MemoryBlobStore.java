package dev.pantry.storage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Blobs in memory, up to a capacity: a real store for tests and for a throwaway mirror, held to the same contract as
 * the disk and S3 stores. Past its capacity a write fails as a full disk would.
 */
public final class MemoryBlobStore implements BlobStore {
  private final ConcurrentHashMap<String, Entry> blobs = new ConcurrentHashMap<>();
  private final AtomicLong used = new AtomicLong();
  private final long capacity;
  private final Clock clock;

  private record Entry(byte[] bytes, Instant storedAt, BlobRecord record) {}

  /** A store holding at most {@code capacity} bytes, counting uploads in progress. */
  public MemoryBlobStore(long capacity, Clock clock) {
    this.capacity = capacity;
    this.clock = clock;
  }

  public MemoryBlobStore() {
    this(Long.MAX_VALUE, Clock.systemUTC());
  }

  @Override
  public Optional<Blob> find(String sha256) {
    Entry e = Digests.isSha256(sha256) ? blobs.get(sha256) : null;
    return e == null ? Optional.empty() : Optional.of(new MemoryBlob(sha256, e.bytes(), e.storedAt()));
  }

  @Override
  public BlobUpload begin() {
    return new MemoryUpload();
  }

  @Override
  public Optional<BlobRecord> record(String sha256) {
    Entry e = Digests.isSha256(sha256) ? blobs.get(sha256) : null;
    return e == null ? Optional.empty() : Optional.of(e.record());
  }

  @Override
  public boolean addName(String sha256, BlobName name) {
    return Digests.isSha256(sha256)
        && blobs.computeIfPresent(sha256, (k, e) -> new Entry(e.bytes(), e.storedAt(), e.record().with(name))) != null;
  }

  @Override
  public boolean delete(String sha256) {
    Entry e = Digests.isSha256(sha256) ? blobs.remove(sha256) : null;
    if (e != null) {
      used.addAndGet(-e.bytes().length);
    }
    return e != null;
  }

  @Override
  public void forEach(Consumer<String> each) {
    new ArrayList<>(blobs.keySet()).forEach(each);
  }

  @Override
  public int sweep() {
    return 0; // an upload that is not committed holds nothing once it is closed
  }

  @Override
  public StoreHealth health() {
    long free = capacity - used.get();
    return free <= 0 ? new StoreHealth("full", 0) : StoreHealth.ok(free);
  }

  @Override
  public String describe() {
    return "memory";
  }

  /** Bytes held, uploads in progress included. */
  public long used() {
    return used.get();
  }

  private void reserve(int n) throws IOException {
    long after = used.addAndGet(n);
    if (after > capacity) {
      used.addAndGet(-n);
      throw new IOException("No space left on device (memory store of " + capacity + " bytes is full)");
    }
  }

  private final class MemoryUpload extends DigestingUpload {
    private final List<byte[]> chunks = new ArrayList<>();
    private byte[] buffer = new byte[0];
    private int length;
    private long reserved;

    @Override
    void keep(ByteBuffer chunk) throws IOException {
      int n = chunk.remaining();
      reserve(n);
      reserved += n;
      synchronized (this) {
        if (length + n > buffer.length) {
          buffer = Arrays.copyOf(buffer, Math.max(length + n, buffer.length * 2));
        }
        chunk.get(buffer, length, n);
        length += n;
      }
    }

    @Override
    public UploadReader reader() {
      return new UploadReader() {
        @Override
        public int read(ByteBuffer dst, long position) {
          synchronized (MemoryUpload.this) {
            if (position >= length) {
              return -1;
            }
            int n = (int) Math.min(dst.remaining(), length - position);
            dst.put(buffer, (int) position, n);
            return n;
          }
        }

        @Override
        public void close() {}
      };
    }

    @Override
    Blob publish(String sha256, long size, @Nullable BlobName name) {
      byte[] bytes;
      synchronized (this) {
        bytes = Arrays.copyOf(buffer, length);
      }
      Instant now = clock.instant();
      Entry e = blobs.compute(sha256, (k, old) -> {
        BlobRecord r = old != null ? old.record() : new BlobRecord(sha256, size, now, List.of());
        if (old != null) {
          used.addAndGet(-old.bytes().length);
        }
        return new Entry(bytes, old != null ? old.storedAt() : now, name == null ? r : r.with(name));
      });
      // The upload's reservation now belongs to the stored blob.
      reserved = 0;
      chunks.clear();
      return new MemoryBlob(sha256, e.bytes(), e.storedAt());
    }

    @Override
    void discard() {
      used.addAndGet(-reserved);
      reserved = 0;
    }
  }

  private record MemoryBlob(String sha256, byte[] bytes, Instant storedAt) implements Blob {
    @Override
    public long size() {
      return bytes.length;
    }

    @Override
    public InputStream open(long offset, long length) {
      if (offset < 0 || length < 0 || offset + length > bytes.length) {
        throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + bytes.length + " bytes");
      }
      return new ByteArrayInputStream(bytes, (int) offset, (int) length);
    }

    @Override
    public Optional<LocalFile> local() {
      return Optional.empty();
    }
  }
}
