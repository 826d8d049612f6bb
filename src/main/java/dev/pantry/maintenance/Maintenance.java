package dev.pantry.maintenance;

import dev.pantry.metadata.CacheQueries;
import dev.pantry.metadata.FileRecord;
import java.util.List;
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
}
