package dev.pantry.cache;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the index and the blob store back into agreement at startup, whatever point a crash (or a kill -9) hit:
 * mid-download, between the rename and the row update, mid-eviction.
 *
 * <ul>
 *   <li>temp files of unfinished writes are removed;
 *   <li>a row whose blob is missing (or has the wrong size) is marked uncached, and the wrong blob removed;
 *   <li>a blob no row claims is re-indexed when a listed row expects exactly that sha256 and the bytes hash to it,
 *       else removed.
 * </ul>
 *
 * <p>Blobs are the truth and H2 is an index (see STACK.md on H2 durability), so nothing here trusts a row over a
 * file's bytes. Runs before the server accepts requests.
 */
public final class Reconciler {
  private static final Logger LOG = LoggerFactory.getLogger(Reconciler.class);

  /** What one reconcile did. */
  public record Report(int tempRemoved, int rowsUncached, int blobsReindexed, int blobsRemoved) {
    @Override
    public String toString() {
      return tempRemoved + " unfinished temp file(s) removed, " + rowsUncached + " row(s) without a blob marked "
          + "uncached, " + blobsReindexed + " blob(s) re-indexed, " + blobsRemoved + " stray blob(s) removed";
    }
  }

  private Reconciler() {}

  /** Reconciles and logs one summary line. */
  public static Report run(BlobStore blobs, MetadataStore meta) throws IOException {
    int temp = blobs.sweepTemp();
    Set<String> claimed = new HashSet<>();
    int uncached = 0;
    for (FileRecord row : meta.cachedFiles()) {
      String sha = row.cachedSha256();
      if (sha == null || claimed.contains(sha)) {
        continue;
      }
      Optional<Path> path = blobs.find(sha);
      if (path.isPresent() && sizeMatches(path.get(), row.cachedSize())) {
        claimed.add(sha);
      } else {
        if (path.isPresent()) {
          blobs.delete(sha);
        }
        uncached += meta.forgetBlob(sha);
      }
    }
    int reindexed = 0;
    int removed = 0;
    List<String> strays;
    try (Stream<String> all = blobs.list()) {
      strays = all.filter(sha -> !claimed.contains(sha)).toList();
    }
    for (String sha : strays) {
      Optional<Path> path = blobs.find(sha);
      if (path.isEmpty()) {
        continue;
      }
      if (hashes(path.get(), sha) && meta.reindexBlob(sha, Files.size(path.get()), System.currentTimeMillis()) > 0) {
        reindexed++;
      } else {
        blobs.delete(sha);
        removed++;
      }
    }
    Report report = new Report(temp, uncached, reindexed, removed);
    LOG.info("cache reconciled at startup: {}", report);
    return report;
  }

  private static boolean sizeMatches(Path blob, @org.jspecify.annotations.Nullable Long expected) {
    try {
      return expected == null || Files.size(blob) == expected;
    } catch (IOException e) {
      return false;
    }
  }

  /** Whether the file's bytes hash to its name; strays are rare (one per crash at most), so reading them is cheap. */
  private static boolean hashes(Path blob, String sha256) {
    MessageDigest digest = BlobWriter.sha256();
    byte[] buf = new byte[64 * 1024];
    try (InputStream in = Files.newInputStream(blob)) {
      for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
        digest.update(buf, 0, n);
      }
    } catch (IOException e) {
      LOG.warn("cannot read stray blob {}: {}", sha256, e.toString());
      return false;
    }
    return HexFormat.of().formatHex(digest.digest()).equals(sha256);
  }
}
