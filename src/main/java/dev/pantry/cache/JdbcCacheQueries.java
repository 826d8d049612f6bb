package dev.pantry.cache;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

  public JdbcCacheQueries(JdbcMetadataStore store) {
    this.store = store;
  }

  @Override
  public CacheStats stats(int top) {
    return store.inTransaction(c -> {
      long[] cached = longs(c.prepareStatement("SELECT COUNT(*), COUNT(DISTINCT project), "
          + "COALESCE(SUM(cached_size), 0) FROM files WHERE cached_sha256 IS NOT NULL"), 3);
      long[] traffic = longs(c.prepareStatement("SELECT COALESCE(SUM(hits), 0), COALESCE(SUM(fetch_count), 0), "
          + "COALESCE(SUM(bytes_served), 0), COALESCE(SUM(bytes_fetched), 0) FROM files"), 4);
      return new CacheStats(cached[0], cached[1], cached[2], traffic[0], traffic[1], traffic[2], traffic[3],
          projects(null, ProjectSort.SIZE, true, top, 0).items(),
          projects(null, ProjectSort.HITS, true, top, 0).items(),
          store.queryFiles("WHERE cached_sha256 IS NOT NULL ORDER BY COALESCE(last_access, cached_at) ASC, "
              + "filename LIMIT ?", top));
    });
  }

  @Override
  public Slice<ProjectSummary> projects(@Nullable String search, ProjectSort sort, boolean descending, int limit,
      int offset) {
    String where = search == null || search.isBlank() ? "" : "WHERE project LIKE ? ESCAPE '\\' ";
    Object[] filter = where.isEmpty() ? new Object[0] : new Object[] {"%" + escapeLike(search) + "%"};
    String order = switch (sort) {
      case NAME -> "project";
      case FILES -> "nfiles";
      case SIZE -> "nbytes";
      case LAST_ACCESS -> "last_access";
      case HITS -> "nhits";
    };
    String sql = SUMMARY + where + "GROUP BY project ORDER BY " + order + (descending ? " DESC" : " ASC")
        + ", project LIMIT ? OFFSET ?";
    return store.inTransaction(c -> {
      List<ProjectSummary> items = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement(sql)) {
        Object[] args = new Object[filter.length + 2];
        System.arraycopy(filter, 0, args, 0, filter.length);
        args[filter.length] = Math.max(0, limit);
        args[filter.length + 1] = Math.max(0, offset);
        JdbcMetadataStore.bind(s, args);
        try (ResultSet r = s.executeQuery()) {
          while (r.next()) {
            items.add(new ProjectSummary(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4),
                JdbcMetadataStore.longOrNull(r, 5), r.getLong(6)));
          }
        }
      }
      PreparedStatement count = c.prepareStatement("SELECT COUNT(DISTINCT project) FROM files " + where);
      JdbcMetadataStore.bind(count, filter);
      return new Slice<>(items, longs(count, 1)[0]);
    });
  }

  @Override
  public List<FileRecord> files(String project) {
    return store.queryFiles("WHERE project = ? ORDER BY filename, upstream_id", project);
  }

  private static long[] longs(PreparedStatement s, int n) throws java.sql.SQLException {
    try (s; ResultSet r = s.executeQuery()) {
      long[] out = new long[n];
      if (r.next()) {
        for (int i = 0; i < n; i++) {
          out[i] = r.getLong(i + 1);
        }
      }
      return out;
    }
  }

  private static String escapeLike(String s) {
    return s.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
