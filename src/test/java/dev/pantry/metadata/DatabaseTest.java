package dev.pantry.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.MetadataSettings;
import dev.pantry.config.Secret;
import dev.pantry.error.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening, migrating and closing the metadata database. */
final class DatabaseTest {
  @TempDir Path data;

  /** The highest migration shipped, read from the classpath so a new migration does not break this test. */
  static int latestMigration() throws Exception {
    Path dir = Path.of(DatabaseTest.class.getClassLoader().getResource("db/migration").toURI());
    try (var names = Files.list(dir)) {
      return names.map(p -> p.getFileName().toString())
          .filter(n -> n.matches("V\\d+__.*\\.sql"))
          .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__"))))
          .max().orElseThrow();
    }
  }

  @Test
  void open_aDatabaseMadeByPantry01_keepsItsRowsAndMigrates() throws Exception {
    // The schema and a cached row as Pantry 0.1 left them, without Flyway's history table.
    Files.createDirectories(data.resolve("db"));
    String url = "jdbc:h2:file:" + data.resolve("db").resolve("pantry").toAbsolutePath() + Database.H2_OPTIONS;
    try (Connection c = DriverManager.getConnection(url, "pantry", ""); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE files (upstream_id VARCHAR(64) NOT NULL, project VARCHAR(200) NOT NULL, "
          + "filename VARCHAR(260) NOT NULL, url VARCHAR(8192) NOT NULL, sha256 VARCHAR(64), size BIGINT, "
          + "requires_python VARCHAR(2048), yanked VARCHAR(4096), upload_time VARCHAR(64), listed_at BIGINT NOT NULL, "
          + "cached_sha256 VARCHAR(64), cached_size BIGINT, cached_at BIGINT, last_access BIGINT, "
          + "hits BIGINT DEFAULT 0 NOT NULL, bytes_served BIGINT DEFAULT 0 NOT NULL, "
          + "fetch_count BIGINT DEFAULT 0 NOT NULL, bytes_fetched BIGINT DEFAULT 0 NOT NULL, "
          + "PRIMARY KEY (upstream_id, project, filename))");
      s.execute("CREATE TABLE pages (upstream_id VARCHAR(64) NOT NULL, project VARCHAR(200) NOT NULL, "
          + "fetched_at BIGINT NOT NULL, upstream_etag VARCHAR(1024), upstream_last_modified VARCHAR(128), "
          + "html_digest VARCHAR(64) NOT NULL, json_digest VARCHAR(64) NOT NULL, file_count INT NOT NULL, "
          + "PRIMARY KEY (upstream_id, project))");
      s.execute("INSERT INTO files (upstream_id, project, filename, url, sha256, listed_at, cached_sha256, cached_size)"
          + " VALUES ('main', 'demo', 'demo-1.0.whl', 'https://up/demo-1.0.whl', 'aa', 1, 'aa', 5)");
      s.execute("SHUTDOWN");
    }

    try (Database db = Database.open(MetadataSettings.defaults(), data)) {
      JdbcMetadataStore store = new JdbcMetadataStore(db, Clock.systemUTC());
      FileRecord kept = store.findFile(new FileKey("main", "demo", "demo-1.0.whl")).orElseThrow();
      assertEquals("aa", kept.cachedSha256());
      try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
        var r = s.executeQuery("SELECT MAX(\"version\") FROM \"flyway_schema_history\" WHERE \"success\"");
        r.next();
        assertEquals(String.valueOf(latestMigration()), r.getString(1));
        s.executeQuery("SELECT bundle_digest FROM pages").close();
      }
    }
  }

  @Test
  void open_twiceInARow_migratesOnce() {
    try (Database db = Database.open(MetadataSettings.defaults(), data)) {
      assertNull(db.health());
    }
    try (Database db = Database.open(MetadataSettings.defaults(), data)) {
      assertNull(db.health());
      assertEquals(Dialect.H2, db.dialect());
      assertTrue(db.describe().startsWith("H2 "));
    }
  }

  @Test
  void open_whileAnotherProcessHoldsTheFile_saysWhoToAsk() {
    try (Database first = Database.open(MetadataSettings.defaults(), data)) {
      assertNotNull(first);
      // A second pool in this JVM shares H2's in-process database; a second *process* is what H2 refuses, and the
      // message for its error code is what an operator reads.
      var e = new SQLException("Database may be already in use", "90020", 90020);
      assertTrue(Database.describe(e).contains("is `pantry serve` running"));
    }
  }

  @Test
  void health_afterClose_saysUnavailable() {
    Database db = Database.open(MetadataSettings.defaults(), data);
    db.close();
    assertNotNull(db.health());
  }

  @Test
  void open_unreachablePostgres_failsWithAOneLineReasonAndNoPassword() {
    MetadataSettings pg = new MetadataSettings("jdbc:postgresql://127.0.0.1:1/pantry", "pantry",
        Secret.of("pg-secret-XYZ"), 2, Duration.ofSeconds(1));
    StorageException e = assertThrows(StorageException.class, () -> Database.open(pg, data));
    assertTrue(e.getMessage().contains("PostgreSQL"), e.getMessage());
    assertTrue(!e.getMessage().contains("pg-secret-XYZ"));
    assertEquals(1, e.getMessage().lines().count());
  }

  @Test
  void redactUrl_dropsPasswordsAndUserInfo() {
    assertEquals("jdbc:postgresql://db:5432/p?user=REDACTED&password=REDACTED",
        Database.redactUrl("jdbc:postgresql://db:5432/p?user=u&password=s3cret"));
    assertEquals("jdbc:postgresql://db/p", Database.redactUrl("jdbc:postgresql://u:pw@db/p"));
  }

  private static FileKey key() {
    return new FileKey("main", "demo", "demo-1.0.whl");
  }

  private static void addRow(Database db) {
    JdbcMetadataStore store = new JdbcMetadataStore(db, Clock.systemUTC());
    store.upsertListing("main", "demo", List.of(FileRecord.listed("main", "demo", "demo-1.0.whl",
        "https://up/demo-1.0.whl", "aa", 5L, null, null, null)));
  }

  /** As a kill -9 leaves it: the file as written so far, no clean close. */
  private static void crash(Database db) throws Exception {
    try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN IMMEDIATELY");
    } catch (SQLException e) {
      assertEquals(90121, e.getErrorCode(), e.toString());
    }
  }

  @Test
  void open_afterACrash_rebuildsTheFileAndKeepsEveryCommittedRow() throws Exception {
    Database first = Database.open(MetadataSettings.defaults(), data);
    addRow(first);
    crash(first);

    try (Database db = Database.open(MetadataSettings.defaults(), data)) {
      assertTrue(new JdbcMetadataStore(db, Clock.systemUTC()).findFile(key()).isPresent());
    }
    // No dump or half-built file is left behind, and a clean close needs no rebuild next time.
    try (var listing = Files.list(data.resolve("db"))) {
      assertEquals(List.of("pantry.closed", "pantry.mv.db"), listing.map(p -> p.getFileName().toString())
          .filter(n -> !n.endsWith(".trace.db")).sorted().toList());
    }
    assertEquals(H2File.Recovery.NONE, new H2File(data, Database.H2_OPTIONS).prepare());
  }

  @Test
  void open_corruptFile_isMovedAsideAndANewDatabaseStarts() throws Exception {
    try (Database db = Database.open(MetadataSettings.defaults(), data)) {
      addRow(db);
    }
    Path file = data.resolve("db").resolve("pantry.mv.db");
    byte[] bytes = Files.readAllBytes(file);
    Arrays.fill(bytes, 0, bytes.length, (byte) 0x5a);
    Files.write(file, bytes);

    try (Database db = Database.open(MetadataSettings.defaults(), data)) {
      assertTrue(new JdbcMetadataStore(db, Clock.systemUTC()).findFile(key()).isEmpty(), "a new, empty index");
    }
    try (var listing = Files.list(data.resolve("db"))) {
      assertEquals(1, listing.filter(p -> p.getFileName().toString().startsWith("pantry.mv.db.corrupt-")).count(),
          "the damaged file is kept aside for inspection");
    }
  }
}
