package dev.pantry.maintenance;

import dev.pantry.metadata.FileKey;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What a verify run found.
 *
 * @param files  cached blobs checked
 * @param bytes  bytes hashed
 * @param issues problems found, each with what {@code --repair} did about it
 * @param repair whether repairs were attempted
 * @param took   time taken
 */
public record VerifyReport(long files, long bytes, List<Issue> issues, boolean repair, Duration took) {

  public VerifyReport {
    issues = List.copyOf(issues);
  }

  /** True when nothing is left to fix: no issues, or every one repaired. */
  public boolean clean() {
    return issues.stream().allMatch(i -> i.kind() == Kind.UNNAMED || i.repair() == Repair.REPAIRED
        || i.repair() == Repair.REINDEXED);
  }

  /** What is wrong with a blob. */
  public enum Kind {
    /** The blob's bytes do not hash to its name (disk corruption, tampering). */
    MISMATCH,
    /** The index says cached, the blob is gone. */
    MISSING,
    /** A stored blob that no index row has cached, though its record names files: {@code --repair} re-indexes it. */
    ORPHAN,
    /**
     * A stored blob no row caches and no record names: its bytes may be fine, but nothing can re-index it. Reported,
     * never a reason to fail; {@code prune --orphans} removes it.
     */
    UNNAMED
  }

  /** What {@code --repair} did. */
  public enum Repair {
    NONE,
    REPAIRED,
    /** An orphan whose record named its files: the index has its rows again. */
    REINDEXED,
    /** A verified orphan nothing names: kept, since nothing proves it wrong ({@code prune --orphans} removes it). */
    KEPT,
    /** Left alone: a client was reading or downloading it; run verify again later. */
    IN_USE
  }

  /**
   * One problem.
   *
   * @param kind   what is wrong
   * @param sha256 the blob's name
   * @param files  the rows that name it (none for an orphan)
   * @param size   the blob's size on disk, or the recorded size when missing
   * @param actual the sha256 its bytes have, for a mismatch
   * @param repair what was done
   */
  public record Issue(Kind kind, String sha256, List<FileKey> files, long size, @Nullable String actual,
      Repair repair) {
    public Issue {
      files = List.copyOf(files);
    }

    public Issue withRepair(Repair r) {
      return new Issue(kind, sha256, files, size, actual, r);
    }
  }
}
