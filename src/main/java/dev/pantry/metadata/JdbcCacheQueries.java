package dev.pantry.metadata;

import static dev.pantry.metadata.Sql.bigint;
import static dev.pantry.metadata.Sql.text;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** {@link CacheQueries} in portable SQL over the same database as {@link JdbcMetadataStore}. */
public final class JdbcCacheQueries implements CacheQueries {
  // A project's listed files are what its recorded listings count (per upstream); a row adds to them only where its
  // upstream has no listing (a row restored from a blob's record, or kept from before listings were values).
  private static final String PER_PROJECT = "(SELECT f.project, "
      + "CASE WHEN l.project IS NULL AND f.filename NOT LIKE '%.metadata' THEN 1 ELSE 0 END AS nfiles, "
      + "CASE WHEN f.filename NOT LIKE '%.metadata' AND f.cached_sha256 IS NOT NULL THEN 1 ELSE 0 END AS ncached, "
      + "COALESCE(f.cached_size, 0) AS nbytes, f.last_access, f.hits AS nhits "
      + "FROM files f LEFT JOIN listings l ON l.upstream_id = f.upstream_id AND l.project = f.project "
      + "UNION ALL SELECT project, file_count, 0, 0, CAST(NULL AS BIGINT), 0 FROM listings) per_project ";
  private static final String SUMMARY = "SELECT project, SUM(nfiles) AS nfiles, SUM(ncached) AS ncached, "
      + "SUM(nbytes) AS nbytes, MAX(last_access) AS last_access, SUM(nhits) AS nhits FROM " + PER_PROJECT;

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
    long total = Sql.count(c, "SELECT COUNT(DISTINCT project) FROM " + PER_PROJECT + where,
        params.toArray(Sql.Param[]::new));
    params.add(bigint((long) Math.max(0, limit)));
    params.add(bigint((long) Math.max(0, offset)));
    List<ProjectSummary> items = Sql.query(c, query, r -> new ProjectSummary(r.getString(1), r.getLong(2),
        r.getLong(3), r.getLong(4), Sql.longOrNull(r, 5), r.getLong(6)), params.toArray(Sql.Param[]::new));
    return new Slice<>(items, total);
  }

  /** The rows of the project, and every file its recorded listings name that has no row yet. */
  @Override
  public List<FileRecord> files(String project) {
    List<FileRecord> rows = store.queryFiles("WHERE project = ?", text(project));
    Set<FileKey> known = new HashSet<>();
    rows.forEach(r -> known.add(r.key()));
    List<FileRecord> out = new ArrayList<>(rows);
    for (FileRecord listed : store.listedOf(project)) {
      if (known.add(listed.key())) {
        out.add(listed);
      }
    }
    out.sort(Comparator.comparing(FileRecord::filename).thenComparing(FileRecord::upstreamId));
    return out;
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
