package dev.pantry.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Listing upserts against a real H2 file database: only new and changed rows are written. */
final class ListingSqlTest {
  @TempDir Path data;
  private JdbcConnectionPool pool;
  private JdbcMetadataStore store;

  @BeforeEach
  void open() {
    pool = Database.open(data);
    store = new JdbcMetadataStore(pool, () -> Database.close(pool));
  }

  @AfterEach
  void close() {
    store.close();
  }

  private static FileRecord row(String filename, String sha, String yanked) {
    return FileRecord.listed("main", "demo", filename, "https://up.example/" + filename, sha, 10L, ">=3.8", yanked,
        null);
  }

  @Test
  void upsertListing_unchangedRows_areNotRewritten() throws Exception {
    store.upsertListing(List.of(row("a.whl", "aa", null), row("b.whl", "bb", null)));
    setListedAt("a.whl", 1);
    setListedAt("b.whl", 1);

    store.upsertListing(List.of(row("a.whl", "aa", null), row("b.whl", "bb", "broken")));

    assertEquals(1, listedAt("a.whl"), "unchanged row untouched");
    assertEquals("broken", store.findFile("main", "demo", "b.whl").orElseThrow().yanked());
    assertTrue(listedAt("b.whl") > 1, "changed row rewritten");
  }

  @Test
  void upsertListing_newAndChangedRows_keepCachedState() {
    store.upsertListing(List.of(row("a.whl", "aa", null)));
    store.markCached("main", "demo", "a.whl", "aa", 10, 5);

    store.upsertListing(List.of(row("a.whl", "aa", "yanked now"), row("c.whl", "cc", null)));

    FileRecord a = store.findFile("main", "demo", "a.whl").orElseThrow();
    assertEquals("aa", a.cachedSha256(), "cached state survives a relisting");
    assertEquals("yanked now", a.yanked());
    FileRecord c = store.findFile("main", "demo", "c.whl").orElseThrow();
    assertNull(c.cachedSha256());
    assertEquals(Long.valueOf(10), c.size());
    assertEquals(2, store.filesOf("main", "demo").size());
  }

  @Test
  void upsertListing_nullSize_isStoredAsNull() {
    store.upsertListing(List.of(FileRecord.listed("main", "demo", "x.tar.gz", "https://up.example/x", null, null,
        null, null, null)));
    assertNull(store.findFile("main", "demo", "x.tar.gz").orElseThrow().size());
  }

  private void setListedAt(String filename, long value) throws Exception {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("UPDATE files SET listed_at = ? WHERE filename = ?")) {
      s.setLong(1, value);
      s.setString(2, filename);
      s.executeUpdate();
    }
  }

  private long listedAt(String filename) throws Exception {
    try (Connection c = pool.getConnection();
        PreparedStatement s = c.prepareStatement("SELECT listed_at FROM files WHERE filename = ?")) {
      s.setString(1, filename);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return r.getLong(1);
      }
    }
  }
}
