package dev.pantry.metadata;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.pantry.config.MetadataSettings;
import dev.pantry.error.StorageException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metadata database: a HikariCP pool over H2 in the data directory (the default) or PostgreSQL, its schema brought
 * up to date by Flyway on open ({@link Migrations}). Replicas of one version may open it at once: on PostgreSQL they
 * migrate one at a time, under an advisory lock.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  /**
   * H2 in PostgreSQL mode keeps the SQL portable. {@code DB_CLOSE_DELAY=-1} keeps it open between connections, and
   * {@code DB_CLOSE_ON_EXIT=FALSE} leaves closing to us, after a graceful stop has let downloads record their rows.
   * {@code WRITE_DELAY=0} writes each commit to the file before the commit returns: with H2's default of 500 ms, a
   * page answered just before a {@code kill -9} was gone after the restart, although the client had it.
   */
  private static final long RECOVERY_RETRY_MILLIS = 2_000;

  static final String H2_OPTIONS = ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH"
      + ";DB_CLOSE_DELAY=-1;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0";

  private final MetadataSettings settings;
  private final Dialect dialect;
  private final String description;
  private final @Nullable H2File h2;
  private final DataSource connections = new CurrentDataSource(() -> pool());
  // Replaced only by a recovery, which H2 alone needs; guarded by this for the swap.
  private volatile HikariDataSource pool;
  private volatile @Nullable String stopped;
  private @Nullable ScheduledExecutorService recovery;
  private boolean closed;
  private volatile Runnable afterRecovery = () -> {};

  private Database(MetadataSettings settings, HikariDataSource pool, Dialect dialect, String description,
      @Nullable H2File h2) {
    this.settings = settings;
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
    String description = h2 != null ? "H2 " + h2.describe() : "PostgreSQL " + redactUrl(url);
    return new Database(settings, pool(settings, url, dialect, description), dialect, description, h2);
  }

  /** A migrated pool over {@code url}. */
  private static HikariDataSource pool(MetadataSettings settings, String url, Dialect dialect, String description) {
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
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(hc);
    } catch (RuntimeException e) {
      throw new StorageException("cannot open the metadata database (" + description + "): " + reason(e), e);
    }
    try {
      if (dialect == Dialect.POSTGRESQL) {
        Migrations.migrateAlone(settings, url, pool, description);
      } else {
        Migrations.migrate(pool, description);
      }
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
    return pool;
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

  /** Connections to the database in force: after a recovery, the rebuilt one. */
  public DataSource dataSource() {
    return connections;
  }

  private HikariDataSource pool() {
    return pool;
  }

  /**
   * Told of every failed statement. When H2 has stopped (a write failed, typically on a full disk, and H2 closed
   * the store), the pool is closed at once, so nothing reopens H2's file behind our back, and a recovery is started:
   * the file is rebuilt from its rows as after a crash, retried every few seconds until there is room.
   */
  void failed(SQLException e) {
    if (h2 == null || !H2File.stopped(e)) {
      return;
    }
    synchronized (this) {
      if (stopped != null || closed) {
        return;
      }
      stopped = "stopped after a failed write (is the disk full?); recovering";
      LOG.error("the metadata database stopped after a failed write ({}); closing it and rebuilding it as soon as "
          + "there is room", describe(e));
      pool.close();
      ScheduledExecutorService worker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "pantry-db-recovery");
        t.setDaemon(true);
        return t;
      });
      recovery = worker;
      worker.scheduleWithFixedDelay(this::tryRecover, 0, RECOVERY_RETRY_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  /** What to do once a stopped database is back (drop what memory holds of it; re-index from the store). */
  public void afterRecovery(Runnable action) {
    this.afterRecovery = action;
  }

  private void tryRecover() {
    H2File file = h2;
    if (file == null) {
      return;
    }
    try {
      file.rebuild();
      HikariDataSource fresh = pool(settings, file.url(), dialect, description);
      synchronized (this) {
        if (closed) {
          fresh.close();
          return;
        }
        pool = fresh;
        stopped = null;
        ScheduledExecutorService worker = recovery;
        recovery = null;
        if (worker != null) {
          worker.shutdown();
        }
      }
      LOG.info("the metadata database is back: rebuilt from its rows and reopened");
      afterRecovery.run();
    } catch (RuntimeException e) {
      LOG.warn("the metadata database cannot be reopened yet, will retry: {}", e.getMessage());
    }
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Null when a connection answers, else one line saying why not (never the URL's credentials). */
  public @Nullable String health() {
    String down = stopped;
    if (down != null) {
      return down;
    }
    try (Connection c = pool.getConnection()) {
      if (c.isValid(2)) {
        return null;
      }
      return "not answering";
    } catch (SQLException e) {
      failed(e);
      return stopped != null ? stopped : "unavailable (" + (e.getSQLState() == null ? "no state" : e.getSQLState())
          + ")";
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
    ScheduledExecutorService worker;
    synchronized (this) {
      closed = true;
      worker = recovery;
      recovery = null;
    }
    if (worker != null) {
      worker.shutdownNow();
    }
    boolean open = !pool.isClosed();
    // The pool goes first: its housekeeper may open a connection at any moment, and one opened after SHUTDOWN
    // would reopen H2 in this JVM (DB_CLOSE_DELAY=-1) and hold the file while the next owner opens or replaces it.
    pool.close();
    if (h2 != null && open) {
      shutDown(h2);
    }
  }

  private static void shutDown(H2File h2) {
    try (Connection c = DriverManager.getConnection(h2.url(), "pantry", ""); Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
      h2.markClosed();
    } catch (SQLException e) {
      // 90121: SHUTDOWN closed the database under the connection, which then cannot be closed cleanly.
      if (e.getErrorCode() == 90121) {
        h2.markClosed();
      } else {
        LOG.warn("closing the metadata database: {}", describe(e));
      }
    }
  }

  /**
   * A connection of its own, outside the pool, for what holds one for long (a {@code LISTEN}, an advisory lock held
   * through a job): PostgreSQL only. The caller closes it.
   */
  public Connection dedicatedConnection() throws SQLException {
    if (h2 != null) {
      throw new SQLException("a dedicated connection is for PostgreSQL only");
    }
    return DriverManager.getConnection(settings.url(), settings.username(),
        settings.password() == null ? "" : settings.password().reveal());
  }

  /** A one-line description that tells an operator what to do about the common failures. */
  static String describe(SQLException e) {
    if (e.getErrorCode() == 90020) {
      return "the cache database is in use by another process (is `pantry serve` running on this data directory?)";
    }
    String msg = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    return "database error: " + msg;
  }

  static String reason(Throwable e) {
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
