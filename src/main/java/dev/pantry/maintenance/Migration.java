package dev.pantry.maintenance;

import dev.pantry.metadata.Owner;
import dev.pantry.metadata.OwnerStore;
import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobName;
import dev.pantry.storage.BlobRecord;
import dev.pantry.storage.BlobStore;
import dev.pantry.storage.BlobUpload;
import dev.pantry.storage.UploadResult;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Copies a cache into other backends (a single node's data directory into a cluster's bucket and database): every
 * blob with its record, verified against its sha256 on the way, and every recorded owner. Blobs already in the
 * target are skipped, so an interrupted run resumes where it stopped; the target's index is then rebuilt from the
 * records by the reconcile, as after a lost index. Page renderings are not copied: each page is one fetch away.
 */
public final class Migration {
  private static final int CHUNK = 1 << 20;

  /**
   * What a migration came to.
   *
   * @param copied  blobs copied now
   * @param present blobs the target had already (an earlier, interrupted run)
   * @param rotten  blobs whose bytes no longer hash to their name: not copied
   * @param bytes   bytes copied
   * @param owners  owners recorded in the target now
   */
  public record Report(int copied, int present, List<String> rotten, long bytes, int owners, Duration took) {}

  private final BlobStore from;
  private final BlobStore to;

  public Migration(BlobStore from, BlobStore to) {
    this.from = from;
    this.to = to;
  }

  /** Copies every blob, then the owners; {@code progress} hears the totals, then each blob done. */
  public Report run(OwnerStore fromOwners, OwnerStore toOwners, VerifyListener progress) throws IOException {
    long start = System.nanoTime();
    List<String> all = new ArrayList<>();
    from.forEach(all::add);
    long total = 0;
    for (String sha : all) {
      total += from.find(sha).map(Blob::size).orElse(0L);
    }
    progress.start(all.size(), total);
    int copied = 0;
    int present = 0;
    long bytes = 0;
    long done = 0;
    List<String> rotten = new ArrayList<>();
    for (int i = 0; i < all.size(); i++) {
      String sha = all.get(i);
      Optional<Blob> blob = from.find(sha);
      if (blob.isEmpty()) {
        continue; // removed while we ran
      }
      if (to.find(sha).isPresent()) {
        present++;
      } else if (copy(blob.get())) {
        copied++;
        bytes += blob.get().size();
      } else {
        rotten.add(sha);
      }
      done += blob.get().size();
      progress.progress(i + 1, done);
    }
    int owners = 0;
    for (Owner o : fromOwners.all()) {
      Owner now = toOwners.claim(o.project(), o.upstreamId(), o.direct(), o.claimedAt());
      owners += now.upstreamId().equals(o.upstreamId()) ? 1 : 0;
    }
    return new Report(copied, present, rotten, bytes, owners, Duration.ofNanos(System.nanoTime() - start));
  }

  /** Streams one blob over, committed only when its bytes hash to its name; false when they do not. */
  private boolean copy(Blob blob) throws IOException {
    Optional<BlobRecord> record = from.record(blob.sha256());
    List<BlobName> names = record.map(BlobRecord::names).orElse(List.of());
    UploadResult result;
    try (InputStream in = blob.open(); BlobUpload up = to.begin()) {
      byte[] buf = new byte[CHUNK];
      for (int n = in.read(buf); n != -1; n = in.read(buf)) {
        up.write(ByteBuffer.wrap(buf, 0, n));
      }
      result = up.commit(blob.sha256(), names.isEmpty() ? null : names.get(0));
    }
    if (result instanceof UploadResult.Mismatch) {
      return false;
    }
    if (result instanceof UploadResult.Unwritable u) {
      throw new IOException("the target store refused blob " + blob.sha256() + ": " + u.reason());
    }
    for (int i = 1; i < names.size(); i++) {
      to.addName(blob.sha256(), names.get(i));
    }
    return true;
  }
}
