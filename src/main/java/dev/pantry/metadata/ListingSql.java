package dev.pantry.metadata;

import static dev.pantry.metadata.Sql.bigint;
import static dev.pantry.metadata.Sql.bytes;
import static dev.pantry.metadata.Sql.integer;
import static dev.pantry.metadata.Sql.text;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A page's listing in the index: one compressed value per page ({@link ListingCodec}) for every file it lists, and a
 * row in {@code files} only for a file that was asked for. Recording a page writes the value, then updates the rows
 * that exist and changed: a 30,000-file page costs one statement and a deflate, not 30,000 inserts.
 *
 * <p>Rows are updated in transactions of at most {@link #CHUNK}: each row stands on its own, so a crash between
 * chunks leaves rows the next fetch completes. One large transaction was worse than slow on H2: it spilled to its
 * file, and after a {@code kill -9} in the middle of one the reopened store held table locks for minutes.
 */
final class ListingSql {
  private static final Logger LOG = LoggerFactory.getLogger(ListingSql.class);
  private static final String LISTED_COLUMNS = "url, sha256, size, requires_python, yanked, upload_time, alt_hash, "
      + "listed_at, upstream_id, project, filename";
  private static final String UPDATE = "UPDATE files SET url = ?, sha256 = ?, size = ?, requires_python = ?, "
      + "yanked = ?, upload_time = ?, alt_hash = ?, listed_at = ? WHERE upstream_id = ? AND project = ? "
      + "AND filename = ?";

  /** Rows per transaction: small enough that H2 keeps an uncommitted one in memory. */
  static final int CHUNK = 500;

  private final Sql sql;
  private final String upsertListing;
  private final String insertRow;

  ListingSql(Sql sql, Dialect dialect) {
    this.sql = sql;
    this.upsertListing = dialect.upsert("listings", List.of("upstream_id", "project"),
        List.of("listed_at", "file_count", "entries"));
    this.insertRow = dialect.insertIfAbsent("files", List.of(LISTED_COLUMNS.split(", ")));
  }

  /** What the listing columns hold for one row; compared to decide whether a row changed. */
  private record Listed(String url, @Nullable String sha256, @Nullable Long size, @Nullable String requiresPython,
      @Nullable String yanked, @Nullable String uploadTime, @Nullable String altHash) {
    static Listed of(FileRecord f) {
      return new Listed(f.url(), f.sha256(), f.size(), f.requiresPython(), f.yanked(), f.uploadTime(), f.altHash());
    }
  }

  void upsert(String upstreamId, String project, Collection<FileRecord> files, long now) {
    Map<String, FileRecord> byName = new LinkedHashMap<>();
    int count = 0;
    for (FileRecord f : files) {
      if (!f.upstreamId().equals(upstreamId) || !f.project().equals(project)) {
        throw new IllegalArgumentException("listing row " + f.key() + " is not of " + upstreamId + "/" + project);
      }
      if (byName.putIfAbsent(f.filename(), f) == null && !f.isMetadata()) {
        count++; // a page listing one name twice lists it once
      }
    }
    sql.update(upsertListing, text(upstreamId), text(project), bigint(now), integer(count),
        bytes(ListingCodec.encode(byName.values())));
    List<FileRecord> updates = new ArrayList<>();
    for (var row : sql.query("SELECT filename, url, sha256, size, requires_python, yanked, upload_time, alt_hash "
        + "FROM files WHERE upstream_id = ? AND project = ?", r -> Map.entry(r.getString(1), new Listed(
            r.getString(2), r.getString(3), Sql.longOrNull(r, 4), r.getString(5), r.getString(6), r.getString(7),
            r.getString(8))),
        text(upstreamId), text(project))) {
      FileRecord listed = byName.get(row.getKey());
      if (listed != null && !row.getValue().equals(Listed.of(listed))) {
        updates.add(listed);
      }
    }
    for (int i = 0; i < updates.size(); i += CHUNK) {
      List<FileRecord> chunk = updates.subList(i, Math.min(updates.size(), i + CHUNK));
      sql.inTransactionDo(c -> batch(c, chunk, now));
    }
  }

  /**
   * The file as its page's stored listing gives it, now with a row of its own (so it can be cached and counted);
   * empty when no stored listing names it. A listing that does not decode counts as none, so the file's next request
   * fetches the page again, which replaces it.
   */
  Optional<FileRecord> materialize(FileKey key, long now) {
    List<byte[]> stored = sql.query("SELECT entries FROM listings WHERE upstream_id = ? AND project = ?",
        r -> r.getBytes(1), text(key.upstreamId()), text(key.project()));
    if (stored.isEmpty()) {
      return Optional.empty();
    }
    Optional<FileRecord> listed;
    try {
      listed = ListingCodec.find(stored.get(0), key.upstreamId(), key.project(), key.filename());
    } catch (IllegalStateException e) {
      LOG.warn("the stored listing of '{}' from upstream {} is unreadable; its page is fetched again: {}",
          key.project(), key.upstreamId(), e.getMessage());
      return Optional.empty();
    }
    listed.ifPresent(f -> sql.update(insertRow, listedColumns(f, now)));
    return listed;
  }

  /** Every file the stored listings of {@code project} name, over all upstreams; unreadable ones are skipped. */
  List<FileRecord> listedOf(String project) {
    List<FileRecord> out = new ArrayList<>();
    for (var stored : sql.query("SELECT upstream_id, entries FROM listings WHERE project = ? ORDER BY upstream_id",
        r -> Map.entry(r.getString(1), r.getBytes(2)), text(project))) {
      try {
        out.addAll(ListingCodec.decode(stored.getValue(), stored.getKey(), project));
      } catch (IllegalStateException e) {
        LOG.warn("the stored listing of '{}' from upstream {} is unreadable: {}", project, stored.getKey(),
            e.getMessage());
      }
    }
    return out;
  }

  /** The values of {@link #LISTED_COLUMNS}, in that order: what both the insert and the update take. */
  private static Sql.Param[] listedColumns(FileRecord f, long now) {
    return new Sql.Param[] {text(f.url()), text(f.sha256()), bigint(f.size()), text(f.requiresPython()),
        text(f.yanked()), text(f.uploadTime()), text(f.altHash()), bigint(now), text(f.upstreamId()),
        text(f.project()), text(f.filename())};
  }

  private static void batch(Connection c, List<FileRecord> rows, long now) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(UPDATE)) {
      for (FileRecord f : rows) {
        Sql.bind(s, listedColumns(f, now));
        s.addBatch();
      }
      s.executeBatch();
    }
  }
}
