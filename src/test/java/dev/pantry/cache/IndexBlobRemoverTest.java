package dev.pantry.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IndexBlobRemoverTest {
  @TempDir Path data;
  JdbcMetadataStore meta;
  DiskBlobStore blobs;
  IndexBlobRemover remover;

  @BeforeEach
  void open() throws Exception {
    JdbcConnectionPool pool = Database.open(data);
    meta = new JdbcMetadataStore(pool, pool::dispose);
    blobs = new DiskBlobStore(data);
    remover = new IndexBlobRemover(meta, blobs);
  }

  @AfterEach
  void close() {
    meta.close();
  }

  private String store(String content) throws Exception {
    try (BlobWriter w = blobs.create()) {
      w.write(content.getBytes(StandardCharsets.UTF_8), 0, content.length());
      return ((BlobWriter.Result.Stored) w.commit(null)).sha256();
    }
  }

  private FileKey cachedRow(String upstream, String filename, String sha, long size) {
    meta.upsertListing(List.of(FileRecord.listed(upstream, "p", filename, "https://u/" + filename, sha, size, null,
        null, null)));
    meta.markCached(upstream, "p", filename, sha, size, 1);
    return new FileKey(upstream, "p", filename);
  }

  @Test
  void remove_blobStillNamedByAnotherRow_keepsTheBlobUntilTheLastRowGoes() throws Exception {
    String sha = store("shared bytes");
    FileKey a = cachedRow("one", "p-1.0.tar.gz", sha, 12);
    FileKey b = cachedRow("two", "p-1.0.tar.gz", sha, 12);

    BlobRemover.Removal first = remover.remove(sha, List.of(a));

    assertEquals(new BlobRemover.Removal.Removed(1, 0, false), first);
    assertTrue(blobs.find(sha).isPresent());
    assertEquals(List.of(b), meta.cachedAs(sha).stream().map(FileKey::of).toList());

    BlobRemover.Removal last = remover.remove(sha, List.of(b));

    assertEquals(new BlobRemover.Removal.Removed(1, 12, true), last);
    assertTrue(blobs.find(sha).isEmpty());
    assertTrue(meta.cachedAs(sha).isEmpty());
  }

  @Test
  void remove_rowRecachedWithOtherBytes_leavesItAlone() throws Exception {
    String old = store("old bytes");
    String fresh = store("new bytes");
    FileKey row = cachedRow("one", "p-1.0.tar.gz", old, 9);
    meta.markCached("one", "p", "p-1.0.tar.gz", fresh, 9, 2); // re-cached after prune selected it

    BlobRemover.Removal r = remover.remove(old, List.of(row));

    assertEquals(new BlobRemover.Removal.Removed(0, 9, true), r, "the old blob had no row left");
    assertEquals(fresh, meta.findFile("one", "p", "p-1.0.tar.gz").orElseThrow().cachedSha256());
    assertTrue(blobs.find(fresh).isPresent());
  }

  @Test
  void remove_orphanWithoutRows_deletesItOnlyWhenNothingNamesIt() throws Exception {
    String orphan = store("orphan");
    String named = store("named");
    cachedRow("one", "p-2.0.tar.gz", named, 5);

    assertEquals(new BlobRemover.Removal.Removed(0, 6, true), remover.remove(orphan, List.of()));
    assertEquals(new BlobRemover.Removal.Removed(0, 0, false), remover.remove(named, List.of()));
    assertTrue(blobs.find(named).isPresent());
  }

  @Test
  void filesNaming_includesRowsThatOnlyListTheBlob() throws Exception {
    String sha = store("listed");
    FileKey cached = cachedRow("one", "p-3.0.tar.gz", sha, 6);
    meta.upsertListing(List.of(FileRecord.listed("two", "p", "p-3.0.tar.gz", "https://u/x", sha, 6L, null, null,
        null)));

    List<FileKey> naming = meta.filesNaming(sha);

    assertEquals(2, naming.size());
    assertTrue(naming.contains(cached) && naming.contains(new FileKey("two", "p", "p-3.0.tar.gz")));
  }
}
