package dev.pantry.metadata;

import dev.pantry.error.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The H2 database file in {@code <data>/db}, and what Pantry does around H2 2.5's crash recovery. The index can be
 * rebuilt from the blob store, so the rule is: never run on a file H2 may have recovered wrongly.
 *
 * <ul>
 *   <li>A clean close leaves a marker beside the file. An open without the marker means the last process died (a
 *       {@code kill -9}, a power loss): the rows are dumped ({@code SCRIPT}) and loaded into a new file
 *       ({@code RUNSCRIPT}), which replaces the old one, before anything else writes. H2 2.5 reads such a file
 *       correctly once, but a file it recovered from a crash in the middle of a large write could be corrupt on the
 *       open after ("Chunk N not found", "Inconsistent occupancy info"); that is how a crash followed by a clean
 *       restart lost every row. Compacting in place ({@code SHUTDOWN COMPACT}) moves chunks within the same file and
 *       was not enough.
 *   <li>A file H2 cannot open because it is corrupt is moved aside (kept, for inspection) and a new one is made;
 *       the reconciler then re-indexes every blob from its record, and pages are fetched again.
 * </ul>
 */
final class H2File {
  private static final Logger LOG = LoggerFactory.getLogger(H2File.class);
  private static final String FILE = "pantry.mv.db";
  private static final String CLOSED_MARKER = "pantry.closed";
  private static final String DUMP = "pantry-recovery.sql.gz";
  private static final String REBUILT = "pantry-rebuilt";
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(
      ZoneOffset.UTC);

  private final Path dir;
  private final String url;

  /** @param options what {@link Database} puts after the file name in the JDBC URL */
  H2File(Path dataDir, String options) {
    try {
      this.dir = Files.createDirectories(dataDir.resolve("db")).toAbsolutePath();
    } catch (IOException e) {
      throw new StorageException("cannot create the database directory: " + e.getMessage(), e);
    }
    this.url = "jdbc:h2:file:" + dir.resolve("pantry") + options;
  }

  String url() {
    return url;
  }

  /** The directory, for logs. */
  String describe() {
    return dir.toString();
  }

  /**
   * Readies the file for a pool: rebuilds it when the last process did not close it, or moves it aside when it is
   * corrupt. Returns what happened, for the log and tests.
   */
  Recovery prepare() {
    Path file = dir.resolve(FILE);
    Path marker = dir.resolve(CLOSED_MARKER);
    boolean clean = Files.exists(marker);
    deleteQuietly(marker);
    deleteQuietly(dir.resolve(DUMP));
    deleteQuietly(dir.resolve(REBUILT + ".mv.db"));
    if (!Files.exists(file) || clean) {
      return Recovery.NONE;
    }
    try {
      long before = Files.size(file);
      dump();
      load();
      LOG.warn("the metadata database was not closed cleanly (a crash, a kill -9, or a write that failed): rebuilt it from its rows into a "
          + "new file ({} -> {} bytes), so nothing is built on H2's recovered file", before, Files.size(file));
      return Recovery.REBUILT;
    } catch (SQLException e) {
      if (!corrupt(e)) {
        throw new StorageException(Database.describe(e), e);
      }
      moveAside(file, e);
      return Recovery.REPLACED;
    } catch (IOException e) {
      throw new StorageException("cannot rebuild the database file: " + e.getMessage(), e);
    } finally {
      deleteQuietly(dir.resolve(DUMP));
    }
  }

  /** Opens the old file (H2 recovers it) and writes every row out as SQL; a corrupt file fails here. */
  private void dump() throws SQLException {
    try (Connection c = DriverManager.getConnection(url, "pantry", ""); Statement s = c.createStatement()) {
      s.execute("SCRIPT TO '" + dir.resolve(DUMP) + "' COMPRESSION GZIP");
      s.execute("SHUTDOWN IMMEDIATELY");
    } catch (SQLException e) {
      if (e.getErrorCode() != 90121) {
        throw e;
      }
    }
  }

  /**
   * Rebuilds the file from its rows, as after a crash, for a database H2 stopped while running (its file is then in
   * the same state as after a kill). A corrupt file is moved aside and a new one started.
   *
   * @throws StorageException when there is no room to rebuild yet, or the file cannot be read
   */
  void rebuild() {
    deleteQuietly(dir.resolve(CLOSED_MARKER));
    Recovery r = prepare();
    if (r == Recovery.NONE && Files.exists(dir.resolve(FILE))) {
      throw new IllegalStateException("a stopped database was found closed cleanly");
    }
  }

  /** Loads the dump into a new file and puts it in the old one's place. */
  private void load() throws SQLException, IOException {
    String rebuiltUrl = url.replace(dir.resolve("pantry") + ";", dir.resolve(REBUILT) + ";");
    try (Connection c = DriverManager.getConnection(rebuiltUrl, "pantry", ""); Statement s = c.createStatement()) {
      s.execute("RUNSCRIPT FROM '" + dir.resolve(DUMP) + "' COMPRESSION GZIP");
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      if (e.getErrorCode() != 90121) {
        throw e;
      }
    }
    Files.move(dir.resolve(REBUILT + ".mv.db"), dir.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
        StandardCopyOption.ATOMIC_MOVE);
  }

  /** After a clean shutdown: the next open trusts the file as it is. */
  void markClosed() {
    try {
      Files.writeString(dir.resolve(CLOSED_MARKER), "closed cleanly\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      // The next open rewrites the file: slower, never wrong.
      LOG.warn("cannot mark the metadata database closed: {}", e.toString());
    }
  }

  /**
   * Whether {@code e} says H2 has stopped the store under us: closed after a failed write (90098, "The database has
   * been closed"), or an MVStore write failure. Such a store stays closed until it is opened again.
   */
  static boolean stopped(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == 90098) {
        return true;
      }
      if (t.getClass().getName().equals("org.h2.mvstore.MVStoreException")) {
        return true;
      }
    }
    return false;
  }

  /** H2's ways of saying a file is damaged: FILE_CORRUPTED_1, and MVStore failures surfacing as general errors. */
  static boolean corrupt(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getErrorCode() == 90030) {
        return true;
      }
      if (t.getClass().getName().equals("org.h2.mvstore.MVStoreException")) {
        return true;
      }
    }
    return false;
  }

  /** Moves a file H2 found corrupt aside, so the next open starts a new one. */
  void moveAside(SQLException why) {
    moveAside(dir.resolve(FILE), why);
  }

  private void moveAside(Path file, SQLException why) {
    Path aside = dir.resolve("pantry.mv.db.corrupt-" + STAMP.format(Clock.systemUTC().instant()));
    try {
      Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
      Files.deleteIfExists(dir.resolve("pantry.lock.db"));
    } catch (IOException e) {
      throw new StorageException("the metadata database is corrupt and cannot be moved aside: " + e.getMessage(), e);
    }
    LOG.error("the metadata database was corrupt ({}); moved it to {} and starting a new one: the index is rebuilt "
        + "from the blob store, pages are fetched again", Database.describe(why), aside.getFileName());
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      // A marker that stays only makes the next open trust the file; the open after a crash finds none.
      LOG.warn("cannot remove {}: {}", p, e.toString());
    }
  }

  /** What {@link #prepare} did. */
  enum Recovery {
    NONE,
    REBUILT,
    REPLACED
  }
}
