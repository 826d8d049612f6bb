package dev.pantry.maintenance;

import dev.pantry.index.ProjectNames;
import dev.pantry.metadata.CacheQueries;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.MetadataStore;
import dev.pantry.metadata.Owner;
import dev.pantry.ownership.Ownership;
import dev.pantry.storage.BlobStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Maintenance over a data directory this process has open. {@code beforeRead} runs before anything reads access
 * statistics: the server flushes its batched hit counts there, so stats and {@code --older-than} see every hit.
 */
public final class LocalMaintenance implements Maintenance {
  private static final int ALL = Integer.MAX_VALUE;

  private final CacheQueries queries;
  private final Pruner pruner;
  private final Verifier verifier;
  private final Runnable beforeRead;
  private final Ownership ownership;

  public LocalMaintenance(MetadataStore meta, CacheQueries queries, BlobStore blobs, BlobRemover remover,
      Runnable beforeRead, Clock clock, Ownership ownership) {
    this.queries = queries;
    this.ownership = ownership;
    this.pruner = new Pruner(meta, blobs, remover, clock);
    this.verifier = new Verifier(meta, blobs, remover);
    this.beforeRead = beforeRead;
  }

  @Override
  public CacheQueries.CacheStats stats(int top) {
    beforeRead.run();
    return queries.stats(top);
  }

  @Override
  public List<CacheQueries.ProjectSummary> projects(@Nullable String search, CacheQueries.ProjectSort sort,
      boolean descending) {
    beforeRead.run();
    return queries.projects(search, sort, descending, ALL, 0).items();
  }

  @Override
  public List<FileRecord> files(String project) {
    beforeRead.run();
    return queries.files(ProjectNames.normalize(project));
  }

  @Override
  public PruneReport prune(PruneRules rules) {
    beforeRead.run();
    return pruner.prune(rules);
  }

  @Override
  public VerifyReport verify(boolean repair, VerifyListener listener) {
    return verifier.verify(repair, listener);
  }

  @Override
  public List<Owner> owners() {
    return ownership.all();
  }

  @Override
  public Optional<Owner> release(String project, String by) {
    return ownership.release(ProjectNames.normalize(project), by);
  }
}
