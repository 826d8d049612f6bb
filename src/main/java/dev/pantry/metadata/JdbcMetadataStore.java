package dev.pantry.metadata;

import static dev.pantry.metadata.Sql.bigint;
import static dev.pantry.metadata.Sql.text;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** {@link MetadataStore} over JDBC; the statements that differ between H2 and PostgreSQL come from the dialect. */
public final class JdbcMetadataStore implements MetadataStore {
  static final String FILE_COLUMNS = "upstream_id, project, filename, url, sha256, size, requires_python, "
      + "yanked, upload_time, cached_sha256, cached_size, cached_at, last_access, hits, alt_hash";

  private final Database database;
  private final Sql sql;
  private final Clock clock;
  private final PageSql pages;
  private final ListingSql listings;

  public JdbcMetadataStore(Database database, Clock clock) {
    this.database = database;
    this.sql = new Sql(database.dataSource(), database::failed);
    this.clock = clock;
    this.pages = new PageSql(sql, database.dialect());
    this.listings = new ListingSql(sql, database.dialect());
  }

  Sql sql() {
    return sql;
  }

  @Override
  public void upsertListing(String upstreamId, String project, Collection<FileRecord> files) {
    if (!files.isEmpty()) {
      long now = clock.millis();
      listings.upsert(upstreamId, project, files, now);
    }
  }

  @Override
  public Optional<FileRecord> findFile(FileKey key) {
    Optional<FileRecord> row = row(key);
    if (row.isPresent() || listings.materialize(key, clock.millis()).isEmpty()) {
      return row;
    }
    return row(key); // the row as stored: another process may have made it first
  }

  private Optional<FileRecord> row(FileKey key) {
    return queryFiles("WHERE upstream_id = ? AND project = ? AND filename = ?", text(key.upstreamId()),
        text(key.project()), text(key.filename())).stream().findFirst();
  }

  /** Every file the stored listings of {@code project} name, over all upstreams, as rows not cached yet. */
  List<FileRecord> listedOf(String project) {
    return listings.listedOf(project);
  }

  @Override
  public List<FileRecord> filesOf(String upstreamId, String project) {
    return queryFiles("WHERE upstream_id = ? AND project = ? ORDER BY filename", text(upstreamId), text(project));
  }

  @Override
  public List<FileRecord> cachedFiles() {
    return queryFiles("WHERE cached_sha256 IS NOT NULL");
  }

  @Override
  public boolean markCached(FileKey key, String sha256, long size, long now) {
    // A file is looked up (and so gets its row) before it is fetched; a row made here covers a caller that did not.
    return cache(key, sha256, size, now) || listings.materialize(key, now).isPresent() && cache(key, sha256, size, now);
  }

  private boolean cache(FileKey key, String sha256, long size, long now) {
    return sql.update("UPDATE files SET cached_sha256 = ?, cached_size = ?, cached_at = ?, last_access = ?, "
        + "fetch_count = fetch_count + 1, bytes_fetched = bytes_fetched + ? "
        + "WHERE upstream_id = ? AND project = ? AND filename = ?", text(sha256), bigint(size), bigint(now),
        bigint(now), bigint(size), text(key.upstreamId()), text(key.project()), text(key.filename())) > 0;
  }

  @Override
  public boolean restore(FileKey key, String url, String sha256, long size, long cachedAt) {
    // The listing first: a row made from it keeps what the page says, and a blob of other bytes is not taken for it.
    if (row(key).isEmpty()) {
      listings.materialize(key, clock.millis());
    }
    return sql.inTransaction(c -> {
      int inserted = Sql.update(c, database.dialect().insertIfAbsent("files", List.of("upstream_id", "project",
          "filename", "url", "sha256", "size", "listed_at")), text(key.upstreamId()), text(key.project()),
          text(key.filename()), text(url), text(sha256), bigint(size), bigint(cachedAt));
      int cached = Sql.update(c, "UPDATE files SET cached_sha256 = ?, cached_size = ?, cached_at = ? "
          + "WHERE upstream_id = ? AND project = ? AND filename = ? AND cached_sha256 IS NULL "
          + "AND (sha256 IS NULL OR sha256 = ?)", text(sha256), bigint(size), bigint(cachedAt),
          text(key.upstreamId()), text(key.project()), text(key.filename()), text(sha256));
      return inserted + cached > 0;
    });
  }

  @Override
  public int forgetBlob(String sha256) {
    return sql.update("UPDATE files SET cached_sha256 = NULL, cached_size = NULL, cached_at = NULL "
        + "WHERE cached_sha256 = ?", text(sha256));
  }

  @Override
  public List<FileRecord> cachedAs(String sha256) {
    return queryFiles("WHERE cached_sha256 = ? ORDER BY upstream_id, project, filename", text(sha256));
  }

  @Override
  public List<FileKey> filesNaming(String sha256) {
    return sql.inTransaction(c -> RemovalSql.filesNaming(c, sha256));
  }

  @Override
  public Uncached uncache(String sha256, Collection<FileKey> rows) {
    return sql.inTransaction(c -> RemovalSql.uncache(c, sha256, rows));
  }

  @Override
  public Optional<PageRecord> findPage(String upstreamId, String project) {
    return pages.find(upstreamId, project);
  }

  @Override
  public void savePage(PageRecord page) {
    pages.save(page);
  }

  @Override
  public void touchPage(String upstreamId, String project, long fetchedAt) {
    pages.touch(upstreamId, project, fetchedAt);
  }

  @Override
  public void forgetPage(String upstreamId, String project) {
    pages.forget(upstreamId, project);
  }

  @Override
  public List<String> bundleDigests() {
    return pages.bundleDigests();
  }

  @Override
  public void recordAccess(Collection<Access> batch) {
    if (batch.isEmpty()) {
      return;
    }
    sql.inTransactionDo(c -> {
      try (var s = c.prepareStatement("UPDATE files SET hits = hits + ?, bytes_served = bytes_served + ?, "
          + "last_access = CASE WHEN last_access IS NULL OR last_access < ? THEN ? ELSE last_access END "
          + "WHERE upstream_id = ? AND project = ? AND filename = ?")) {
        for (Access a : batch) {
          Sql.bind(s, bigint(a.hits()), bigint(a.bytes()), bigint(a.lastAccess()), bigint(a.lastAccess()),
              text(a.key().upstreamId()), text(a.key().project()), text(a.key().filename()));
          s.addBatch();
        }
        s.executeBatch();
      }
    });
  }

  /** Closes the database this store was opened on. */
  @Override
  public void close() {
    database.close();
  }

  List<FileRecord> queryFiles(String where, Sql.Param... params) {
    return sql.query("SELECT " + FILE_COLUMNS + " FROM files " + where, JdbcMetadataStore::file, params);
  }

  static FileRecord file(ResultSet r) throws SQLException {
    return new FileRecord(r.getString(1), r.getString(2), r.getString(3), r.getString(4), r.getString(5),
        Sql.longOrNull(r, 6), r.getString(7), r.getString(8), r.getString(9), r.getString(10), Sql.longOrNull(r, 11),
        Sql.longOrNull(r, 12), Sql.longOrNull(r, 13), r.getLong(14), r.getString(15));
  }
}
