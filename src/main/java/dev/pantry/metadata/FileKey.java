package dev.pantry.metadata;

import java.util.Objects;

/** The identity of one file row: which upstream listed which file for which (normalized) project. */
public record FileKey(String upstreamId, String project, String filename) {
  public FileKey {
    Objects.requireNonNull(upstreamId, "upstreamId");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(filename, "filename");
  }

  public static FileKey of(FileRecord f) {
    return new FileKey(f.upstreamId(), f.project(), f.filename());
  }

  /** The key of this file's single flight (its download), the same in every process. */
  public String flightKey() {
    return "file:" + this;
  }

  /** {@code upstream/project/filename}, as operators see it. */
  @Override
  public String toString() {
    return upstreamId + "/" + project + "/" + filename;
  }
}
