package dev.pantry.storage;

import dev.pantry.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Blobs on local disk, laid out by {@link DiskLayout}. A commit forces the bytes to disk, writes the record (temp
 * name, force, rename), then renames the blob into place: a crash leaves no blob, or a whole one with its record.
 * A record whose blob never arrived is removed by {@link #sweep}.
 */
public final class DiskBlobStore implements BlobStore {
  /** Below this much free space the store reports itself full: the database and renderings need room too. */
  static final long RESERVE_BYTES = 16L << 20;

  private final DiskLayout layout;
  private final Clock clock;
  private final Striped locks = new Striped(64);

  public DiskBlobStore(DiskLayout layout, Clock clock) throws IOException {
    this.layout = layout;
    this.clock = clock;
    Files.createDirectories(layout.root());
    Files.createDirectories(layout.temp());
  }

  @Override
  public Optional<Blob> find(String sha256) {
    if (!Digests.isSha256(sha256)) {
      return Optional.empty();
    }
    Path p = layout.blob(sha256);
    try {
      BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
      return a.isRegularFile()
          ? Optional.of(new DiskBlob(sha256, a.size(), a.lastModifiedTime().toInstant(), p))
          : Optional.empty();
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read blob " + sha256 + ": " + e.getMessage(), e);
    }
  }

  @Override
  public BlobUpload begin() throws IOException {
    Path part = layout.part(UUID.randomUUID().toString());
    return new DiskUpload(this, part, FileChannel.open(part, StandardOpenOption.CREATE_NEW,
        StandardOpenOption.WRITE));
  }

  @Override
  public Optional<BlobRecord> record(String sha256) {
    if (!Digests.isSha256(sha256)) {
      return Optional.empty();
    }
    try {
      return BlobRecord.fromJson(Files.readAllBytes(layout.record(sha256)))
          .filter(r -> r.sha256().equals(sha256));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot read the record of blob " + sha256 + ": " + e.getMessage(), e);
    }
  }

  @Override
  public boolean addName(String sha256, BlobName name) {
    if (!Digests.isSha256(sha256)) {
      return false;
    }
    synchronized (locks.of(sha256)) {
      Optional<Blob> blob = find(sha256);
      if (blob.isEmpty()) {
        return false;
      }
      BlobRecord old = record(sha256).orElse(new BlobRecord(sha256, blob.get().size(), blob.get().storedAt(),
          List.of()));
      BlobRecord updated = old.with(name);
      if (updated != old || !Files.exists(layout.record(sha256))) {
        try {
          writeRecord(updated);
        } catch (IOException e) {
          throw new StorageException("cannot write the record of blob " + sha256 + ": " + e.getMessage(), e);
        }
      }
      return true;
    }
  }

  @Override
  public boolean delete(String sha256) {
    if (!Digests.isSha256(sha256)) {
      return false;
    }
    synchronized (locks.of(sha256)) {
      try {
        // The blob first: a record without a blob is swept, a blob without a record would lose its names.
        boolean existed = Files.deleteIfExists(layout.blob(sha256));
        Files.deleteIfExists(layout.record(sha256));
        return existed;
      } catch (IOException e) {
        throw new StorageException("cannot delete blob " + sha256 + ": " + e.getMessage(), e);
      }
    }
  }

  @Override
  public void forEach(Consumer<String> each) throws IOException {
    for (Path a : children(layout.root())) {
      for (Path b : children(a)) {
        for (Path f : children(b)) {
          String name = f.getFileName().toString();
          if (Digests.isSha256(name)) {
            each.accept(name);
          }
        }
      }
    }
  }

  /** Removes abandoned uploads and records whose blob never arrived. Run it before serving. */
  @Override
  public int sweep() throws IOException {
    int removed = 0;
    for (Path p : children(layout.temp())) {
      if (Files.deleteIfExists(p)) {
        removed++;
      }
    }
    for (Path a : children(layout.root())) {
      for (Path b : children(a)) {
        for (Path f : children(b)) {
          String name = f.getFileName().toString();
          if (name.endsWith(DiskLayout.RECORD_SUFFIX)) {
            String sha = name.substring(0, name.length() - DiskLayout.RECORD_SUFFIX.length());
            if (!Files.exists(f.resolveSibling(sha)) && Files.deleteIfExists(f)) {
              removed++;
            }
          } else if (!Digests.isSha256(name) && Files.deleteIfExists(f)) {
            removed++; // a record's temp file cut short by a crash
          }
        }
      }
    }
    return removed;
  }

  @Override
  public StoreHealth health() {
    Path probe = layout.temp().resolve("probe-" + UUID.randomUUID());
    try {
      Files.write(probe, new byte[] {1}, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      Files.delete(probe);
      long free = Files.getFileStore(layout.root()).getUsableSpace();
      return free < RESERVE_BYTES ? new StoreHealth("full (" + free / 1024 + " KiB free)", free) : StoreHealth.ok(free);
    } catch (AccessDeniedException e) {
      return StoreHealth.failing("not writable (access denied)");
    } catch (FileSystemException e) {
      String reason = e.getReason() == null ? e.getClass().getSimpleName() : e.getReason();
      return StoreHealth.failing(reason.toLowerCase(Locale.ROOT).contains("read-only") ? "read-only"
          : reason.toLowerCase(Locale.ROOT).contains("space") ? "full" : "not writable (" + reason + ")");
    } catch (IOException e) {
      return StoreHealth.failing("not writable (" + e.getClass().getSimpleName() + ")");
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // The next sweep removes it.
      }
    }
  }

  @Override
  public String describe() {
    return "disk " + layout;
  }

  /** Publishes an upload's temp file as {@code sha256}; see the class comment for the order. */
  Blob publish(Path part, String sha256, long size, @Nullable BlobName name) throws IOException {
    synchronized (locks.of(sha256)) {
      Path target = layout.blob(sha256);
      Path dir = layout.dir(sha256);
      Files.createDirectories(dir);
      Instant now = clock.instant();
      BlobRecord existing = Files.exists(target) ? record(sha256).orElse(null) : null;
      BlobRecord record = existing != null ? existing : new BlobRecord(sha256, size, now, List.of());
      writeRecord(name == null ? record : record.with(name));
      // A rename, never a rewrite: a reader (or a mapping) of an existing blob keeps its inode, whole.
      Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      forceDirectory(dir);
      return new DiskBlob(sha256, size, Files.getLastModifiedTime(target).toInstant(), target);
    }
  }

  private void writeRecord(BlobRecord record) throws IOException {
    Path target = layout.record(record.sha256());
    Files.createDirectories(layout.dir(record.sha256()));
    Path tmp = layout.dir(record.sha256()).resolve(record.sha256() + "." + UUID.randomUUID() + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(record.toJson());
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** Makes the renames into {@code dir} durable; best effort where the platform cannot open a directory. */
  private static void forceDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      // Not every file system lets a directory be opened; the rename itself is still atomic.
    }
  }

  private static List<Path> children(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(out::add);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    return out;
  }

  /** A committed blob on disk. */
  private record DiskBlob(String sha256, long size, Instant storedAt, Path path) implements Blob, LocalFile {
    @Override
    public InputStream open(long offset, long length) throws IOException {
      if (offset < 0 || length < 0 || offset + length > size) {
        throw new IllegalArgumentException("range " + offset + "+" + length + " outside " + size + " bytes");
      }
      FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
      ch.position(offset);
      return new BoundedStream(Channels.newInputStream(ch), length, sha256);
    }

    @Override
    public Optional<LocalFile> local() {
      return Optional.of(this);
    }

    @Override
    public FileChannel openChannel() throws IOException {
      return FileChannel.open(path, StandardOpenOption.READ);
    }

    @Override
    public String relativePath() {
      return DiskLayout.relative(sha256);
    }

    @Override
    public String absolutePath() {
      return path.toString();
    }

    @Override
    public String toString() {
      return "blob " + sha256 + " (" + size + " bytes)";
    }
  }
}
