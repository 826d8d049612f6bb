package dev.pantry.metadata;

import org.jspecify.annotations.Nullable;

/**
 * What the index knows of a cached page. The renderings themselves are one bundle in the renderings store, named by
 * its sha256; the digests of each rendering are the ETags clients revalidate with.
 *
 * @param upstreamId           the upstream the page came from
 * @param project              normalized project name, or "" for the root page
 * @param fetchedAt            epoch millis when the upstream last confirmed this page (200 or 304); 0 means stale
 * @param upstreamEtag         the upstream's ETag, replayed as If-None-Match
 * @param upstreamLastModified the upstream's Last-Modified, replayed as If-Modified-Since
 * @param htmlDigest           sha256 of the HTML rendering
 * @param jsonDigest           sha256 of the JSON rendering
 * @param fileCount            how many files (or projects, for a root page) the page listed
 * @param bundleDigest         sha256 of the bundle in the renderings store; null for a page stored by Pantry 0.1
 * @param bundleSize           the bundle's size in bytes, or 0 when there is none
 * @param projectStatus        the PEP 792 status the upstream gave ({@code quarantined}...), or null
 */
public record PageRecord(
    String upstreamId,
    String project,
    long fetchedAt,
    @Nullable String upstreamEtag,
    @Nullable String upstreamLastModified,
    String htmlDigest,
    String jsonDigest,
    int fileCount,
    @Nullable String bundleDigest,
    long bundleSize,
    @Nullable String projectStatus) {

  /** Whether the upstream quarantined the project (PEP 792): none of its files may be served. */
  public boolean quarantined() {
    return "quarantined".equals(projectStatus);
  }

  /** The same page, confirmed by the upstream at {@code at}. */
  public PageRecord fetchedAt(long at) {
    return new PageRecord(upstreamId, project, at, upstreamEtag, upstreamLastModified, htmlDigest, jsonDigest,
        fileCount, bundleDigest, bundleSize, projectStatus);
  }
}
