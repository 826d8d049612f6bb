package dev.pantry.metadata;

import static dev.pantry.metadata.Sql.text;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;

/** The statements behind removals from the cache, run in the caller's transaction. */
final class RemovalSql {
  private RemovalSql() {}

  /** Rows that list {@code sha256} or have it cached. */
  static List<FileKey> filesNaming(Connection c, String sha256) throws SQLException {
    return Sql.query(c, "SELECT upstream_id, project, filename FROM files WHERE sha256 = ? OR cached_sha256 = ?",
        r -> new FileKey(r.getString(1), r.getString(2), r.getString(3)), text(sha256), text(sha256));
  }

  /** See {@link MetadataStore#uncache}. */
  static MetadataStore.Uncached uncache(Connection c, String sha256, Collection<FileKey> rows) throws SQLException {
    // Lock every row caching this blob first: two removals of different rows of one blob then run one after the
    // other, and the second one's count sees the first one's change (else both could keep the blob, an orphan).
    Sql.query(c, "SELECT filename FROM files WHERE cached_sha256 = ? FOR UPDATE", r -> r.getString(1), text(sha256));
    int changed = 0;
    for (FileKey k : rows) {
      // Compare-and-set on the sha256: a row re-cached with other bytes since it was selected is left alone.
      changed += Sql.update(c, "UPDATE files SET cached_sha256 = NULL, cached_size = NULL, cached_at = NULL "
          + "WHERE upstream_id = ? AND project = ? AND filename = ? AND cached_sha256 = ?", text(k.upstreamId()),
          text(k.project()), text(k.filename()), text(sha256));
    }
    long still = Sql.count(c, "SELECT COUNT(*) FROM files WHERE cached_sha256 = ?", text(sha256));
    return new MetadataStore.Uncached(changed, still);
  }
}
