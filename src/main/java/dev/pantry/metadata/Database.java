package dev.pantry.metadata;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pantry.config.MetadataSettings;
import dev.pantry.error.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata database: a HikariCP pool over H2 in the data directory (the default) or PostgreSQL, its schema brought
 * up to date by Flyway on open. Replicas of one version may open it at once: Flyway takes a lock while it migrates.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /**
   * H2 in PostgreSQL mode keeps the SQL portable. {@code DB_CLOSE_DELAY=-1} keeps it open between connections, and
   * {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to us, after a graceful stop has let downloads record their rows.
   * {@code WRITE_DELAY=0} writes each commit to the file before the commit returns: with H2's default of 500 ms, a
   * page answered just before a {@code kill -9} was gone after the restart, although the client had it.
   */
  static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
      + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";

  private final HikariDataSource pool;
  private final Dialect dialect;
  private final String description;
  private final @Nullable H2File h2;

  private Database(HikariDataSource pool, Dialect dialect, String description, @Nullable H2File h2) {
    this.pool = pool;
    this.dialect = dialect;
    this.description = description;
    this.h2 = h2;
  }

  /** Opens (creating and migrating as needed) the database {@code settings} name, or H2 under {@code dataDir}. */
  public static Database open(MetadataSettings settings, Path dataDir) {
    if (!settings.url().isBlank()) {
      return open(settings, settings.url(), null);
    }
    H2File h2 = new H2File(dataDir, H2_OPTIONS);
    h2.prepare();
    try {
      return open(settings, h2.url(), h2);
    } catch (StorageException e) {
      SQLException corrupt = corruption(e);
      if (corrupt == null) {
        throw e;
      }
      h2.moveAside(corrupt);
      return open(settings, h2.url(), h2);
    }
  }

  private static Database open(MetadataSettings settings, String url, @Nullable H2File h2) {
    Dialect dialect = Dialect.of(url);
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("pantry-metadata");
    hc.setJdbcUrl(url);
    hc.setMaximumPoolSize(settings.poolSize());
    hc.setMinimumIdle(Math.min(2, settings.poolSize()));
    hc.setConnectionTimeout(settings.connectTimeout().toMillis());
    hc.setValidationTimeout(Math.max(250, Math.min(5_000, settings.connectTimeout().toMillis())));
    // A dead database must fail requests fast and readiness at once, not hang them.
    hc.setInitializationFailTimeout(settings.connectTimeout().toMillis());
    if (dialect == Dialect.H2) {
      hc.setUsername("pantry");
      hc.setPassword("");
    } else {
      hc.setUsername(settings.username());
      hc.setPassword(settings.password() == null ? "" : settings.password().reveal());
      hc.addDataSourceProperty("ApplicationName", "pantry");
      hc.addDataSourceProperty("tcpKeepAlive", "true");
    }
    String description = h2 != null ? "H2 " + h2.describe() : "PostgreSQL " + redactUrl(url);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StorageException("cannot open the metadata database (" + description + "): " + reason(e), e);
    }
    try {
      migrate(pool, description);
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return new Database(pool, dialect, description, h2);
  }

  /** The SQL failure that says an H2 file is corrupt, somewhere in {@code e}'s causes, or null. */
  private static @Nullable SQLException corruption(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && H2File.corrupt(sql)) {
        return sql;
      }
    }
    return null;
  }

  private static void migrate(DataSource ds, String description) {
    try {
      MigrateResult r = Flyway.configure()
          .dataSource(ds)
          .locations("classpath:db/migration")
          // A database made before migrations existed (Pantry 0.1) has V1's tables: keep them, apply the rest.
          .baselineOnMigrate(true)
          .baselineVersion("1")
          .loggers("slf4j")
          .load()
          .migrate();
      if (r.migrationsExecuted > 0) {
        LOG.info("metadata database {} migrated to schema version {} ({} step(s))", description, r.targetSchemaVersion,
            r.migrationsExecuted);
      }
    } catch (FlywayException e) {
      throw new StorageException("cannot migrate the metadata database (" + description + "): " + reason(e), e);
    }
  }

  public DataSource dataSource() {
    return pool;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Null when a connection answers, else one line saying why not (never the URL's credentials). */
  public @Nullable String health() {
    try (Connection c = pool.getConnection()) {
      return c.isValid(2) ? null : "not answering";
    } catch (SQLException e) {
      return "unavailable (" + (e.getSQLState() == null ? "no state" : e.getSQLState()) + ")";
    }
  }

  /** The database, for logs: never with a password. */
  public String describe() {
    return description;
  }

  /**
   * Closes the database for good. H2 outlives its last connection ({@code DB_CLOSE_DELAY=-1}), so it is shut down
   * explicitly; otherwise the file stays locked by this JVM.
   */
  @Override
  public void close() {
    try {
      if (h2 != null && !pool.isClosed()) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
          s.execute("SHUTDOWN");
          h2.markClosed();
        } catch (SQLException e) {
          // 90121: SHUTDOWN closed the database under the connection, which then cannot be returned cleanly.
          if (e.getErrorCode() == 90121) {
            h2.markClosed();
          } else {
            LOG.warn("closing the metadata database: {}", describe(e));
          }
        }
      }
    } finally {
      pool.close();
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

  private static String reason(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return describe(sql);
      }
    }
    String msg = e.getMessage();
    return msg == null ? e.getClass().getSimpleName() : msg.lines().findFirst().orElse("");
  }

  /** A JDBC URL without user info or password parameters. */
  static String redactUrl(String url) {
    return url.replaceAll("(?i)(password|user)=[^&;]*", "$1=REDACTED").replaceAll("//[^/@]*@", "//");
  }
}
