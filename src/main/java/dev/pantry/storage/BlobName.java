package dev.pantry.storage;

import java.util.Objects;

/**
 * One file a blob was cached as: enough to re-create its index row when the index is lost.
 *
 * @param upstreamId the upstream whose page listed the file
 * @param project    normalized project name
 * @param filename   the file's name as listed
 * @param url        the upstream URL the page listed for it
 */
public record BlobName(String upstreamId, String project, String filename, String url) {
  public BlobName {
    Objects.requireNonNull(upstreamId, "upstreamId");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(filename, "filename");
    Objects.requireNonNull(url, "url");
  }

  /** {@code upstream/project/filename}, for logs; never the URL (it may carry a query). */
  @Override
  public String toString() {
    return upstreamId + "/" + project + "/" + filename;
  }
}
