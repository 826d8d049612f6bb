package dev.pantry.maintenance;

import dev.pantry.metadata.CacheQueries;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.Owner;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Everything the maintenance commands do, whoever does it: {@link LocalMaintenance} over an open data directory (the
 * server, or the command line when no server runs), or the command line's client of a running server's admin
 * endpoint.
 */
public interface Maintenance {

  CacheQueries.CacheStats stats(int top);

  /** Every project with at least one listed file. */
  List<CacheQueries.ProjectSummary> projects(@Nullable String search, CacheQueries.ProjectSort sort,
      boolean descending);

  /** Every row of a project (normalized name): files and metadata files, cached or not. */
  List<FileRecord> files(String project);

  PruneReport prune(PruneRules rules);

  VerifyReport verify(boolean repair, VerifyListener listener);

  /** Every recorded project owner, by name. */
  List<Owner> owners();

  /**
   * Releases a project name (any spelling), so its next request decides its owner afresh; {@code by} says who, for
   * the log. Returns the owner released, or empty when the name had none.
   */
  Optional<Owner> release(String project, String by);
}
