package dev.pantry.cache;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The statements behind removals from the cache (prune, verify --repair), run in the caller's transaction. */
final class RemovalSql {
  private RemovalSql() {}

  /** Rows that list {@code sha256} or have it cached. */
  static List<FileKey> filesNaming(Connection c, String sha256) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT upstream_id, project, filename FROM files "
        + "WHERE sha256 = ? OR cached_sha256 = ?")) {
      s.setString(1, sha256);
      s.setString(2, sha256);
      List<FileKey> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(new FileKey(r.getString(1), r.getString(2), r.getString(3)));
        }
      }
      return out;
    }
  }

  /** See {@link MetadataStore#uncache}. */
  static MetadataStore.Uncached uncache(Connection c, String sha256, Collection<FileKey> rows) throws SQLException {
    // Lock every row caching this blob first: two removals of different rows of one blob then run one after the
    // other, and the second one's count sees the first one's change (else both could keep the blob, an orphan).
    try (PreparedStatement lock = c.prepareStatement("SELECT filename FROM files WHERE cached_sha256 = ? "
        + "FOR UPDATE")) {
      lock.setString(1, sha256);
      lock.executeQuery().close();
    }
    int changed = 0;
    // Compare-and-set on the sha256: a row re-cached with other bytes since it was selected is left alone.
    try (PreparedStatement s = c.prepareStatement("UPDATE files SET cached_sha256 = NULL, cached_size = NULL, "
        + "cached_at = NULL WHERE upstream_id = ? AND project = ? AND filename = ? AND cached_sha256 = ?")) {
      for (FileKey k : rows) {
        JdbcMetadataStore.bind(s, k.upstreamId(), k.project(), k.filename(), sha256);
        changed += s.executeUpdate();
      }
    }
    try (PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM files WHERE cached_sha256 = ?")) {
      s.setString(1, sha256);
      try (ResultSet r = s.executeQuery()) {
        r.next();
        return new MetadataStore.Uncached(changed, r.getLong(1));
      }
    }
  }
}
