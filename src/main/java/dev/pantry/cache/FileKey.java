package dev.pantry.cache;

/**
 * The identity of one file row: which upstream listed which file for which (normalized) project. It is also the
 * mirror path {@code /files/<upstreamId>/<project>/<filename>}.
 */
public record FileKey(String upstreamId, String project, String filename) {

  public static FileKey of(FileRecord f) {
    return new FileKey(f.upstreamId(), f.project(), f.filename());
  }

  /** {@code upstream/project/filename}, as operators see it. */
  @Override
  public String toString() {
    return upstreamId + "/" + project + "/" + filename;
  }
}
