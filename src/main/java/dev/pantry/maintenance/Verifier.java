package dev.pantry.maintenance;

import dev.pantry.cache.BlobRemover;
import dev.pantry.cache.BlobStore;
import dev.pantry.cache.FileKey;
import dev.pantry.cache.FileRecord;
import dev.pantry.cache.MetadataStore;
import dev.pantry.cache.StorageException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Re-hashes every cached blob against its name (its sha256) and compares the disk with the index, while the server
 * may keep serving and downloading.
 *
 * <p>Concurrency: the disk is listed before the index is read, and every suspect is checked again before it is
 * reported, so a download that commits its blob and then its row during the run is not taken for an orphan, nor a
 * concurrent prune's removal for a missing blob. Repairs go through the {@link BlobRemover}.
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
    long started = System.nanoTime();
    Set<String> onDisk = listDisk();
    Map<String, List<FileRecord>> bySha = new TreeMap<>();
    for (FileRecord f : meta.cachedFiles()) {
      bySha.computeIfAbsent(f.cachedSha256(), k -> new ArrayList<>()).add(f);
    }
    long totalBytes = bySha.values().stream().mapToLong(rows -> recordedSize(rows)).sum();
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
    for (String sha : onDisk) {
      // Checked again now: a download may have committed this blob just before the listing and its row since.
      if (!bySha.containsKey(sha) && meta.cachedAs(sha).isEmpty() && !remover.inUse(sha)) {
        blobs.find(sha).ifPresent(p -> issues.add(new VerifyReport.Issue(VerifyReport.Kind.ORPHAN, sha, List.of(),
            sizeOf(p), null, VerifyReport.Repair.NONE)));
      }
    }
    if (repair) {
      issues.replaceAll(this::repair);
    }
    return new VerifyReport(files, bytes, issues, repair, Duration.ofNanos(System.nanoTime() - started));
  }

  private VerifyReport.@Nullable Issue check(String sha, List<FileRecord> rows, long filesBefore, long bytesBefore,
      VerifyListener listener) {
    Optional<Path> path = blobs.find(sha);
    String actual = null;
    if (path.isPresent()) {
      actual = hash(path.get(), filesBefore, bytesBefore, listener);
    }
    if (actual == null) {
      // Gone: a problem only if the index still says cached (a concurrent prune un-caches before it unlinks).
      List<FileRecord> still = meta.cachedAs(sha);
      return still.isEmpty() ? null : new VerifyReport.Issue(VerifyReport.Kind.MISSING, sha, keys(still),
          recordedSize(still), null, VerifyReport.Repair.NONE);
    }
    if (!actual.equals(sha)) {
      return new VerifyReport.Issue(VerifyReport.Kind.MISMATCH, sha, keys(rows), sizeOf(path.get()), actual,
          VerifyReport.Repair.NONE);
    }
    return null;
  }

  private VerifyReport.Issue repair(VerifyReport.Issue issue) {
    BlobRemover.Removal r = remover.remove(issue.sha256(), issue.files());
    return issue.withRepair(r instanceof BlobRemover.Removal.InUse ? VerifyReport.Repair.IN_USE
        : VerifyReport.Repair.REPAIRED);
  }

  /** The blob's sha256, or null when it vanished while being read. Reports progress within large files. */
  private static @Nullable String hash(Path p, long filesBefore, long bytesBefore, VerifyListener listener) {
    MessageDigest digest = sha256();
    ByteBuffer buf = ByteBuffer.allocate(BUFFER);
    long read = 0;
    try (FileChannel ch = FileChannel.open(p)) {
      while (ch.read(buf.clear()) >= 0) {
        digest.update(buf.flip());
        read += buf.limit();
        listener.progress(filesBefore, bytesBefore + read);
      }
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StorageException("cannot read blob " + p.getFileName() + ": " + e.getMessage(), e);
    }
    return HexFormat.of().formatHex(digest.digest());
  }

  private Set<String> listDisk() {
    try (Stream<String> s = blobs.list()) {
      return s.collect(java.util.stream.Collectors.toCollection(TreeSet::new));
    } catch (IOException e) {
      throw new StorageException("cannot list blobs: " + e.getMessage(), e);
    }
  }

  private static List<FileKey> keys(List<FileRecord> rows) {
    return rows.stream().map(FileKey::of).toList();
  }

  private static long recordedSize(List<FileRecord> rows) {
    return rows.stream().mapToLong(f -> f.cachedSize() == null ? 0 : f.cachedSize()).max().orElse(0);
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
