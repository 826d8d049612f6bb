package dev.pantry.cache;

import org.jspecify.annotations.Nullable;

/**
 * What the index knows of a cached page. The renderings themselves live on disk; their digests here let a reader
 * tell a whole pair of renderings from a pair a crash left half-replaced.
 *
 * @param upstreamId           the upstream the page came from
 * @param project              normalized project name, or "" for the root page
 * @param fetchedAt            epoch millis when the upstream last confirmed this page (200 or 304)
 * @param upstreamEtag         the upstream's ETag, replayed as If-None-Match
 * @param upstreamLastModified the upstream's Last-Modified, replayed as If-Modified-Since
 * @param htmlDigest           sha256 of the stored HTML rendering
 * @param jsonDigest           sha256 of the stored JSON rendering
 * @param fileCount            how many files the page listed
 */
public record PageRecord(
    String upstreamId,
    String project,
    long fetchedAt,
    @Nullable String upstreamEtag,
    @Nullable String upstreamLastModified,
    String htmlDigest,
    String jsonDigest,
    int fileCount) {}
