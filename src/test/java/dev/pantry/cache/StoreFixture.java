package dev.pantry.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.h2.jdbcx.JdbcConnectionPool;

/** A real data directory for cache tests: blobs on disk and the H2 index, as the server opens them. */
final class StoreFixture implements AutoCloseable {
  final Path data;
  final DiskBlobStore blobs;
  final JdbcMetadataStore meta;

  StoreFixture(Path data) throws IOException {
    this.data = data;
    this.blobs = new DiskBlobStore(data);
    JdbcConnectionPool pool = Database.open(data);
    this.meta = new JdbcMetadataStore(pool, pool::dispose);
  }

  static byte[] bytes(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(BlobWriter.sha256().digest(bytes));
  }

  /** Lists a file as a page would, expecting {@code content}'s sha256. */
  void list(String filename, byte[] content) {
    meta.upsertListing(List.of(FileRecord.listed("pypi", "proj", filename, "http://up/" + filename,
        sha256(content), (long) content.length, null, null, null)));
  }

  /** Stores a blob (verified, renamed into place) without touching the index. */
  String storeBlob(byte[] content) throws IOException {
    try (BlobWriter w = blobs.create()) {
      w.write(ByteBuffer.wrap(content));
      BlobWriter.Result r = w.commit(sha256(content));
      return ((BlobWriter.Result.Stored) r).sha256();
    }
  }

  /** Lists, stores and indexes a file, as a finished download does, accessed at {@code when}. */
  String cache(String filename, byte[] content, long when) throws IOException {
    list(filename, content);
    String sha = storeBlob(content);
    meta.markCached("pypi", "proj", filename, sha, content.length, when);
    return sha;
  }

  FileRecord row(String filename) {
    return meta.findFile("pypi", "proj", filename).orElseThrow();
  }

  @Override
  public void close() {
    meta.close();
  }
}
