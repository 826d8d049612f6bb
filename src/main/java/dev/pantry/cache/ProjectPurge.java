package dev.pantry.cache;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes a project's cached files: its rows are marked uncached (they stay listed, so the files can be fetched
 * again), and each blob no other cached row names is deleted. Blobs are content-addressed, so another project (or
 * upstream) caching the same bytes keeps them.
 */
public final class ProjectPurge {
  private static final Logger LOG = LoggerFactory.getLogger(ProjectPurge.class);

  private final MetadataStore meta;
  private final CacheQueries queries;
  private final BlobStore blobs;

  /**
   * What a purge did.
   *
   * @param files        rows marked uncached
   * @param blobsDeleted blobs removed from disk
   * @param bytesFreed   their size
   */
  public record Result(int files, int blobsDeleted, long bytesFreed) {}

  public ProjectPurge(MetadataStore meta, CacheQueries queries, BlobStore blobs) {
    this.meta = meta;
    this.queries = queries;
    this.blobs = blobs;
  }

  /** Purges every cached file of a project (normalized name) on every upstream. */
  public Result purge(String project) {
    Map<String, Long> candidates = new LinkedHashMap<>();
    int files = 0;
    for (FileRecord f : queries.files(project)) {
      if (f.cachedSha256() != null) {
        meta.markUncached(f.upstreamId(), f.project(), f.filename());
        candidates.putIfAbsent(f.cachedSha256(), f.cachedSize() == null ? 0 : f.cachedSize());
        files++;
      }
    }
    int deleted = 0;
    long freed = 0;
    for (Map.Entry<String, Long> blob : candidates.entrySet()) {
      // Where the in-use registry plugs in: skip (or defer) a blob a response is streaming right now. On POSIX an
      // open reader keeps reading after the unlink, so without it a deletion is still safe for running downloads.
      if (meta.isBlobReferenced(blob.getKey())) {
        continue;
      }
      try {
        if (blobs.delete(blob.getKey())) {
          deleted++;
          freed += blob.getValue();
        }
      } catch (IOException e) {
        // The row is already uncached: the blob is an orphan a later reconcile removes; say so and go on.
        LOG.warn("could not delete blob {} of project '{}': {}", blob.getKey(), project, e.toString());
      }
    }
    LOG.info("purged project '{}': {} file(s) uncached, {} blob(s) deleted, {} bytes freed", project, files, deleted,
        freed);
    return new Result(files, deleted, freed);
  }
}
