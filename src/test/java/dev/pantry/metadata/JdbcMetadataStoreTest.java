package dev.pantry.metadata;

import static dev.pantry.metadata.Db.key;
import static dev.pantry.metadata.Db.row;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata store against a real H2 file database; {@link Postgres} runs the same tests on PostgreSQL. */
class JdbcMetadataStoreTest {
  @TempDir Path data;
  private Db db;
  private JdbcMetadataStore store;

  /** The same contract on a fresh database of the throwaway PostgreSQL cluster. */
  static final class Postgres extends JdbcMetadataStoreTest {
    @Override
    Db newDb() {
      return new Db(Db.postgres(), data);
    }
  }

  Db newDb() {
    return new Db(data);
  }

  @BeforeEach
  void open() {
    db = newDb();
    store = db.store;
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void upsertListing_unchangedRows_areNotRewritten() throws Exception {
    store.upsertListing("main", "demo", List.of(row("a.whl", "aa", null), row("b.whl", "bb", null)));
    store.findFile(key("a.whl"));
    store.findFile(key("b.whl"));
    db.sql("UPDATE files SET listed_at = 1");

    store.upsertListing("main", "demo", List.of(row("a.whl", "aa", null), row("b.whl", "bb", "broken")));

    assertEquals(1, db.number("SELECT listed_at FROM files WHERE filename = 'a.whl'"), "unchanged row untouched");
    assertEquals("broken", store.findFile(key("b.whl")).orElseThrow().yanked());
    assertTrue(db.number("SELECT listed_at FROM files WHERE filename = 'b.whl'") > 1, "changed row rewritten");
  }

  @Test
  void upsertListing_newAndChangedRows_keepCachedState() {
    store.upsertListing("main", "demo", List.of(row("a.whl", "aa", null)));
    store.markCached(key("a.whl"), "aa", 10, 5);

    store.upsertListing("main", "demo", List.of(row("a.whl", "aa", "yanked now"), row("c.whl", "cc", null)));

    FileRecord a = store.findFile(key("a.whl")).orElseThrow();
    assertEquals("aa", a.cachedSha256(), "cached state survives a relisting");
    assertEquals("yanked now", a.yanked());
    FileRecord c = store.findFile(key("c.whl")).orElseThrow();
    assertNull(c.cachedSha256());
    assertEquals(Long.valueOf(10), c.size());
    assertEquals(2, store.filesOf("main", "demo").size(), "both were asked for, so both have rows");
  }

  @Test
  void upsertListing_filesNotAskedFor_getNoRowUntilFound() throws Exception {
    List<FileRecord> listing = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      listing.add(row("f" + i + ".whl", "%064x".formatted(i), i % 7 == 0 ? "old" : null));
    }
    store.upsertListing("main", "demo", listing);

    assertEquals(0, db.number("SELECT COUNT(*) FROM files"), "a listing alone writes no row");
    FileRecord found = store.findFile(key("f2996.whl")).orElseThrow();
    assertEquals(listing.get(2996), found);
    assertEquals("old", store.findFile(key("f2996.whl")).orElseThrow().yanked());
    assertEquals(1, db.number("SELECT COUNT(*) FROM files"), "the file asked for has its row now");
    assertTrue(store.findFile(key("missing.whl")).isEmpty());
    assertEquals(1, db.number("SELECT COUNT(*) FROM files"));
  }

  @Test
  void upsertListing_aNameListedTwice_keepsTheFirst() {
    store.upsertListing("main", "demo", List.of(row("a.whl", "aa", null), row("a.whl", "bb", null)));

    assertEquals("aa", store.findFile(key("a.whl")).orElseThrow().sha256());
  }

  @Test
  void upsertListing_aSecondListing_replacesTheFirst() {
    store.upsertListing("main", "demo", List.of(row("a.whl", "aa", null), row("b.whl", "bb", null)));
    store.upsertListing("main", "demo", List.of(row("b.whl", "b2", null)));

    assertTrue(store.findFile(key("a.whl")).isEmpty(), "a file no longer listed and never asked for is gone");
    assertEquals("b2", store.findFile(key("b.whl")).orElseThrow().sha256());
  }

  @Test
  void markCached_aListedFileWithoutARow_makesItsRow() {
    store.upsertListing("main", "demo", List.of(row("a.whl", "aa", null)));

    assertTrue(store.markCached(key("a.whl"), "aa", 10, 5));
    assertEquals("aa", store.findFile(key("a.whl")).orElseThrow().cachedSha256());
    assertFalse(store.markCached(key("unlisted.whl"), "aa", 10, 5));
  }

  @Test
  void findFile_anUnreadableListing_countsAsNone() throws Exception {
    store.upsertListing("main", "demo", List.of(row("a.whl", "aa", null)));
    db.sql("UPDATE listings SET entries = ?", new byte[] {0, 1, 2, 3});

    assertTrue(store.findFile(key("a.whl")).isEmpty());
  }

