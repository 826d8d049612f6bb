package dev.pantry.metadata;

import static dev.pantry.metadata.Sql.bigint;
import static dev.pantry.metadata.Sql.text;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Writes a page's listing with as few statements as the change needs: the project's rows are read once, compared in
 * memory, and only new rows are inserted and changed rows updated. A re-fetched 30,000-file page that did not change
 * costs one SELECT instead of 30,000 UPDATEs.
 *
 * <p>The writes go in transactions of at most {@link #CHUNK} rows. Each row stands on its own (a page record is saved
 * only after its whole listing), so a crash between chunks leaves rows the next fetch completes. One transaction per
 * page was worse than slow: H2 spills a large uncommitted transaction to its file, and after a {@code kill -9} in the
 * middle of one, the reopened store held table locks for minutes and was corrupt on the open after that
 * ("Chunk N not found").
 */
final class ListingSql {
  private static final String INSERT = "INSERT INTO files (url, sha256, size, requires_python, yanked, upload_time, "
      + "alt_hash, listed_at, upstream_id, project, filename) VALUES (?,?,?,?,?,?,?,?,?,?,?)";
  private static final String UPDATE = "UPDATE files SET url = ?, sha256 = ?, size = ?, requires_python = ?, "
      + "yanked = ?, upload_time = ?, alt_hash = ?, listed_at = ? WHERE upstream_id = ? AND project = ? "
      + "AND filename = ?";

  /** Rows per transaction: small enough that H2 keeps an uncommitted one in memory. */
  static final int CHUNK = 500;

  private ListingSql() {}

  /** What the listing columns hold for one row; compared to decide whether a row changed. */
  private record Listed(String url, @Nullable String sha256, @Nullable Long size, @Nullable String requiresPython,
      @Nullable String yanked, @Nullable String uploadTime, @Nullable String altHash) {
    static Listed of(FileRecord f) {
      return new Listed(f.url(), f.sha256(), f.size(), f.requiresPython(), f.yanked(), f.uploadTime(), f.altHash());
    }
  }

  static void upsert(Sql sql, String upstreamId, String project, Collection<FileRecord> files, long now) {
    Map<String, Listed> existing = new HashMap<>();
    for (var row : sql.query("SELECT filename, url, sha256, size, requires_python, yanked, upload_time, alt_hash "
        + "FROM files WHERE upstream_id = ? AND project = ?", r -> Map.entry(r.getString(1), new Listed(
            r.getString(2), r.getString(3), Sql.longOrNull(r, 4), r.getString(5), r.getString(6), r.getString(7),
            r.getString(8))),
        text(upstreamId), text(project))) {
      existing.put(row.getKey(), row.getValue());
    }
    List<FileRecord> inserts = new ArrayList<>();
    List<FileRecord> updates = new ArrayList<>();
    for (FileRecord f : files) {
      if (!f.upstreamId().equals(upstreamId) || !f.project().equals(project)) {
        throw new IllegalArgumentException("listing row " + f.key() + " is not of " + upstreamId + "/" + project);
      }
      Listed was = existing.get(f.filename());
      if (was == null) {
        inserts.add(f);
        existing.put(f.filename(), Listed.of(f)); // a page listing one name twice inserts it once
      } else if (!was.equals(Listed.of(f))) {
        updates.add(f);
      }
    }
    for (int i = 0; i < inserts.size(); i += CHUNK) {
      List<FileRecord> chunk = inserts.subList(i, Math.min(inserts.size(), i + CHUNK));
      sql.inTransactionDo(c -> batch(c, INSERT, chunk, now));
    }
    for (int i = 0; i < updates.size(); i += CHUNK) {
      List<FileRecord> chunk = updates.subList(i, Math.min(updates.size(), i + CHUNK));
      sql.inTransactionDo(c -> batch(c, UPDATE, chunk, now));
    }
  }

  private static void batch(Connection c, String sql, List<FileRecord> rows, long now) throws SQLException {
    if (rows.isEmpty()) {
      return;
    }
    try (PreparedStatement s = c.prepareStatement(sql)) {
      for (FileRecord f : rows) {
        Sql.bind(s, text(f.url()), text(f.sha256()), bigint(f.size()), text(f.requiresPython()), text(f.yanked()),
            text(f.uploadTime()), text(f.altHash()), bigint(now), text(f.upstreamId()), text(f.project()),
            text(f.filename()));
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
