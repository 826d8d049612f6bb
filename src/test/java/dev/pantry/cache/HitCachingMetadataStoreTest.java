package dev.pantry.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hit cache in front of a real H2 store: hits come from memory, and every write through it is seen at once. */
final class HitCachingMetadataStoreTest {
  @TempDir Path data;
  private JdbcConnectionPool pool;
  private HitCachingMetadataStore store;

  @BeforeEach
  void open() {
    pool = Database.open(data);
    store = new HitCachingMetadataStore(new JdbcMetadataStore(pool, () -> Database.close(pool)));
    store.upsertListing(List.of(FileRecord.listed("main", "demo", "a.whl", "https://up.example/a.whl", "aa", 10L,
        null, null, null)));
  }

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void findFile_cachedRow_isServedFromMemory() throws Exception {
    store.markCached("main", "demo", "a.whl", "aa", 10, 1);
    assertEquals("aa", store.findFile("main", "demo", "a.whl").orElseThrow().cachedSha256());
    sql("UPDATE files SET cached_sha256 = NULL");  // behind the cache's back: only this test does that
    assertEquals("aa", store.findFile("main", "demo", "a.whl").orElseThrow().cachedSha256(), "no query for a hit");
  }

  @Test
  void findFile_uncachedRow_isAlwaysRead() throws Exception {
    assertNull(store.findFile("main", "demo", "a.whl").orElseThrow().cachedSha256());
    sql("UPDATE files SET cached_sha256 = 'aa'");
    assertEquals("aa", store.findFile("main", "demo", "a.whl").orElseThrow().cachedSha256());
  }

  @Test
  void writes_throughTheStore_dropKeptRows() {
    store.markCached("main", "demo", "a.whl", "aa", 10, 1);
    store.findFile("main", "demo", "a.whl");
    store.markUncached("main", "demo", "a.whl");
    assertFalse(store.findFile("main", "demo", "a.whl").orElseThrow().cached());

    store.markCached("main", "demo", "a.whl", "aa", 10, 1);
    store.findFile("main", "demo", "a.whl");
    store.uncache("aa", List.of(new FileKey("main", "demo", "a.whl")));
    assertFalse(store.findFile("main", "demo", "a.whl").orElseThrow().cached());

    store.markCached("main", "demo", "a.whl", "aa", 10, 1);
    store.findFile("main", "demo", "a.whl");
    store.forgetBlob("aa");
    assertFalse(store.findFile("main", "demo", "a.whl").orElseThrow().cached());

    store.markCached("main", "demo", "a.whl", "aa", 10, 1);
    store.findFile("main", "demo", "a.whl");
    store.upsertListing(List.of(FileRecord.listed("main", "demo", "a.whl", "https://up.example/a.whl", "bb", 10L,
        null, "gone", null)));
    assertEquals("gone", store.findFile("main", "demo", "a.whl").orElseThrow().yanked(), "a relisting is seen");
  }

  private void sql(String statement) throws Exception {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate(statement);
    }
  }
}
