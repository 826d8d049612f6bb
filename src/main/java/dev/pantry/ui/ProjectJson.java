package dev.pantry.ui;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.pantry.config.Origin;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.files.FileUrls;
import dev.pantry.index.DistFilename;
import dev.pantry.index.Pep440Version;
import dev.pantry.metadata.FileRecord;
import dev.pantry.simple.PageService;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The JSON of {@code GET /api/projects/<name>}: the project's files grouped by version, newest first, with links to
 * the upstream page and the mirror's own pages. PEP 658 metadata rows are left out; they are not distributions.
 */
final class ProjectJson {
  /** The group of files whose version cannot be read from their name. */
  static final String UNKNOWN = "unknown";

  /** Newest first by PEP 440; versions that are not PEP 440 after all valid ones, by text. */
  static final Comparator<String> NEWEST_FIRST = (a, b) -> {
    Optional<Pep440Version> va = Pep440Version.parse(a);
    Optional<Pep440Version> vb = Pep440Version.parse(b);
    if (va.isEmpty() || vb.isEmpty()) {
      return va.isPresent() ? -1 : vb.isPresent() ? 1 : a.compareTo(b);
    }
    int c = vb.get().compareTo(va.get());
    return c != 0 ? c : a.compareTo(b);
  };

  private ProjectJson() {}

  /** @param standing its owning upstream and PEP 792 status, shown as {@code owner} and {@code status} */
  static JsonResponses.Body of(String project, List<FileRecord> rows, List<UpstreamConfig> upstreams,
      boolean admin, PageService.Standing standing) {
    Map<String, List<FileRecord>> byVersion = new TreeMap<>(NEWEST_FIRST);
    Set<String> upstreamIds = new LinkedHashSet<>();
    long cached = 0;
    long bytes = 0;
    int files = 0;
    for (FileRecord f : rows) {
      upstreamIds.add(f.upstreamId());
      if (f.isMetadata()) {
        continue;
      }
      files++;
      if (f.cached()) {
        cached++;
        bytes += f.cachedSize() == null ? 0 : f.cachedSize();
      }
      byVersion.computeIfAbsent(DistFilename.versionText(f.filename(), project).orElse(UNKNOWN),
          v -> new ArrayList<>()).add(f);
    }
    int fileCount = files;
    long cachedCount = cached;
    long cachedBytes = bytes;
    return json -> {
      json.writeStartObject();
      json.writeStringField("name", project);
      json.writeBooleanField("admin", admin);
      json.writeStringField("simplePath", "simple/" + project + "/");
      JsonResponses.string(json, "owner", standing.owner());
      JsonResponses.string(json, "status", standing.status());
      json.writeNumberField("files", fileCount);
      json.writeNumberField("cachedFiles", cachedCount);
      json.writeNumberField("bytes", cachedBytes);
      json.writeArrayFieldStart("upstreams");
      for (UpstreamConfig up : upstreams) {
        if (upstreamIds.contains(up.id())) {
          json.writeStartObject();
          json.writeStringField("id", up.id());
          // Never credentials: the config URL has no user info, and redact drops any query.
          json.writeStringField("pageUrl", Origin.redact(up.indexUrl().resolve(project + "/")));
          json.writeEndObject();
        }
      }
      json.writeEndArray();
      json.writeArrayFieldStart("versions");
      for (Map.Entry<String, List<FileRecord>> v : byVersion.entrySet()) {
        json.writeStartObject();
        json.writeStringField("version", v.getKey());
        json.writeArrayFieldStart("files");
        for (FileRecord f : v.getValue()) {
          file(json, f);
        }
        json.writeEndArray();
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
    };
  }

  private static void file(JsonGenerator json, FileRecord f) throws IOException {
    json.writeStartObject();
    json.writeStringField("filename", f.filename());
    json.writeStringField("upstream", f.upstreamId());
    // Relative to the mirror's root; the filename is one encoded segment ('+' in a local version, say).
    json.writeStringField("path", FileUrls.path(f.key()));
    JsonResponses.number(json, "size", f.cached() ? f.cachedSize() : f.size());
    JsonResponses.string(json, "sha256", f.cached() ? f.cachedSha256() : f.sha256());
    json.writeBooleanField("cached", f.cached());
    JsonResponses.string(json, "uploadTime", f.uploadTime());
    JsonResponses.number(json, "cachedAt", f.cachedAt());
    JsonResponses.number(json, "lastAccess", f.lastAccess());
    json.writeNumberField("hits", f.hits());
    json.writeBooleanField("yanked", f.yanked() != null);
    JsonResponses.string(json, "yankedReason", f.yanked() == null || f.yanked().isEmpty() ? null : f.yanked());
    JsonResponses.string(json, "requiresPython", f.requiresPython());
    json.writeEndObject();
  }
}
