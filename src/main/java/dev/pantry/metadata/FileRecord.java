package dev.pantry.metadata;

import org.jspecify.annotations.Nullable;

/**
 * One file an upstream page listed, and what the cache holds of it.
 *
 * @param upstreamId     the upstream whose page listed it
 * @param project        normalized project name
 * @param filename       the file's name; {@code .metadata} rows are PEP 658 metadata files
 * @param url            the absolute upstream URL, the only place the mirror will fetch this file from
 * @param sha256         the digest the page listed, or null when it listed none
 * @param size           the size the page listed, or null
 * @param requiresPython the page's Requires-Python, or null
 * @param yanked         null, or the yank reason ("" without one)
 * @param uploadTime     the page's upload-time, or null
 * @param cachedSha256   the stored blob's digest when cached, else null
 * @param cachedSize     the stored blob's size when cached, else null
 * @param cachedAt       epoch millis when it was stored, or null
 * @param lastAccess     epoch millis of the last hit, or null
 * @param hits           how often it was served
 * @param altHash        {@code name=hex} of the strongest other hash the page gave, when it gave no sha256 (the
 *                       download is verified against it), else null
 */
public record FileRecord(
    String upstreamId,
    String project,
    String filename,
    String url,
    @Nullable String sha256,
    @Nullable Long size,
    @Nullable String requiresPython,
    @Nullable String yanked,
    @Nullable String uploadTime,
    @Nullable String cachedSha256,
    @Nullable Long cachedSize,
    @Nullable Long cachedAt,
    @Nullable Long lastAccess,
    long hits,
    @Nullable String altHash) {

  public boolean cached() {
    return cachedSha256 != null;
  }

  public boolean isMetadata() {
    return filename.endsWith(".metadata");
  }

  public FileKey key() {
    return new FileKey(upstreamId, project, filename);
  }

  /** Whether the cached blob is what the page lists now; a re-uploaded file (new hash) must be fetched again. */
  public boolean cachedMatchesListing() {
    return cachedSha256 != null && (sha256 == null || sha256.equalsIgnoreCase(cachedSha256));
  }

  /** A listing of a file as a page gives it, before anything is cached. */
  public static FileRecord listed(
      String upstreamId,
      String project,
      String filename,
      String url,
      @Nullable String sha256,
      @Nullable Long size,
      @Nullable String requiresPython,
      @Nullable String yanked,
      @Nullable String uploadTime) {
    return listed(upstreamId, project, filename, url, sha256, size, requiresPython, yanked, uploadTime, null);
  }

  /** As {@link #listed(String, String, String, String, String, Long, String, String, String)}, with another hash. */
  public static FileRecord listed(
      String upstreamId,
      String project,
      String filename,
      String url,
      @Nullable String sha256,
      @Nullable Long size,
      @Nullable String requiresPython,
      @Nullable String yanked,
      @Nullable String uploadTime,
      @Nullable String altHash) {
    return new FileRecord(upstreamId, project, filename, url, sha256, size, requiresPython, yanked, uploadTime,
        null, null, null, null, 0, sha256 == null ? altHash : null);
  }
}