  @Test
  void upsertListing_nullsOfEveryType_areStoredAsNulls() {
    store.upsertListing("main", "demo", List.of(FileRecord.listed("main", "demo", "x.tar.gz", "https://up/x", null,
        null, null, null, null)));
    FileRecord x = store.findFile(key("x.tar.gz")).orElseThrow();
    assertNull(x.size());
    assertNull(x.sha256());
    assertNull(x.uploadTime());
  }

  @Test
  void upsertListing_aRowOfAnotherProject_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> store.upsertListing("main", "other",
        List.of(row("a.whl", "aa", null))));
  }

  @Test
  void restore_lostRow_isRecreatedCached() {
    assertTrue(store.restore(key("lost.whl"), "https://up/lost.whl", "ab".repeat(32), 77, 1234));

    FileRecord r = store.findFile(key("lost.whl")).orElseThrow();
    assertEquals("ab".repeat(32), r.cachedSha256());
    assertEquals("ab".repeat(32), r.sha256());
    assertEquals(Long.valueOf(77), r.cachedSize());
    assertEquals(Long.valueOf(1234), r.cachedAt());
    assertFalse(store.restore(key("lost.whl"), "https://up/lost.whl", "ab".repeat(32), 77, 1234), "once is enough");
  }

  @Test
  void restore_rowListingOtherBytes_isLeftAlone() {
    store.upsertListing("main", "demo", List.of(row("a.whl", "cd".repeat(32), null)));

    assertFalse(store.restore(key("a.whl"), "https://up/a.whl", "ab".repeat(32), 10, 1));
    assertNull(store.findFile(key("a.whl")).orElseThrow().cachedSha256());
  }

  @Test
  void uncache_blobStillNamedElsewhere_reportsIt() {
    String sha = "ee".repeat(32);
    store.upsertListing("main", "demo", List.of(row("a.whl", sha, null), row("b.whl", sha, null)));
    store.markCached(key("a.whl"), sha, 10, 1);
    store.markCached(key("b.whl"), sha, 10, 1);

    MetadataStore.Uncached first = store.uncache(sha, List.of(key("a.whl")));
    assertEquals(new MetadataStore.Uncached(1, 1), first);
    assertEquals(new MetadataStore.Uncached(1, 0), store.uncache(sha, List.of(key("b.whl"))));
    assertEquals(new MetadataStore.Uncached(0, 0), store.uncache(sha, List.of(key("b.whl"))), "idempotent");
  }

  @Test
  void filesNaming_includesRowsThatOnlyListTheBlob() {
    String sha = "ff".repeat(32);
    store.upsertListing("main", "demo", List.of(row("a.whl", sha, null)));
    store.markCached(key("a.whl"), sha, 10, 1);
    store.upsertListing("other", "demo", List.of(FileRecord.listed("other", "demo", "a.whl", "https://u/x", sha, 6L,
        null, null, null)));
    store.findFile(new FileKey("other", "demo", "a.whl")); // asked for, so it has a row that lists the blob

    List<FileKey> naming = store.filesNaming(sha);

    assertEquals(2, naming.size());
    assertTrue(naming.contains(key("a.whl")) && naming.contains(new FileKey("other", "demo", "a.whl")));
  }

  @Test
  void pages_saveFindTouch_roundTrip() {
    PageRecord p = new PageRecord("main", "demo", 100, "\"e\"", null, "h".repeat(64), "j".repeat(64), 3,
        "b".repeat(64), 900, "quarantined");
    store.savePage(p);
    assertEquals(p, store.findPage("main", "demo").orElseThrow());
    assertTrue(store.findPage("main", "demo").orElseThrow().quarantined());

    store.touchPage("main", "demo", 200);
    assertEquals(200, store.findPage("main", "demo").orElseThrow().fetchedAt());
    store.savePage(p.fetchedAt(300));
    assertEquals(300, store.findPage("main", "demo").orElseThrow().fetchedAt(), "a second save replaces the row");
    assertEquals(List.of("b".repeat(64)), store.bundleDigests());
  }

  @Test
  void recordAccess_addsHitsAndKeepsTheLatestTime() {
    store.upsertListing("main", "demo", List.of(row("a.whl", "aa", null)));
    store.findFile(key("a.whl")); // a file is looked up before it is served
    store.recordAccess(List.of(new MetadataStore.Access(key("a.whl"), 2, 50, 20)));
    store.recordAccess(List.of(new MetadataStore.Access(key("a.whl"), 3, 40, 30)));

    FileRecord a = store.findFile(key("a.whl")).orElseThrow();
    assertEquals(5, a.hits());
    assertEquals(Long.valueOf(50), a.lastAccess());
  }
}
