package dev.pantry.maintenance;

import dev.pantry.error.StorageException;
import dev.pantry.index.DistFilename;
import dev.pantry.index.Pep440Version;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.MetadataStore;
import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobStore;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Applies {@link PruneRules}. A wheel or sdist and its PEP 658 {@code .metadata} file form one entry: they are judged
 * by the file (its version, its yank) and their latest access, and go together. Every removal passes the
 * {@link BlobRemover}, which skips what clients are using.
 */
public final class Pruner {
  private final MetadataStore meta;
  private final BlobStore blobs;
  private final BlobRemover remover;
  private final Clock clock;

  public Pruner(MetadataStore meta, BlobStore blobs, BlobRemover remover, Clock clock) {
    this.meta = meta;
    this.blobs = blobs;
    this.remover = remover;
    this.clock = clock;
  }

  /** A file and its metadata file, as far as they are cached. */
  private record Group(String upstreamId, String project, String filename, List<FileRecord> rows, long lastUsed) {}

  public PruneReport prune(PruneRules rules) {
    long started = System.nanoTime(); // a duration for the report, not a time of day
    List<FileRecord> cached = meta.cachedFiles();
    Map<String, Long> blobSizes = new HashMap<>();
    Map<String, Integer> refs = new HashMap<>();
    for (FileRecord f : cached) {
      String sha = Objects.requireNonNull(f.cachedSha256());
      blobSizes.merge(sha, size(f), Math::max);
      refs.merge(sha, 1, Integer::sum);
    }
    long before = blobSizes.values().stream().mapToLong(Long::longValue).sum();
    long total = before;
    long freed = 0;
    List<PruneReport.Entry> removed = new ArrayList<>();
    List<PruneReport.Entry> skipped = new ArrayList<>();
    List<Group> selected = rules.hasFileRule() ? candidates(groups(cached), rules) : List.of();
    for (Group g : selected) {
      if (rules.maxSize() != null && total <= rules.maxSize()) {
        break;
      }
      for (FileRecord row : g.rows()) {
        String sha = Objects.requireNonNull(row.cachedSha256());
        PruneReport.Entry entry = new PruneReport.Entry(FileKey.of(row), size(row), g.lastUsed());
        long bytes;
        if (rules.dryRun()) {
          bytes = refs.merge(sha, -1, Integer::sum) == 0 ? blobSizes.getOrDefault(sha, 0L) : 0;
        } else {
          BlobRemover.Removal r = remover.remove(sha, List.of(entry.key()));
          if (r instanceof BlobRemover.Removal.InUse) {
            skipped.add(entry);
            continue;
          }
          BlobRemover.Removal.Removed done = (BlobRemover.Removal.Removed) r;
          if (done.rows() == 0) {
            continue; // changed under us (re-cached with other bytes, or removed by someone else)
          }
          bytes = done.bytesFreed();
        }
        removed.add(entry);
        freed += bytes;
        total -= bytes;
      }
    }
    long[] orphans = rules.orphans() ? orphans(rules.dryRun()) : new long[2];
    return new PruneReport(rules.dryRun(), removed, skipped, freed + orphans[1], before, total,
        Duration.ofNanos(System.nanoTime() - started), (int) orphans[0]);
  }

  /**
   * Removes (or counts, in a dry run) verified blobs that no row caches and no record names: nothing can re-index
   * them, and only this explicit rule deletes them. Returns {count, bytes}.
   */
  private long[] orphans(boolean dryRun) {
    List<String> all = new ArrayList<>();
    try {
      blobs.forEach(all::add);
    } catch (IOException e) {
      throw new StorageException("cannot list blobs: " + e.getMessage(), e);
    }
    long[] n = new long[2];
    for (String sha : all) {
      boolean named = blobs.record(sha).map(r -> !r.names().isEmpty()).orElse(false);
      if (named || !meta.cachedAs(sha).isEmpty() || remover.inUse(sha)) {
        continue;
      }
      long size = blobs.find(sha).map(Blob::size).orElse(0L);
      if (dryRun) {
        n[0]++;
        n[1] += size;
      } else if (remover.remove(sha, List.of()) instanceof BlobRemover.Removal.Removed r && r.blobDeleted()) {
        n[0]++;
        n[1] += r.bytesFreed();
      }
    }
    return n;
  }

