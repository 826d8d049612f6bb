package dev.pantry.cache;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.List;
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

  /**
   * Every stored blob's sha256, for reconciling the index against the disk. Safe while blobs come and go: a blob
   * deleted during the listing is simply not listed (a {@code Files.walk} would fail on it).
   */
  @Override
  public Stream<String> list() throws IOException {
    List<String> out = new ArrayList<>();
    for (Path a : children(blobs)) {
      for (Path b : children(a)) {
        for (Path f : children(b)) {
          String name = f.getFileName().toString();
          if (SHA256.matcher(name).matches()) {
            out.add(name);
          }
        }
      }
    }
    return out.stream();
  }

  private static List<Path> children(Path dir) throws IOException {
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
      s.forEach(out::add);
    } catch (NoSuchFileException | NotDirectoryException e) {
      return List.of();
    }
    return out;
  }

  Path pathOf(String sha256) {
    return blobs.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }
}
