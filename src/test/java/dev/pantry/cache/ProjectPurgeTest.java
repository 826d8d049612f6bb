package dev.pantry.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProjectPurgeTest {
  @TempDir Path data;
  JdbcMetadataStore meta;
  DiskBlobStore blobs;
  ProjectPurge purge;

  @BeforeEach
  void open() throws IOException {
    JdbcConnectionPool pool = Database.open(data);
    meta = new JdbcMetadataStore(pool, pool::dispose);
    blobs = new DiskBlobStore(data);
    purge = new ProjectPurge(meta, new JdbcCacheQueries(meta), blobs);
  }

  @AfterEach
  void close() {
    meta.close();
  }

  @Test
  void purge_blobSharedWithAnotherProject_staysUntilTheLastRowGoes() throws IOException {
    String shared = store("same bytes in two projects");
    String own = store("only in one");
    cache("one", "one-1.0.tar.gz", shared, 26);
    cache("one", "one-1.0-py3-none-any.whl", own, 11);
    cache("two", "two-1.0.tar.gz", shared, 26);

    ProjectPurge.Result first = purge.purge("one");
    assertEquals(new ProjectPurge.Result(2, 1, 11), first);
    assertTrue(blobs.find(shared).isPresent(), "project two still caches it");
    assertFalse(blobs.find(own).isPresent());
    assertTrue(meta.findFile("up", "one", "one-1.0.tar.gz").orElseThrow().sha256() != null, "row stays listed");
    assertFalse(meta.findFile("up", "one", "one-1.0.tar.gz").orElseThrow().cached());

    assertEquals(new ProjectPurge.Result(1, 1, 26), purge.purge("two"));
    assertFalse(blobs.find(shared).isPresent());
    assertEquals(new ProjectPurge.Result(0, 0, 0), purge.purge("two"), "a second purge finds nothing");
  }

  private String store(String content) throws IOException {
    try (BlobWriter w = blobs.create()) {
      w.write(ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8)));
      return ((BlobWriter.Result.Stored) w.commit(null)).sha256();
    }
  }

  private void cache(String project, String filename, String sha, long size) {
    meta.upsertListing(List.of(FileRecord.listed("up", project, filename, "https://example.org/" + filename, sha,
        size, null, null, null)));
    meta.markCached("up", project, filename, sha, size, 1);
  }
}
