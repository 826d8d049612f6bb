package dev.pantry.maintenance;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pantry.index.DistFilename;
import dev.pantry.metadata.CacheQueries.CacheStats;
import dev.pantry.metadata.CacheQueries.ProjectSummary;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.Owner;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The JSON of maintenance results: what the admin endpoint sends and what {@code --json} prints, one format for both.
 * Times are ISO-8601 instants in UTC, sizes are bytes. Upstream URLs are left out: they may carry signed tokens.
 * {@link MaintenanceJsonParser} reads it back.
 */
public final class MaintenanceJson {
  private static final JsonFactory JSON = new JsonFactory();

  private MaintenanceJson() {}

  /** Something that writes one JSON value. */
  @FunctionalInterface
  public interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  /** Renders one document; {@code pretty} indents it for people. */
  public static String render(boolean pretty, Body body) {
    StringWriter out = new StringWriter();
    write(out, pretty, body);
    return out.toString();
  }

  /** Writes one document to {@code out}, without closing it. */
  public static void write(Writer out, boolean pretty, Body body) {
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
      if (pretty) {
        g.useDefaultPrettyPrinter();
      }
      body.write(g);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Body stats(CacheStats s) {
    return g -> {
      g.writeStartObject();
      g.writeNumberField("files", s.files());
      g.writeNumberField("projects", s.projects());
      g.writeNumberField("bytes", s.bytes());
      g.writeNumberField("hitRatio", s.hitRatio());
      g.writeNumberField("served", s.served());
      g.writeNumberField("fetched", s.fetched());
      g.writeNumberField("bytesServed", s.bytesServed());
      g.writeNumberField("bytesFetched", s.bytesFetched());
      g.writeFieldName("topBySize");
      projectArray(g, s.topBySize());
      g.writeFieldName("topByHits");
      projectArray(g, s.topByHits());
      g.writeFieldName("oldest");
      fileArray(g, s.oldest());
      g.writeEndObject();
    };
  }

  public static Body projects(List<ProjectSummary> projects) {
    return g -> {
      g.writeStartObject();
      g.writeFieldName("projects");
      projectArray(g, projects);
      g.writeEndObject();
    };
  }

  public static Body files(String project, List<FileRecord> files) {
    return g -> {
      g.writeStartObject();
      g.writeStringField("project", project);
      g.writeFieldName("files");
      fileArray(g, files);
      g.writeEndObject();
    };
  }

  public static Body owners(List<Owner> owners) {
    return g -> {
      g.writeStartObject();
      g.writeArrayFieldStart("owners");
      for (Owner o : owners) {
        g.writeStartObject();
        g.writeStringField("project", o.project());
        g.writeStringField("upstream", o.upstreamId());
        g.writeBooleanField("direct", o.direct());
        instant(g, "claimedAt", o.claimedAt());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    };
  }

  /** What a release did: {@code released} is the owner that was forgotten, absent when the name had none. */
  public static Body released(String project, Optional<Owner> released) {
    return g -> {
      g.writeStartObject();
      g.writeStringField("project", project);
      optional(g, "released", released.map(Owner::upstreamId).orElse(null));
      g.writeEndObject();
    };
  }

  public static Body prune(PruneReport r) {
    return g -> {
      g.writeStartObject();
      g.writeBooleanField("dryRun", r.dryRun());
      g.writeNumberField("removedFiles", r.removed().size());
      g.writeNumberField("bytesFreed", r.bytesFreed());
      g.writeNumberField("bytesBefore", r.bytesBefore());
      g.writeNumberField("bytesAfter", r.bytesAfter());
      g.writeNumberField("tookMillis", r.took().toMillis());
      g.writeNumberField("orphans", r.orphans());
      g.writeFieldName("removed");
      entries(g, r.removed());
      g.writeFieldName("skipped");
      entries(g, r.skipped());
      g.writeEndObject();
    };
  }

  public static Body verify(VerifyReport r) {
    return g -> {
      g.writeStartObject();
      g.writeNumberField("files", r.files());
      g.writeNumberField("bytes", r.bytes());
      g.writeBooleanField("repair", r.repair());
      g.writeBooleanField("clean", r.clean());
      g.writeNumberField("tookMillis", r.took().toMillis());
      g.writeArrayFieldStart("issues");
      for (VerifyReport.Issue i : r.issues()) {
        g.writeStartObject();
        g.writeStringField("kind", i.kind().name().toLowerCase(Locale.ROOT));
        g.writeStringField("sha256", i.sha256());
        g.writeNumberField("size", i.size());
        optional(g, "actualSha256", i.actual());
        g.writeStringField("repair", i.repair().name().toLowerCase(Locale.ROOT));
        g.writeArrayFieldStart("files");
        for (FileKey k : i.files()) {
          key(g, k);
          g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    };
  }

  /** One line of a verify stream: {@code {"progress":{"files":..,"bytes":..,"totalFiles":..,"totalBytes":..}}}. */
  public static Body progress(long files, long bytes, long totalFiles, long totalBytes) {
    return g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("progress");
      g.writeNumberField("files", files);
      g.writeNumberField("bytes", bytes);
      g.writeNumberField("totalFiles", totalFiles);
      g.writeNumberField("totalBytes", totalBytes);
      g.writeEndObject();
      g.writeEndObject();
    };
  }

  /** Wraps a document under one field, e.g. {@code {"report": ...}} in a verify stream. */
  public static Body wrap(String field, Body inner) {
    return g -> {
      g.writeStartObject();
      g.writeFieldName(field);
      inner.write(g);
      g.writeEndObject();
    };
  }

  private static void projectArray(JsonGenerator g, List<ProjectSummary> projects) throws IOException {
    g.writeStartArray();
    for (ProjectSummary p : projects) {
      g.writeStartObject();
      g.writeStringField("project", p.project());
      g.writeNumberField("files", p.files());
      g.writeNumberField("cachedFiles", p.cachedFiles());
      g.writeNumberField("bytes", p.bytes());
      instant(g, "lastAccess", p.lastAccess());
      g.writeNumberField("hits", p.hits());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void fileArray(JsonGenerator g, List<FileRecord> files) throws IOException {
    g.writeStartArray();
    for (FileRecord f : files) {
      key(g, FileKey.of(f));
      optional(g, "version", DistFilename.versionText(f.filename(), f.project()).orElse(null));
      g.writeBooleanField("metadata", f.isMetadata());
      g.writeBooleanField("cached", f.cached());
      optional(g, "sha256", f.cachedSha256() != null ? f.cachedSha256() : f.sha256());
      optionalNumber(g, "size", f.cachedSize() != null ? f.cachedSize() : f.size());
      instant(g, "cachedAt", f.cachedAt());
      instant(g, "lastAccess", f.lastAccess());
      g.writeNumberField("hits", f.hits());
      optional(g, "yanked", f.yanked());
      optional(g, "requiresPython", f.requiresPython());
      optional(g, "uploadTime", f.uploadTime());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void entries(JsonGenerator g, List<PruneReport.Entry> entries) throws IOException {
    g.writeStartArray();
    for (PruneReport.Entry e : entries) {
      key(g, e.key());
      g.writeNumberField("size", e.size());
      instant(g, "lastUsed", e.lastUsed());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /** Starts an object with the file's identity; the caller adds fields and ends it. */
  private static void key(JsonGenerator g, FileKey k) throws IOException {
    g.writeStartObject();
    g.writeStringField("upstream", k.upstreamId());
    g.writeStringField("project", k.project());
    g.writeStringField("filename", k.filename());
  }

  private static void optional(JsonGenerator g, String name, @Nullable String value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, value);
    }
  }

  private static void optionalNumber(JsonGenerator g, String name, @Nullable Long value) throws IOException {
    if (value == null) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, value);
    }
  }

  private static void instant(JsonGenerator g, String name, @Nullable Long millis) throws IOException {
    optional(g, name, millis == null ? null : Instant.ofEpochMilli(millis).toString());
  }
}
