package dev.pantry.simple;

import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Listings the index could not take (the database stopped, or the disk is full), held in memory so the page that was
 * served from memory stays usable: its files can still be downloaded, verified, to the client. Bounded by rows; the
 * least recently recorded project goes first. A listing leaves once the index takes it. Thread-safe.
 */
final class UnrecordedListings {
  private final int maxRows;
  private final Map<String, Map<String, FileRecord>> byProject = new LinkedHashMap<>(16, 0.75f, true);
  private int rows;

  UnrecordedListings(int maxRows) {
    this.maxRows = maxRows;
  }

  synchronized void put(String upstreamId, String project, Collection<FileRecord> listing) {
    remove(upstreamId, project);
    Map<String, FileRecord> files = new LinkedHashMap<>();
    for (FileRecord f : listing) {
      files.put(f.filename(), f);
    }
    byProject.put(key(upstreamId, project), files);
    rows += files.size();
    var eldest = byProject.entrySet().iterator();
    while (rows > maxRows && eldest.hasNext()) {
      rows -= eldest.next().getValue().size();
      eldest.remove();
    }
  }

  synchronized void remove(String upstreamId, String project) {
    Map<String, FileRecord> gone = byProject.remove(key(upstreamId, project));
    if (gone != null) {
      rows -= gone.size();
    }
  }

  synchronized Optional<FileRecord> find(FileKey key) {
    Map<String, FileRecord> files = byProject.get(key(key.upstreamId(), key.project()));
    return files == null ? Optional.empty() : Optional.ofNullable(files.get(key.filename()));
  }

  synchronized boolean isEmpty() {
    return byProject.isEmpty();
  }

  private static String key(String upstreamId, String project) {
    return upstreamId + '\0' + project;
  }
}
