package dev.pantry.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * {@link MetadataStore} over JDBC, in SQL that H2 (PostgreSQL mode) and PostgreSQL both run: upserts are an UPDATE
 * followed by an INSERT of the rows it missed, inside one transaction.
 */
public final class JdbcMetadataStore implements MetadataStore {
  private static final String FILE_COLUMNS = "upstream_id, project, filename, url, sha256, size, requires_python, "
      + "yanked, upload_time, cached_sha256, cached_size, cached_at, last_access, hits";

  private final DataSource db;
  private final AutoCloseable onClose;

  public JdbcMetadataStore(DataSource db, AutoCloseable onClose) {
    this.db = db;
    this.onClose = onClose;
  }

  @Override
  public void upsertListing(Collection<FileRecord> files) {
    if (files.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    inTransaction(c -> {
      ListingSql.upsert(c, files, now);
      return null;
    });
  }

  @Override
  public Optional<FileRecord> findFile(String upstreamId, String project, String filename) {
    List<FileRecord> rows = queryFiles(
        "WHERE upstream_id = ? AND project = ? AND filename = ?", upstreamId, project, filename);
    return rows.stream().findFirst();
  }

  @Override
  public List<FileRecord> filesOf(String upstreamId, String project) {
    return queryFiles("WHERE upstream_id = ? AND project = ? ORDER BY filename", upstreamId, project);
  }

  @Override
  public List<FileRecord> cachedFiles() {
    return queryFiles("WHERE cached_sha256 IS NOT NULL");
  }

  @Override
  public void markCached(String upstreamId, String project, String filename, String sha256, long size, long now) {
    update("UPDATE files SET cached_sha256 = ?, cached_size = ?, cached_at = ?, last_access = ?, "
        + "fetch_count = fetch_count + 1, bytes_fetched = bytes_fetched + ? "
        + "WHERE upstream_id = ? AND project = ? AND filename = ?", sha256, size, now, now, size, upstreamId, project,
        filename);
  }

  @Override
  public void markUncached(String upstreamId, String project, String filename) {
    update("UPDATE files SET cached_sha256 = NULL, cached_size = NULL, cached_at = NULL "
        + "WHERE upstream_id = ? AND project = ? AND filename = ?", upstreamId, project, filename);
  }

  @Override
  public int forgetBlob(String sha256) {
    return update("UPDATE files SET cached_sha256 = NULL, cached_size = NULL, cached_at = NULL "
        + "WHERE cached_sha256 = ?", sha256);
  }

  @Override
  public List<FileRecord> cachedAs(String sha256) {
    return queryFiles("WHERE cached_sha256 = ? ORDER BY upstream_id, project, filename", sha256);
  }

  @Override
  public List<FileKey> filesNaming(String sha256) {
    return inTransaction(c -> RemovalSql.filesNaming(c, sha256));
  }

  @Override
  public Uncached uncache(String sha256, Collection<FileKey> rows) {
    return inTransaction(c -> RemovalSql.uncache(c, sha256, rows));
  }

  @Override
  public int reindexBlob(String sha256, long size, long now) {
    return update("UPDATE files SET cached_sha256 = ?, cached_size = ?, cached_at = ? "
        + "WHERE sha256 = ? AND cached_sha256 IS NULL", sha256, size, now, sha256);
  }

  @Override
  public Optional<PageRecord> findPage(String upstreamId, String project) {
    return inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT fetched_at, upstream_etag, upstream_last_modified, "
          + "html_digest, json_digest, file_count FROM pages WHERE upstream_id = ? AND project = ?")) {
        s.setString(1, upstreamId);
        s.setString(2, project);
        try (ResultSet r = s.executeQuery()) {
          if (!r.next()) {
            return Optional.empty();
          }
          return Optional.of(new PageRecord(upstreamId, project, r.getLong(1), r.getString(2), r.getString(3),
              r.getString(4), r.getString(5), r.getInt(6)));
        }
      }
    });
  }

  @Override
  public void savePage(PageRecord p) {
    inTransaction(c -> {
      Object[] values = {p.fetchedAt(), p.upstreamEtag(), p.upstreamLastModified(), p.htmlDigest(), p.jsonDigest(),
          p.fileCount(), p.upstreamId(), p.project()};
      int n = execute(c, "UPDATE pages SET fetched_at = ?, upstream_etag = ?, upstream_last_modified = ?, "
          + "html_digest = ?, json_digest = ?, file_count = ? WHERE upstream_id = ? AND project = ?", values);
      if (n == 0) {
        execute(c, "INSERT INTO pages (fetched_at, upstream_etag, upstream_last_modified, html_digest, json_digest, "
            + "file_count, upstream_id, project) VALUES (?,?,?,?,?,?,?,?)", values);
      }
      return null;
    });
  }

  @Override
  public void touchPage(String upstreamId, String project, long fetchedAt) {
    update("UPDATE pages SET fetched_at = ? WHERE upstream_id = ? AND project = ?", fetchedAt, upstreamId, project);
  }

  @Override
  public void recordAccess(Collection<Access> batch) {
    if (batch.isEmpty()) {
      return;
    }
    inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("UPDATE files SET hits = hits + ?, bytes_served = bytes_served "
          + "+ ?, last_access = CASE WHEN last_access IS NULL OR last_access < ? THEN ? ELSE last_access END "
          + "WHERE upstream_id = ? AND project = ? AND filename = ?")) {
        for (Access a : batch) {
          s.setLong(1, a.hits());
          s.setLong(2, a.bytes());
          s.setLong(3, a.lastAccess());
          s.setLong(4, a.lastAccess());
          s.setString(5, a.upstreamId());
          s.setString(6, a.project());
          s.setString(7, a.filename());
          s.addBatch();
        }
        s.executeBatch();
      }
      return null;
    });
  }

  @Override
  public void close() {
    try {
      onClose.close();
    } catch (Exception e) {
      throw new StorageException("closing the database failed: " + e.getMessage(), e);
    }
  }

  List<FileRecord> queryFiles(String where, Object... args) {
    return inTransaction(c -> {
      try (PreparedStatement s = c.prepareStatement("SELECT " + FILE_COLUMNS + " FROM files " + where)) {
        bind(s, args);
        List<FileRecord> out = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            out.add(new FileRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
                longOrNull(r, 6), r.getString(7), r.getString(8), r.getString(9), r.getString(10),
                longOrNull(r, 11), longOrNull(r, 12), longOrNull(r, 13), r.getLong(14)));
          }
        }
        return out;
      }
    });
  }

  private int update(String sql, Object... args) {
    return inTransaction(c -> execute(c, sql, args));
  }

  private static int execute(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, args);
      return s.executeUpdate();
    }
  }

  static void bind(PreparedStatement s, Object... args) throws SQLException {
    for (int i = 0; i < args.length; i++) {
      Object a = args[i];
      if (a == null) {
        s.setNull(i + 1, Types.VARCHAR);
      } else {
        s.setObject(i + 1, a);
      }
    }
  }

  private static void setLong(PreparedStatement s, int i, @Nullable Long v) throws SQLException {
    if (v == null) {
      s.setNull(i, Types.BIGINT);
    } else {
      s.setLong(i, v);
    }
  }

  static @Nullable Long longOrNull(ResultSet r, int col) throws SQLException {
    long v = r.getLong(col);
    return r.wasNull() ? null : v;
  }

  /** Work against one connection, committed at the end or rolled back on failure. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  <T> T inTransaction(Work<T> work) {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new StorageException(Database.describe(e), e);
    }
  }
}
