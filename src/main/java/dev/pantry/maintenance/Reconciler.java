package dev.pantry.maintenance;

import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.MetadataStore;
import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobName;
import dev.pantry.storage.BlobRecord;
import dev.pantry.storage.BlobStore;
import dev.pantry.storage.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the index and the stores back into agreement, whatever point a crash (or a kill -9) or a lost index left them
 * at. The stores are the truth and the index is rebuildable (see STACK.md on H2 durability), so:
 *
 * <ul>
 *   <li>abandoned uploads are removed;
 *   <li>a row whose blob is missing is marked uncached;
 *   <li>a blob no row claims is re-indexed from its record (upstream, project, filename, URL): the row is re-created
 *       if the index lost it. A blob from before records existed is re-indexed when a listed row expects its hash,
 *       and gets a record;
 *   <li>a blob is deleted only when its bytes fail its sha256. A verified blob nothing names is kept and reported;
 *   <li>a page bundle no page row names is re-indexed from the row it carries when it is newer than what the index
 *       holds for its page (the index lost the row: H2 can lose its last commits to a kill -9), and collected
 *       otherwise (renderings are derived data).
 * </ul>
 *
 * <p>Runs before the server accepts requests, and from {@code pantry verify --repair}.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** What one reconcile did. */
  public record Report(int tempRemoved, int rowsUncached, int rowsRestored, int recordsWritten, int blobsRemoved,
      int unnamedKept, int bundlesCollected, int pagesRestored) {
    /** Whether the index had lost rows that the stores' records brought back. */
    public boolean rebuilt() {
      return rowsRestored > 0 || pagesRestored > 0;
    }

    @Override
    public String toString() {
      return tempRemoved + " unfinished upload(s) removed, " + rowsUncached + " row(s) without a blob marked "
          + "uncached, " + rowsRestored + " row(s) re-indexed from the store, " + recordsWritten + " record(s) "
          + "written, " + blobsRemoved + " corrupt blob(s) removed, " + unnamedKept + " verified blob(s) without a "
          + "name kept, " + bundlesCollected + " unused page bundle(s) collected, " + pagesRestored + " page(s) "
          + "re-indexed from their bundles";
    }
  }

  private final BlobStore blobs;
  private final BlobStore renderings;
  private final MetadataStore meta;
  private final BundleRecords bundleRecords;
  private final Duration bundleGrace;

  public Reconciler(BlobStore blobs, BlobStore renderings, MetadataStore meta, BundleRecords bundleRecords) {
    this(blobs, renderings, meta, bundleRecords, Duration.ZERO);
  }

  /**
   * @param bundleRecords what each page bundle says of the row it was stored for
   * @param bundleGrace   how old an unnamed page bundle must be to be collected or re-indexed: with renderings shared
   *                      between replicas, another one may have stored a bundle and not yet written the row that
   *                      names it
   */
  public Reconciler(BlobStore blobs, BlobStore renderings, MetadataStore meta, BundleRecords bundleRecords,
      Duration bundleGrace) {
    this.blobs = blobs;
    this.renderings = renderings;
    this.meta = meta;
    this.bundleRecords = bundleRecords;
    this.bundleGrace = bundleGrace;
  }

  /** Reconciles and logs one summary line. */
  public Report run() throws IOException {
    int temp = blobs.sweep() + renderings.sweep();
    Counts n = new Counts();
    Set<String> claimed = rowsToBlobs(n);
    List<String> strays = new ArrayList<>();
    blobs.forEach(sha -> {
      if (!claimed.contains(sha)) {
        strays.add(sha);
      }
    });
    for (String sha : strays) {
      blobToRows(sha, n);
    }
    new Bundles(renderings, meta, bundleRecords, bundleGrace).reconcile(n);
    Report report = new Report(temp, n.uncached, n.restored, n.records, n.removed, n.unnamed, n.collected,
        n.pagesRestored);
    if (n.restored > 0) {
      LOG.warn("the index had lost {} cached file(s); they were re-indexed from the records in {}", n.restored,
          blobs.describe());
    }
    if (n.pagesRestored > 0) {
      LOG.warn("the index had lost {} stored page(s); they were re-indexed from their bundles in {}",
          n.pagesRestored, renderings.describe());
    }
    LOG.info("cache reconciled: {}", report);
    return report;
  }

  static final class Counts {
    int uncached;
    int restored;
    int records;
    int removed;
    int unnamed;
    int collected;
    int pagesRestored;
  }

  /** Checks every cached row's blob; returns the blobs that rows claim. */
  private Set<String> rowsToBlobs(Counts n) {
    Set<String> claimed = new HashSet<>();
    Set<String> missing = new HashSet<>();
    for (FileRecord row : meta.cachedFiles()) {
      String sha = row.cachedSha256();
      if (sha == null || missing.contains(sha)) {
        continue;
      }
      if (claimed.contains(sha)) {
        n.records += backfill(sha, row);
        continue;
      }
      Optional<Blob> blob = blobs.find(sha);
      if (blob.isEmpty()) {
        missing.add(sha);
        n.uncached += meta.forgetBlob(sha);
        continue;
      }
      if (row.cachedSize() != null && row.cachedSize() != blob.get().size() && !hashes(blob.get())) {
        LOG.warn("blob {} is corrupt (its bytes do not hash to its name); removing it", sha);
        blobs.delete(sha);
        missing.add(sha);
        n.removed++;
        n.uncached += meta.forgetBlob(sha);
        continue;
      }
      claimed.add(sha);
      n.records += backfill(sha, row);
    }
    return claimed;
  }

  /** Gives a blob from before records existed the name of a row that caches it; 1 when a record was written. */
  private int backfill(String sha, FileRecord row) {
    Optional<BlobRecord> record = blobs.record(sha);
    BlobName name = new BlobName(row.upstreamId(), row.project(), row.filename(), row.url());
    if (record.isPresent() && record.get().names().contains(name)) {
      return 0;
    }
    return blobs.addName(sha, name) && record.isEmpty() ? 1 : 0;
  }

  /** A blob no cached row claims: re-index it from its record, or from a listing that expects it. */
  private void blobToRows(String sha, Counts n) {
    Optional<Blob> found = blobs.find(sha);
    if (found.isEmpty()) {
      return;
    }
    Blob blob = found.get();
    Optional<BlobRecord> record = blobs.record(sha);
    if (record.isPresent() && !record.get().names().isEmpty() && record.get().size() == blob.size()) {
      for (BlobName name : record.get().names()) {
        if (meta.restore(new FileKey(name.upstreamId(), name.project(), name.filename()), name.url(), sha,
            blob.size(), record.get().cachedAt().toEpochMilli())) {
          n.restored++;
        }
      }
      return;
    }
    if (!hashes(blob)) {
      LOG.warn("blob {} is corrupt (its bytes do not hash to its name); removing it", sha);
      blobs.delete(sha);
      n.removed++;
      return;
    }
    boolean named = false;
    for (FileKey key : meta.filesNaming(sha)) {
      Optional<FileRecord> row = meta.findFile(key);
      if (row.isPresent() && sha.equals(row.get().sha256())
          && meta.restore(key, row.get().url(), sha, blob.size(), blob.storedAt().toEpochMilli())) {
        n.restored++;
        named = true;
        if (blobs.addName(sha, new BlobName(key.upstreamId(), key.project(), key.filename(), row.get().url()))) {
          n.records++;
        }
      }
    }
    if (!named) {
      LOG.info("blob {} is verified but nothing names it; kept (verify lists it, prune --orphans removes it)", sha);
      n.unnamed++;
    }
  }

  /** Whether the blob's bytes hash to its name; read whole, so asked only where the answer decides a deletion. */
  static boolean hashes(Blob blob) {
    MessageDigest digest = Digests.sha256();
    byte[] buf = new byte[256 * 1024];
    try (InputStream in = blob.open()) {
      for (int r = in.read(buf); r >= 0; r = in.read(buf)) {
        digest.update(buf, 0, r);
      }
    } catch (IOException e) {
      LOG.warn("cannot read blob {}: {}", blob.sha256(), e.toString());
      return true; // unreadable is not proven corrupt: never delete on a read error
    }
    return Digests.hex(digest.digest()).equals(blob.sha256());
  }
}
