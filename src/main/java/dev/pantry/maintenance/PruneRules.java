package dev.pantry.maintenance;

import dev.pantry.index.ProjectNames;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What {@code prune} removes. The filters combine like {@code find}'s tests: a file goes only when it passes every
 * filter given. {@code maxSize} is a target, not a filter: without it every file that passes goes; with it, files that
 * pass go least recently used first, and only until the cache fits.
 *
 * @param olderThan  only files whose last access (or caching, if never served) is older than this
 * @param maxSize    remove until the cache holds at most this many bytes
 * @param projects   only these projects (normalized here); empty means all
 * @param keepLatest only files that are not among the N newest versions of their project; files whose version
 *                   cannot be read are kept
 * @param yanked     only files the upstream has yanked
 * @param dryRun     report what would go, remove nothing
 * @param orphans    also remove verified blobs that no row caches and no record names (what {@code verify} lists as
 *                   unnamed); a separate rule, not combined with the file filters
 */
public record PruneRules(
    @Nullable Duration olderThan,
    @Nullable Long maxSize,
    List<String> projects,
    @Nullable Integer keepLatest,
    boolean yanked,
    boolean dryRun,
    boolean orphans) {

  public PruneRules {
    projects = projects.stream().map(ProjectNames::normalize).distinct().toList();
    if (olderThan != null && olderThan.isNegative()) {
      throw new IllegalArgumentException("--older-than must not be negative");
    }
    if (maxSize != null && maxSize < 0) {
      throw new IllegalArgumentException("--max-size must not be negative");
    }
    if (keepLatest != null && keepLatest < 0) {
      throw new IllegalArgumentException("--keep-latest must not be negative");
    }
  }

  /** Rules for files only, the orphans left alone (the form every caller but {@code --orphans} uses). */
  public PruneRules(@Nullable Duration olderThan, @Nullable Long maxSize, List<String> projects,
      @Nullable Integer keepLatest, boolean yanked, boolean dryRun) {
    this(olderThan, maxSize, projects, keepLatest, yanked, dryRun, false);
  }

  /** True when at least one rule was given; prune refuses to run without one rather than empty the cache. */
  public boolean hasRule() {
    return hasFileRule() || orphans;
  }

  /** True when a rule selects files (rather than only orphans). */
  public boolean hasFileRule() {
    return olderThan != null || maxSize != null || !projects.isEmpty() || keepLatest != null || yanked;
  }
}
