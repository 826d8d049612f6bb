package dev.pantry.metadata;

import static dev.pantry.metadata.Sql.bigint;
import static dev.pantry.metadata.Sql.integer;
import static dev.pantry.metadata.Sql.text;

import java.util.List;
import java.util.Optional;

/** The statements behind page rows. */
final class PageSql {
  private static final List<String> KEYS = List.of("upstream_id", "project");
  private static final List<String> VALUES = List.of("fetched_at", "upstream_etag", "upstream_last_modified",
      "html_digest", "json_digest", "file_count", "bundle_digest", "bundle_size", "project_status");

  private final Sql sql;
  private final String upsert;

  PageSql(Sql sql, Dialect dialect) {
    this.sql = sql;
    this.upsert = dialect.upsert("pages", KEYS, VALUES);
  }

  Optional<PageRecord> find(String upstreamId, String project) {
    return sql.query("SELECT fetched_at, upstream_etag, upstream_last_modified, html_digest, json_digest, "
        + "file_count, bundle_digest, bundle_size, project_status FROM pages WHERE upstream_id = ? AND project = ?",
        r -> new PageRecord(upstreamId, project, r.getLong(1), r.getString(2), r.getString(3), r.getString(4),
            r.getString(5), r.getInt(6), r.getString(7), r.getLong(8), r.getString(9)),
        text(upstreamId), text(project)).stream().findFirst();
  }

  void save(PageRecord p) {
    sql.update(upsert, text(p.upstreamId()), text(p.project()), bigint(p.fetchedAt()), text(p.upstreamEtag()),
        text(p.upstreamLastModified()), text(p.htmlDigest()), text(p.jsonDigest()), integer(p.fileCount()),
        text(p.bundleDigest()), bigint(p.bundleSize()), text(p.projectStatus()));
  }

  void touch(String upstreamId, String project, long fetchedAt) {
    sql.update("UPDATE pages SET fetched_at = ? WHERE upstream_id = ? AND project = ?", bigint(fetchedAt),
        text(upstreamId), text(project));
  }

  void forget(String upstreamId, String project) {
    sql.update("UPDATE pages SET bundle_digest = NULL, bundle_size = 0, upstream_etag = NULL, "
        + "upstream_last_modified = NULL WHERE upstream_id = ? AND project = ?", text(upstreamId), text(project));
  }

  List<String> bundleDigests() {
    return sql.query("SELECT bundle_digest FROM pages WHERE bundle_digest IS NOT NULL", r -> r.getString(1));
  }
}
