package dev.pantry.metadata;

import static dev.pantry.metadata.Sql.bigint;
import static dev.pantry.metadata.Sql.text;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** {@link CacheQueries} in portable SQL over the same database as {@link JdbcMetadataStore}. */
public final class JdbcCacheQueries implements CacheQueries {
  private static final String SUMMARY = "SELECT project, "
      + "SUM(CASE WHEN filename NOT LIKE '%.metadata' THEN 1 ELSE 0 END) AS nfiles, "
      + "SUM(CASE WHEN filename NOT LIKE '%.metadata' AND cached_sha256 IS NOT NULL THEN 1 ELSE 0 END) AS ncached, "
      + "COALESCE(SUM(cached_size), 0) AS nbytes, MAX(last_access) AS last_access, COALESCE(SUM(hits), 0) AS nhits "
      + "FROM files ";

  private final JdbcMetadataStore store;
  private final Sql sql;

  public JdbcCacheQueries(JdbcMetadataStore store) {
    this.store = store;
    this.sql = store.sql();
  }

  @Override
  public CacheStats stats(int top) {
    return sql.inTransaction(c -> {
      // A blob two rows share is counted once: the bytes on the medium, not the sum of rows.
      long[] cached = longs(c, "SELECT (SELECT COUNT(*) FROM files WHERE cached_sha256 IS NOT NULL), "
          + "(SELECT COUNT(DISTINCT project) FROM files WHERE cached_sha256 IS NOT NULL), "
          + "(SELECT COALESCE(SUM(s), 0) FROM (SELECT MAX(cached_size) AS s FROM files "
          + "WHERE cached_sha256 IS NOT NULL GROUP BY cached_sha256) blobs)", 3);
      long[] traffic = longs(c, "SELECT COALESCE(SUM(hits), 0), COALESCE(SUM(fetch_count), 0), "
          + "COALESCE(SUM(bytes_served), 0), COALESCE(SUM(bytes_fetched), 0) FROM files", 4);
      return new CacheStats(cached[0], cached[1], cached[2], traffic[0], traffic[1], traffic[2], traffic[3],
          projects(c, null, ProjectSort.SIZE, true, top, 0).items(),
          projects(c, null, ProjectSort.HITS, true, top, 0).items(),
          Sql.query(c, "SELECT " + JdbcMetadataStore.FILE_COLUMNS + " FROM files WHERE cached_sha256 IS NOT NULL "
              + "ORDER BY COALESCE(last_access, cached_at) ASC, filename LIMIT ?", JdbcMetadataStore::file,
              bigint((long) top)));
    });
  }

  @Override
  public Slice<ProjectSummary> projects(@Nullable String search, ProjectSort sort, boolean descending, int limit,
      int offset) {
    return sql.inTransaction(c -> projects(c, search, sort, descending, limit, offset));
  }

  private static Slice<ProjectSummary> projects(Connection c, @Nullable String search, ProjectSort sort,
      boolean descending, int limit, int offset) throws SQLException {
    String like = search != null && !search.isBlank() ? "%" + escapeLike(search) + "%" : null;
    String where = like != null ? "WHERE project LIKE ? ESCAPE '\\' " : "";
    String order = switch (sort) {
      case NAME -> "project";
      case FILES -> "nfiles";
      case SIZE -> "nbytes";
      case LAST_ACCESS -> "last_access";
      case HITS -> "nhits";
    };
    String query = SUMMARY + where + "GROUP BY project ORDER BY " + order + (descending ? " DESC" : " ASC")
        + ", project LIMIT ? OFFSET ?";
    List<Sql.Param> params = new ArrayList<>();
    if (like != null) {
      params.add(text(like));
    }
    long total = Sql.count(c, "SELECT COUNT(DISTINCT project) FROM files " + where,
        params.toArray(Sql.Param[]::new));
    params.add(bigint((long) Math.max(0, limit)));
    params.add(bigint((long) Math.max(0, offset)));
    List<ProjectSummary> items = Sql.query(c, query, r -> new ProjectSummary(r.getString(1), r.getLong(2),
        r.getLong(3), r.getLong(4), Sql.longOrNull(r, 5), r.getLong(6)), params.toArray(Sql.Param[]::new));
    return new Slice<>(items, total);
  }

  @Override
  public List<FileRecord> files(String project) {
    return store.queryFiles("WHERE project = ? ORDER BY filename, upstream_id", text(project));
  }

  private static long[] longs(Connection c, String query, int n) throws SQLException {
    List<long[]> rows = Sql.query(c, query, r -> {
      long[] out = new long[n];
      for (int i = 0; i < n; i++) {
        out[i] = r.getLong(i + 1);
      }
      return out;
    });
    return rows.isEmpty() ? new long[n] : rows.get(0);
  }

  private static String escapeLike(String s) {
    return s.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
