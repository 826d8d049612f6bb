package dev.pantry.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a page's listing with as few statements as the change needs: the project's rows are read once, compared in
 * memory, and only new rows are inserted and changed rows updated. A re-fetched 30,000-file page that did not change
 * then costs one SELECT instead of 30,000 UPDATEs (bench/run.sh: the cold 30k-link page).
 */
final class ListingSql {
  private static final String INSERT = "INSERT INTO files (url, sha256, size, requires_python, yanked, upload_time, "
      + "listed_at, upstream_id, project, filename) VALUES (?,?,?,?,?,?,?,?,?,?)";
  private static final String UPDATE = "UPDATE files SET url = ?, sha256 = ?, size = ?, requires_python = ?, "
      + "yanked = ?, upload_time = ?, listed_at = ? WHERE upstream_id = ? AND project = ? AND filename = ?";

  private ListingSql() {}

  /** What the listing columns hold for one row; compared to decide whether a row changed. */
  private record Listed(String url, String sha256, Long size, String requiresPython, String yanked,
      String uploadTime) {
    static Listed of(FileRecord f) {
      return new Listed(f.url(), f.sha256(), f.size(), f.requiresPython(), f.yanked(), f.uploadTime());
    }
  }

  static void upsert(Connection c, Collection<FileRecord> files, long now) throws SQLException {
    Map<String, List<FileRecord>> byProject = new LinkedHashMap<>();
    for (FileRecord f : files) {
      byProject.computeIfAbsent(f.upstreamId() + '\0' + f.project(), k -> new ArrayList<>()).add(f);
    }
    for (List<FileRecord> group : byProject.values()) {
      FileRecord first = group.get(0);
      Map<String, Listed> existing = existing(c, first.upstreamId(), first.project());
      List<FileRecord> inserts = new ArrayList<>();
      List<FileRecord> updates = new ArrayList<>();
      for (FileRecord f : group) {
        Listed was = existing.get(f.filename());
        if (was == null) {
          inserts.add(f);
        } else if (!was.equals(Listed.of(f))) {
          updates.add(f);
        }
      }
      batch(c, INSERT, inserts, now);
      batch(c, UPDATE, updates, now);
    }
  }

  private static Map<String, Listed> existing(Connection c, String upstreamId, String project) throws SQLException {
    Map<String, Listed> rows = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement("SELECT filename, url, sha256, size, requires_python, yanked, "
        + "upload_time FROM files WHERE upstream_id = ? AND project = ?")) {
      s.setString(1, upstreamId);
      s.setString(2, project);
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          rows.put(r.getString(1), new Listed(r.getString(2), r.getString(3), JdbcMetadataStore.longOrNull(r, 4),
              r.getString(5), r.getString(6), r.getString(7)));
        }
      }
    }
    return rows;
  }

  private static void batch(Connection c, String sql, List<FileRecord> rows, long now) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (FileRecord f : rows) {
        s.setString(1, f.url());
        s.setString(2, f.sha256());
        // A typed null: PostgreSQL rejects a VARCHAR null for a BIGINT column.
        if (f.size() == null) {
          s.setNull(3, Types.BIGINT);
        } else {
          s.setLong(3, f.size());
        }
        s.setString(4, f.requiresPython());
        s.setString(5, f.yanked());
        s.setString(6, f.uploadTime());
        s.setLong(7, now);
        s.setString(8, f.upstreamId());
        s.setString(9, f.project());
        s.setString(10, f.filename());
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
