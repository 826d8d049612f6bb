package dev.pantry.testing;

import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobStore;
import dev.pantry.storage.Digests;
import dev.pantry.storage.DiskBlobStore;
import dev.pantry.storage.DiskLayout;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a data directory holds after a process died on it, asked through its store (never by walking its layout):
 * whether every blob is whole and named by its hash, and what the temp area kept.
 */
public final class StoreCheck {
  private StoreCheck() {}

  /** The data directory's artifact store, opened the way the server opens it. */
  public static BlobStore store(Path data) throws IOException {
    return new DiskBlobStore(DiskLayout.artifacts(data), Clock.systemUTC());
  }

  /** Every blob whose bytes do not hash to its name; empty when all are whole. */
  public static List<String> badBlobs(Path data) throws IOException {
    BlobStore store = store(data);
    List<String> all = new ArrayList<>();
    store.forEach(all::add);
    List<String> bad = new ArrayList<>();
    for (String sha : all) {
      Blob b = store.find(sha).orElseThrow();
      MessageDigest d = Digests.sha256();
      try (InputStream in = b.open()) {
        d.update(in.readAllBytes());
      }
      if (!Digests.hex(d.digest()).equals(sha)) {
        bad.add(sha);
      }
    }
    return bad;
  }

  public static boolean has(Path data, String sha256) throws IOException {
    return store(data).find(sha256).isPresent();
  }

  /** Files in the temp area ({@code <data>/tmp}, where uploads are written): unfinished uploads after a crash. */
  public static List<Path> tempFiles(Path data) throws IOException {
    Path tmp = data.resolve("tmp");
    if (!Files.isDirectory(tmp)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(tmp)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  public static long tempBytes(Path data) throws IOException {
    long n = 0;
    for (Path p : tempFiles(data)) {
      n += Files.size(p);
    }
    return n;
  }
}
