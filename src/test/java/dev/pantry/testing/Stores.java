package dev.pantry.testing;

import dev.pantry.config.MetadataSettings;
import dev.pantry.coordination.LocalCoordinator;
import dev.pantry.metadata.Database;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.JdbcMetadataStore;
import dev.pantry.storage.BlobName;
import dev.pantry.storage.BlobStore;
import dev.pantry.storage.BlobUpload;
import dev.pantry.storage.Digests;
import dev.pantry.storage.DiskBlobStore;
import dev.pantry.storage.DiskLayout;
import dev.pantry.storage.MemoryBlobStore;
import dev.pantry.storage.UploadResult;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Random;

/**
 * Real backends for tests below the server: an H2 metadata index, a blob store (on disk, or in memory), the
 * renderings store and an in-process coordinator, as the composition root opens them, with helpers that list, store
 * and cache files the way a page fetch and a download do. Project {@code proj} of upstream {@code pypi}.
 */
public final class Stores implements AutoCloseable {
  public final Database database;
  public final JdbcMetadataStore meta;
  public final BlobStore blobs;
  public final BlobStore renderings;
  public final LocalCoordinator coordinator = new LocalCoordinator();
  public final Clock clock;
  private final java.util.Map<String, FileRecord> listed = new java.util.LinkedHashMap<>();

  private Stores(Path data, BlobStore blobs, Clock clock) throws IOException {
    this.database = Database.open(MetadataSettings.defaults(), data);
    this.meta = new JdbcMetadataStore(database, clock);
    this.blobs = blobs;
    this.renderings = new DiskBlobStore(DiskLayout.renderings(data), clock);
    this.clock = clock;
  }

  /** Blobs on disk in {@code data}. */
  public static Stores onDisk(Path data) throws IOException {
    return new Stores(data, new DiskBlobStore(DiskLayout.artifacts(data), Clock.systemUTC()), Clock.systemUTC());
  }

  /** Blobs in memory; the index in {@code data}. */
  public static Stores inMemory(Path data) throws IOException {
    return new Stores(data, new MemoryBlobStore(), Clock.systemUTC());
  }

  public static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  public static FileKey key(String filename) {
    return new FileKey("pypi", "proj", filename);
  }

  /** Lists a file as a page would, expecting {@code content}'s sha256. */
  public void list(String filename, byte[] content) {
    // The page lists every file listed so far, as a real page would: a listing replaces the one before it.
    listed.put(filename, FileRecord.listed("pypi", "proj", filename, "http://up/" + filename,
        Digests.sha256Hex(content), (long) content.length, null, null, null));
    meta.upsertListing("pypi", "proj", List.copyOf(listed.values()));
  }

  /** Stores a blob (verified, with its record naming {@code filename}) without touching the index. */
  public String storeBlob(String filename, byte[] content) throws IOException {
    try (BlobUpload w = blobs.begin()) {
      w.write(ByteBuffer.wrap(content));
      UploadResult r = w.commit(Digests.sha256Hex(content), new BlobName("pypi", "proj", filename,
          "http://up/" + filename));
      return ((UploadResult.Stored) r).blob().sha256();
    }
  }

  /** Lists, stores and indexes a file, as a finished download does, cached at {@code when}. */
  public String cache(String filename, byte[] content, long when) throws IOException {
    list(filename, content);
    String sha = storeBlob(filename, content);
    meta.markCached(key(filename), sha, content.length, when);
    return sha;
  }

  public FileRecord row(String filename) {
    return meta.findFile(key(filename)).orElseThrow();
  }

  @Override
  public void close() {
    meta.close();
  }
}
