package dev.pantry.storage;

import java.nio.file.Path;

/**
 * Where a {@link DiskBlobStore} keeps things; the only place that knows. Blobs fan out by the first two byte pairs of
 * their name so no directory grows past 65,536 entries: {@code <root>/ab/cd/<sha256>}, the record beside it as
 * {@code <sha256>.json}. Uploads are written under {@code <temp>/} on the same file system, so the final rename is
 * atomic.
 */
public final class DiskLayout {
  static final String RECORD_SUFFIX = ".json";
  static final String PART_SUFFIX = ".part";

  private final Path root;
  private final Path temp;

  /**
   * @param root where committed blobs live, e.g. {@code <data>/blobs}
   * @param temp this store's own upload area, e.g. {@code <data>/tmp/blobs}
   */
  public DiskLayout(Path root, Path temp) {
    this.root = root.toAbsolutePath().normalize();
    this.temp = temp.toAbsolutePath().normalize();
  }

  /** The artifact store of a data directory. */
  public static DiskLayout artifacts(Path dataDir) {
    return new DiskLayout(dataDir.resolve("blobs"), dataDir.resolve("tmp").resolve("blobs"));
  }

  /** The page renderings of a data directory. */
  public static DiskLayout renderings(Path dataDir) {
    return new DiskLayout(dataDir.resolve("renderings"), dataDir.resolve("tmp").resolve("renderings"));
  }

  Path root() {
    return root;
  }

  Path temp() {
    return temp;
  }

  /** {@code ab/cd/<sha256>}: what a front proxy appends to its location for the blob. */
  static String relative(String sha256) {
    return sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
  }

  /** The directory a blob and its record live in. */
  Path dir(String sha256) {
    return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4));
  }

  Path blob(String sha256) {
    return dir(sha256).resolve(sha256);
  }

  Path record(String sha256) {
    return dir(sha256).resolve(sha256 + RECORD_SUFFIX);
  }

  /** A fresh upload file name. */
  Path part(String id) {
    return temp.resolve(id + PART_SUFFIX);
  }

  @Override
  public String toString() {
    return root.toString();
  }
}
