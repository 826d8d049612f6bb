package dev.pantry.cache;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * Opens the H2 file database in PostgreSQL mode and creates the schema. The SQL stays portable so the same statements
 * run on PostgreSQL when metadata moves there.
 */
public final class Database {
  private static final String[] SCHEMA = {
    """
    CREATE TABLE IF NOT EXISTS files (
      upstream_id VARCHAR(64) NOT NULL,
      project VARCHAR(200) NOT NULL,
      filename VARCHAR(260) NOT NULL,
      url VARCHAR(8192) NOT NULL,
      sha256 VARCHAR(64),
      size BIGINT,
      requires_python VARCHAR(2048),
      yanked VARCHAR(4096),
      upload_time VARCHAR(64),
      listed_at BIGINT NOT NULL,
      cached_sha256 VARCHAR(64),
      cached_size BIGINT,
      cached_at BIGINT,
      last_access BIGINT,
      hits BIGINT DEFAULT 0 NOT NULL,
      bytes_served BIGINT DEFAULT 0 NOT NULL,
      fetch_count BIGINT DEFAULT 0 NOT NULL,
      bytes_fetched BIGINT DEFAULT 0 NOT NULL,
      PRIMARY KEY (upstream_id, project, filename))""",
    "CREATE INDEX IF NOT EXISTS files_cached_sha ON files (cached_sha256)",
    "CREATE INDEX IF NOT EXISTS files_project ON files (project)",
    // Prune and verify ask which rows list a blob, to leave it alone while any of them is being downloaded.
    "CREATE INDEX IF NOT EXISTS files_sha ON files (sha256)",
    """
    CREATE TABLE IF NOT EXISTS pages (
      upstream_id VARCHAR(64) NOT NULL,
      project VARCHAR(200) NOT NULL,
      fetched_at BIGINT NOT NULL,
      upstream_etag VARCHAR(1024),
      upstream_last_modified VARCHAR(128),
      html_digest VARCHAR(64) NOT NULL,
      json_digest VARCHAR(64) NOT NULL,
      file_count INT NOT NULL,
      PRIMARY KEY (upstream_id, project))""",
  };

  private Database() {}

  /** Opens (creating if needed) {@code <data>/db/pantry.mv.db}; H2 closes it when the JVM exits. */
  public static JdbcConnectionPool open(Path dataDir) {
    return open(dataDir, true);
  }

  /**
   * Opens the database. With {@code closeOnExit} false, H2 registers no shutdown hook of its own: the server closes it
   * (with {@link #shutdown}) after a graceful stop, so downloads finishing during the stop can still be recorded.
   */
  public static JdbcConnectionPool open(Path dataDir, boolean closeOnExit) {
    try {
      Path dir = Files.createDirectories(dataDir.resolve("db"));
      String url = "jdbc:h2:file:" + dir.toAbsolutePath().resolve("pantry")
          + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"
          + (closeOnExit ? "" : ";DB_CLOSE_ON_EXIT=FALSE");
      JdbcConnectionPool pool = JdbcConnectionPool.create(url, "pantry", "");
      pool.setMaxConnections(32);
      try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
        for (String ddl : SCHEMA) {
          s.execute(ddl);
        }
      }
      return pool;
    } catch (SQLException e) {
      throw new StorageException(describe(e), e);
    } catch (java.io.IOException e) {
      throw new StorageException("cannot create the database directory: " + e.getMessage(), e);
    }
  }

  /**
   * Closes the database for good: with {@code DB_CLOSE_DELAY=-1} it outlives its last connection, so disposing the pool
   * alone would leave the file open and locked by this JVM (a CLI run or a second server on the same data directory
   * could not open it, and every server a JVM ever started would keep its database in memory).
   */
  public static void close(JdbcConnectionPool pool) {
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new StorageException(describe(e), e);
    } finally {
      pool.dispose();
    }
  }

  /** A one-line description that tells an operator what to do about the common failures. */
  static String describe(SQLException e) {
    if (e.getErrorCode() == 90020) {
      return "the cache database is in use by another process (is `pantry serve` running on this data directory?)";
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    return "database error: " + msg;
  }
}
