package dev.pantry.metadata;

import static dev.pantry.metadata.Db.key;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The row cache in front of a real H2 store: hits come from memory, every write and invalidation is seen at once. */
final class CachedRowsTest {
  @TempDir Path data;
  private Db db;
  private CachedRows rows;

  @BeforeEach
  void open() {
    db = new Db(data);
    rows = new CachedRows(db.store, 1000);
    rows.upsertListing("main", "demo", List.of(FileRecord.listed("main", "demo", "a.whl", "https://up/a.whl", "aa",
        10L, null, null, null)));
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void findFile_cachedRow_isServedFromMemory() throws Exception {
    rows.markCached(key("a.whl"), "aa", 10, 1);
    assertEquals("aa", rows.findFile(key("a.whl")).orElseThrow().cachedSha256());
    db.sql("UPDATE files SET cached_sha256 = NULL"); // behind the cache's back, as another process would
    assertEquals("aa", rows.findFile(key("a.whl")).orElseThrow().cachedSha256(), "no query for a hit");
    assertTrue(rows.peek(key("a.whl")).isPresent());
  }

  @Test
  void findFile_uncachedRow_isAlwaysRead() throws Exception {
    assertNull(rows.findFile(key("a.whl")).orElseThrow().cachedSha256());
    db.sql("UPDATE files SET cached_sha256 = 'aa'");
    assertEquals("aa", rows.findFile(key("a.whl")).orElseThrow().cachedSha256());
  }

  @Test
  void writes_throughTheStore_dropKeptRows() {
    rows.markCached(key("a.whl"), "aa", 10, 1);
    rows.findFile(key("a.whl"));
    rows.uncache("aa", List.of(key("a.whl")));
    assertFalse(rows.findFile(key("a.whl")).orElseThrow().cached());

    rows.markCached(key("a.whl"), "aa", 10, 1);
    rows.findFile(key("a.whl"));
    rows.forgetBlob("aa");
    assertFalse(rows.findFile(key("a.whl")).orElseThrow().cached());

    rows.markCached(key("a.whl"), "aa", 10, 1);
    rows.findFile(key("a.whl"));
    rows.upsertListing("main", "demo", List.of(FileRecord.listed("main", "demo", "a.whl", "https://up/a.whl", "bb",
        10L, null, "gone", null)));
    assertEquals("gone", rows.findFile(key("a.whl")).orElseThrow().yanked(), "a relisting is seen");
  }

  @Test
  void invalidations_fromElsewhere_dropWhatTheyName() throws Exception {
    rows.markCached(key("a.whl"), "aa", 10, 1);
    rows.findFile(key("a.whl"));
    db.sql("UPDATE files SET cached_sha256 = NULL");

    rows.dropBlob("zz");
    assertTrue(rows.peek(key("a.whl")).isPresent(), "another blob's invalidation keeps the row");
    rows.dropBlob("aa");
    assertFalse(rows.peek(key("a.whl")).isPresent());
    assertNull(rows.findFile(key("a.whl")).orElseThrow().cachedSha256());

    db.sql("UPDATE files SET cached_sha256 = 'aa'");
    rows.findFile(key("a.whl"));
    rows.dropProject("main", "other");
    assertTrue(rows.peek(key("a.whl")).isPresent());
    rows.dropName("demo");
    assertFalse(rows.peek(key("a.whl")).isPresent());
    rows.findFile(key("a.whl"));
    rows.dropAll();
    assertEquals(0, rows.size());
  }
}
