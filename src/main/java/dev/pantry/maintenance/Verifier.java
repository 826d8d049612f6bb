package dev.pantry.maintenance;

import dev.pantry.error.StorageException;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.MetadataStore;
import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobStore;
import dev.pantry.storage.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * Re-hashes every cached blob against its name (its sha256) and compares the store with the index, while the server
 * may keep serving and downloading.
 *
 * <p>Concurrency: the store is listed before the index is read, and every suspect is checked again before it is
 * reported, so a download that commits its blob and then its row during the run is not taken for an orphan, nor a
 * concurrent prune's removal for a missing blob. Repairs go through the {@link BlobRemover}; a verified blob is never
 * removed for lacking a row (the reconcile re-indexes it from its record).
 */
public final class Verifier {
  private static final int BUFFER = 1 << 20;

  private final MetadataStore meta;
  private final BlobStore blobs;
  private final BlobRemover remover;

  public Verifier(MetadataStore meta, BlobStore blobs, BlobRemover remover) {
    this.meta = meta;
    this.blobs = blobs;
    this.remover = remover;
  }

  public VerifyReport verify(boolean repair, VerifyListener listener) {
    long started = System.nanoTime(); // a duration for the report, not a time of day
    Set<String> stored = listStore();
    Map<String, List<FileRecord>> bySha = new TreeMap<>();
    for (FileRecord f : meta.cachedFiles()) {
      String sha = f.cachedSha256();
      if (sha != null) {
        bySha.computeIfAbsent(sha, k -> new ArrayList<>()).add(f);
      }
    }
    long totalBytes = bySha.values().stream().mapToLong(Verifier::recordedSize).sum();
    listener.start(bySha.size(), totalBytes);
    List<VerifyReport.Issue> issues = new ArrayList<>();
    long files = 0;
    long bytes = 0;
    for (Map.Entry<String, List<FileRecord>> e : bySha.entrySet()) {
      VerifyReport.@Nullable Issue issue = check(e.getKey(), e.getValue(), files, bytes, listener);
      if (issue != null) {
        issues.add(issue);
      }
      files++;
      bytes += recordedSize(e.getValue());
      listener.progress(files, bytes);
    }
    for (String sha : stored) {
      // Checked again now: a download may have committed this blob just before the listing and its row since.
      if (!bySha.containsKey(sha) && meta.cachedAs(sha).isEmpty() && !remover.inUse(sha)) {
        boolean named = blobs.record(sha).map(r -> !r.names().isEmpty()).orElse(false);
        VerifyReport.Kind kind = named ? VerifyReport.Kind.ORPHAN : VerifyReport.Kind.UNNAMED;
        blobs.find(sha).ifPresent(b -> issues.add(new VerifyReport.Issue(kind, sha, List.of(), b.size(), null,
            VerifyReport.Repair.NONE)));
      }
    }
    if (repair) {
      issues.replaceAll(this::repair);
    }
    return new VerifyReport(files, bytes, issues, repair, Duration.ofNanos(System.nanoTime() - started));
  }

  private VerifyReport.@Nullable Issue check(String sha, List<FileRecord> rows, long filesBefore, long bytesBefore,
      VerifyListener listener) {
    Optional<Blob> blob = blobs.find(sha);
    String actual = blob.isPresent() ? hash(blob.get(), filesBefore, bytesBefore, listener) : null;
    if (actual == null) {
      // Gone: a problem only if the index still says cached (a concurrent prune un-caches before it unlinks).
      List<FileRecord> still = meta.cachedAs(sha);
      return still.isEmpty() ? null : new VerifyReport.Issue(VerifyReport.Kind.MISSING, sha, keys(still),
          recordedSize(still), null, VerifyReport.Repair.NONE);
    }
    if (!actual.equals(sha)) {
      return new VerifyReport.Issue(VerifyReport.Kind.MISMATCH, sha, keys(rows), blob.get().size(), actual,
          VerifyReport.Repair.NONE);
    }
    return null;
  }

  /**
   * Missing and mismatched blobs go the one removal way; an orphan that verifies is re-indexed from its record when it
   * has one, and otherwise kept (nothing proves it wrong; {@code prune --orphans} removes it on purpose).
   */
  private VerifyReport.Issue repair(VerifyReport.Issue issue) {
    if (issue.kind() == VerifyReport.Kind.UNNAMED) {
      return issue.withRepair(VerifyReport.Repair.KEPT);
    }
    if (issue.kind() == VerifyReport.Kind.ORPHAN) {
      Optional<Blob> blob = blobs.find(issue.sha256());
      boolean reindexed = blob.isPresent() && blobs.record(issue.sha256()).map(r -> {
        boolean any = false;
        for (var n : r.names()) {
          any |= meta.restore(new FileKey(n.upstreamId(), n.project(), n.filename()), n.url(), issue.sha256(),
              blob.get().size(), r.cachedAt().toEpochMilli());
        }
        return any;
      }).orElse(false);
      return issue.withRepair(reindexed ? VerifyReport.Repair.REINDEXED : VerifyReport.Repair.KEPT);
    }
    BlobRemover.Removal r = remover.remove(issue.sha256(), issue.files());
    return issue.withRepair(r instanceof BlobRemover.Removal.InUse ? VerifyReport.Repair.IN_USE
        : VerifyReport.Repair.REPAIRED);
  }

  /** The blob's sha256, or null when it vanished while being read. Reports progress within large files. */
  private static @Nullable String hash(Blob blob, long filesBefore, long bytesBefore, VerifyListener listener) {
    MessageDigest digest = Digests.sha256();
    byte[] buf = new byte[BUFFER];
    long read = 0;
    try (InputStream in = blob.open()) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        digest.update(buf, 0, n);
        read += n;
        listener.progress(filesBefore, bytesBefore + read);
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StorageException("cannot read blob " + blob.sha256() + ": " + e.getMessage(), e);
    }
    return Digests.hex(digest.digest());
  }

  private Set<String> listStore() {
    Set<String> out = new TreeSet<>();
    try {
      blobs.forEach(out::add);
    } catch (IOException e) {
      throw new StorageException("cannot list blobs: " + e.getMessage(), e);
    }
    return out;
  }

  private static List<FileKey> keys(List<FileRecord> rows) {
    return rows.stream().map(FileRecord::key).toList();
  }

  private static long recordedSize(List<FileRecord> rows) {
    return rows.stream().mapToLong(f -> f.cachedSize() == null ? 0 : f.cachedSize()).max().orElse(0);
  }
}