  private static long size(FileRecord f) {
    return f.cachedSize() == null ? 0 : f.cachedSize();
  }

  /** Groups cached rows by their distribution file: {@code x.whl} and {@code x.whl.metadata} together. */
  private static List<Group> groups(List<FileRecord> cached) {
    Map<FileKey, List<FileRecord>> byFile = new LinkedHashMap<>();
    for (FileRecord f : cached) {
      String base = f.isMetadata() ? f.filename().substring(0, f.filename().length() - ".metadata".length())
          : f.filename();
      byFile.computeIfAbsent(new FileKey(f.upstreamId(), f.project(), base), k -> new ArrayList<>()).add(f);
    }
    List<Group> out = new ArrayList<>(byFile.size());
    byFile.forEach((k, rows) -> {
      rows.sort(Comparator.comparing(FileRecord::isMetadata)); // the file before its metadata
      long lastUsed = rows.stream().mapToLong(Pruner::lastUsed).max().orElse(0);
      out.add(new Group(k.upstreamId(), k.project(), k.filename(), List.copyOf(rows), lastUsed));
    });
    return out;
  }

  private static long lastUsed(FileRecord f) {
    return f.lastAccess() != null ? f.lastAccess() : f.cachedAt() != null ? f.cachedAt() : 0;
  }

  /** The groups that pass every filter, least recently used first. */
  private List<Group> candidates(List<Group> groups, PruneRules rules) {
    Set<FileKey> protectedByVersion = rules.keepLatest() == null ? Set.of() : newest(groups, rules.keepLatest());
    long cutoff = rules.olderThan() == null ? Long.MAX_VALUE : clock.millis() - rules.olderThan().toMillis();
    List<Group> out = new ArrayList<>();
    for (Group g : groups) {
      boolean pass = (rules.projects().isEmpty() || rules.projects().contains(g.project()))
          && g.lastUsed() < cutoff
          && (rules.keepLatest() == null || !protectedByVersion.contains(key(g)))
          && (!rules.yanked() || isYanked(g));
      if (pass) {
        out.add(g);
      }
    }
    out.sort(Comparator.comparingLong(Group::lastUsed).thenComparing(g -> key(g).toString()));
    return out;
  }

  /** Groups that keep-latest protects: those among the N newest versions of their project, or without a version. */
  private static Set<FileKey> newest(List<Group> groups, int n) {
    Map<String, TreeSet<Pep440Version>> versions = new HashMap<>();
    Map<FileKey, Optional<Pep440Version>> parsed = new HashMap<>();
    for (Group g : groups) {
      Optional<Pep440Version> v = DistFilename.version(g.filename(), g.project());
      parsed.put(key(g), v);
      v.ifPresent(x -> versions.computeIfAbsent(g.project(), p -> new TreeSet<>()).add(x));
    }
    Set<FileKey> keep = new HashSet<>();
    parsed.forEach((k, v) -> {
      TreeSet<Pep440Version> all = versions.get(k.project());
      if (v.isEmpty() || all == null || all.descendingSet().headSet(v.get(), true).size() <= n) {
        keep.add(k);
      }
    });
    return keep;
  }

  /** The yank lives on the file's row, which may not be cached when only its metadata file is. */
  private boolean isYanked(Group g) {
    FileRecord first = g.rows().get(0);
    if (!first.isMetadata()) {
      return first.yanked() != null;
    }
    return meta.findFile(new FileKey(g.upstreamId(), g.project(), g.filename())).map(f -> f.yanked() != null).orElse(false);
  }

  private static FileKey key(Group g) {
    return new FileKey(g.upstreamId(), g.project(), g.filename());
  }
}
