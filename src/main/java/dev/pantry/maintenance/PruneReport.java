package dev.pantry.maintenance;

import dev.pantry.metadata.FileKey;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a prune removed (or, in a dry run, would remove).
 *
 * @param dryRun      nothing was removed
 * @param removed     index rows un-cached ({@code .metadata} rows included), in removal order
 * @param skipped     rows left alone because a client was reading or downloading them
 * @param bytesFreed  bytes of blobs deleted (a blob still named by another row is kept and frees nothing)
 * @param bytesBefore bytes of distinct cached blobs before
 * @param bytesAfter  bytes of distinct cached blobs after
 * @param took        time taken
 * @param orphans     unnamed blobs removed (or that would be), with {@code --orphans}
 */
public record PruneReport(
    boolean dryRun,
    List<Entry> removed,
    List<Entry> skipped,
    long bytesFreed,
    long bytesBefore,
    long bytesAfter,
    Duration took,
    int orphans) {

  public PruneReport {
    removed = List.copyOf(removed);
    skipped = List.copyOf(skipped);
  }

  /**
   * One row.
   *
   * @param key      the file
   * @param size     the cached size
   * @param lastUsed epoch millis of its last access, or of its caching when never served
   */
  public record Entry(FileKey key, long size, @Nullable Long lastUsed) {}
}
