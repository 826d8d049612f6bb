package dev.pantry.index;

import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One distribution file listed on a project page, with every field PEP 503, 592, 658, 691, 700 and 714 define.
 *
 * @param filename       the file's name, e.g. {@code demo-1.0-py3-none-any.whl}; never contains '/'
 * @param url            where the file is fetched from: the upstream's absolute URL in a parsed page, the mirror's
 *                       relative URL in a rendered one
 * @param hashes         hash name to lowercase hex digest (e.g. {@code sha256}); empty when the upstream gave none
 * @param requiresPython the {@code Requires-Python} specifier, unescaped (e.g. {@code >=3.9}), or null
 * @param yanked         null when not yanked, otherwise the reason (empty string when no reason was given)
 * @param coreMetadata   PEP 658/714 metadata file availability, or null when the upstream says nothing
 * @param gpgSig         PEP 503 {@code data-gpg-sig}, or null
 * @param size           size in bytes (PEP 700), or null
 * @param uploadTime     ISO-8601 upload time (PEP 700) as the upstream wrote it, or null
 * @param provenance     PEP 740 provenance URL, absolute https, passed through as the upstream gave it; or null
 */
public record DistFile(
    String filename,
    String url,
    Map<String, String> hashes,
    @Nullable String requiresPython,
    @Nullable String yanked,
    @Nullable CoreMetadata coreMetadata,
    @Nullable Boolean gpgSig,
    @Nullable Long size,
    @Nullable String uploadTime,
    @Nullable String provenance) {

  public DistFile {
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(url, "url");
    hashes = Map.copyOf(hashes);
  }

  /** A file without PEP 740 provenance. */
  public DistFile(String filename, String url, Map<String, String> hashes, @Nullable String requiresPython,
      @Nullable String yanked, @Nullable CoreMetadata coreMetadata, @Nullable Boolean gpgSig, @Nullable Long size,
      @Nullable String uploadTime) {
    this(filename, url, hashes, requiresPython, yanked, coreMetadata, gpgSig, size, uploadTime, null);
  }

  /** The sha256 hex digest the upstream listed, or null. */
  public @Nullable String sha256() {
    return hashes.get("sha256");
  }

  /** A copy of this file pointing at another URL; every other field is kept. */
  public DistFile withUrl(String newUrl) {
    return new DistFile(filename, newUrl, hashes, requiresPython, yanked, coreMetadata, gpgSig, size, uploadTime,
        provenance);
  }

  /** The same file with these hashes. */
  public DistFile withHashes(Map<String, String> newHashes) {
    return new DistFile(filename, url, newHashes, requiresPython, yanked, coreMetadata, gpgSig, size, uploadTime,
        provenance);
  }

  /**
   * PEP 658/714 core metadata: {@code available} with optional hashes of the {@code .metadata} file.
   *
   * @param hashes hash name to hex digest; empty when the upstream only said "true"
   */
  public record CoreMetadata(Map<String, String> hashes) {
    public CoreMetadata {
      hashes = Map.copyOf(hashes);
    }

    public @Nullable String sha256() {
      return hashes.get("sha256");
    }
  }
}
