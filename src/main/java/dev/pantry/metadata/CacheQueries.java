package dev.pantry.metadata;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Read-only questions about the cache, shared by the CLI ({@code stats}, {@code list}) and the web UI's API.
 * Implementations answer from the metadata index alone, never from a walk of the disk.
 */
public interface CacheQueries {

  /** Totals, traffic and the top and oldest entries. */
  CacheStats stats(int top);

  /**
   * One page of projects that have at least one listed file.
   *
   * @param search case-insensitive substring of the project name, or null for all
   */
  Slice<ProjectSummary> projects(@Nullable String search, ProjectSort sort, boolean descending, int limit,
      int offset);

  /**
   * Every file of a project (normalized name), over all upstreams, by filename: each row (the files asked for, with
   * what is cached of them), and each file a recorded listing names that has no row yet.
   */
  List<FileRecord> files(String project);

  /** How projects can be ordered. */
  enum ProjectSort {
    NAME,
    FILES,
    SIZE,
    LAST_ACCESS,
    HITS
  }

  /** A page of results and the total number that matched. */
  record Slice<T>(List<T> items, long total) {
    public Slice {
      items = List.copyOf(items);
    }
  }

  /**
   * One project as the cache sees it.
   *
   * @param files       listed files (metadata files excluded)
   * @param cachedFiles of those, how many are cached
   * @param bytes       bytes cached for this project
   */
  record ProjectSummary(String project, long files, long cachedFiles, long bytes, @Nullable Long lastAccess,
      long hits) {}

  /**
   * Totals.
   *
   * @param files         cached files
   * @param projects      projects with at least one cached file
   * @param bytes         bytes of cached files
   * @param served        responses that served a file (hits and misses)
   * @param fetched       files fetched from upstreams
   * @param bytesServed   bytes sent to clients
   * @param bytesFetched  bytes fetched from upstreams
   */
  record CacheStats(long files, long projects, long bytes, long served, long fetched, long bytesServed,
      long bytesFetched, List<ProjectSummary> topBySize, List<ProjectSummary> topByHits, List<FileRecord> oldest) {
    public CacheStats {
      topBySize = List.copyOf(topBySize);
      topByHits = List.copyOf(topByHits);
      oldest = List.copyOf(oldest);
    }

    /** Share of served files that came from the cache, 0 to 1; 0 when nothing was served. */
    public double hitRatio() {
      return served == 0 ? 0 : Math.max(0, served - fetched) / (double) served;
    }
  }
}
