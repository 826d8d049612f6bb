package dev.pantry.cache;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Blobs on local disk under {@code <data>/blobs/ab/cd/<sha256>}, written through {@code <data>/tmp/} on the same file
 * system so the final rename is atomic.
 */
public final class DiskBlobStore implements BlobStore {
  private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");
  private final Path blobs;
  private final Path temp;

  public DiskBlobStore(Path dataDir) throws IOException {
    this.blobs = Files.createDirectories(dataDir.resolve("blobs"));
    this.temp = Files.createDirectories(dataDir.resolve("tmp"));
  }

  @Override
  public BlobWriter create() throws IOException {
    return new BlobWriter(temp.resolve(UUID.randomUUID() + ".part"), this::pathOf);
  }

  @Override
  public Optional<Path> find(String sha256) {
    if (!SHA256.matcher(sha256).matches()) {
      return Optional.empty();
    }
    Path p = pathOf(sha256);
    return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
  }

  @Override
  public boolean delete(String sha256) throws IOException {
    return SHA256.matcher(sha256).matches() && Files.deleteIfExists(pathOf(sha256));
  }

  @Override
  public int sweepTemp() throws IOException {
    int removed = 0;
    try (Stream<Path> s = Files.list(temp)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.deleteIfExists(p)) {
          removed++;
        }
      }
    }
    return removed;
  }

  @Override
  public Stream<String> list() throws IOException {
    return Files.walk(blobs, 3)
        .filter(Files::isRegularFile)
        .map(p -> p.getFileName().toString())
        .filter(n -> SHA256.matcher(n).matches());
  }

  Path pathOf(String sha256) {
    return blobs.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }
}
