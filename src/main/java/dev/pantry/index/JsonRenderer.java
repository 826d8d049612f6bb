package dev.pantry.index;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.pantry.index.DistFile.CoreMetadata;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Renders the model as PEP 691 JSON (with PEP 700 and 708 additions and both PEP 714 metadata keys), UTF-8. Output is
 * deterministic: hashes are written in name order.
 *
 * <p>{@code meta.api-version} is the page's {@link ApiVersion#of version}, the same the HTML rendering says; PEP 700's
 * {@code versions} key is always written (the caller fills it from the filenames when the upstream gave none).
 */
public final class JsonRenderer {

  static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonRenderer() {}

  /**
   * A project page: {@code meta} ({@code api-version}, {@code _last-serial} when known), {@code name}, {@code files},
   * {@code project-status} (PEP 792, when the upstream gave one), then {@code versions}, {@code tracks} and
   * {@code alternate-locations} (when non-empty). Per file: {@code filename}, {@code url}, {@code hashes}, {@code requires-python} (when known),
   * {@code yanked} ({@code false}, {@code true} or the reason), {@code core-metadata} and {@code dist-info-metadata}
   * ({@code false}, {@code true} or the hashes), then {@code gpg-sig}, {@code size}, {@code upload-time} and {@code provenance} (PEP 740) when known.
   */
  public static byte[] renderProject(ProjectPage page) {
    return write(256 + page.files().size() * 400, g -> {
      g.writeStartObject();
      g.writeObjectFieldStart("meta");
      g.writeStringField("api-version", ApiVersion.of(page));
      if (page.lastSerial() != null) {
        g.writeNumberField("_last-serial", page.lastSerial());
      }
      g.writeEndObject();
      g.writeStringField("name", page.name());
      ProjectStatus status = page.status();
      if (status != null) {
        g.writeObjectFieldStart("project-status");
        g.writeStringField("status", status.status());
        if (status.reason() != null) {
          g.writeStringField("reason", status.reason());
        }
        g.writeEndObject();
      }
      g.writeArrayFieldStart("files");
      for (DistFile file : page.files()) {
        file(g, file);
      }
      g.writeEndArray();
      strings(g, "versions", page.versions());
      if (!page.tracks().isEmpty()) {
        strings(g, "tracks", page.tracks());
      }
      if (!page.alternateLocations().isEmpty()) {
        strings(g, "alternate-locations", page.alternateLocations());
      }
      g.writeEndObject();
    });
  }

  private static void file(JsonGenerator g, DistFile file) throws IOException {
    g.writeStartObject();
    g.writeStringField("filename", file.filename());
    g.writeStringField("url", file.url());
    g.writeFieldName("hashes");
    hashes(g, file.hashes());
    if (file.requiresPython() != null) {
      g.writeStringField("requires-python", file.requiresPython());
    }
    g.writeFieldName("yanked");
    String yanked = file.yanked();
    if (yanked == null || yanked.isEmpty()) {
      g.writeBoolean(yanked != null);
    } else {
      g.writeString(yanked);
    }
    metadata(g, "core-metadata", file.coreMetadata());
    metadata(g, "dist-info-metadata", file.coreMetadata());
    if (file.gpgSig() != null) {
      g.writeBooleanField("gpg-sig", file.gpgSig());
    }
    if (file.size() != null) {
      g.writeNumberField("size", file.size());
    }
    if (file.uploadTime() != null) {
      g.writeStringField("upload-time", file.uploadTime());
    }
    if (file.provenance() != null) {
      g.writeStringField("provenance", file.provenance());
    }
    g.writeEndObject();
  }

  private static void metadata(JsonGenerator g, String key, @Nullable CoreMetadata metadata) throws IOException {
    g.writeFieldName(key);
    if (metadata == null || metadata.hashes().isEmpty()) {
      g.writeBoolean(metadata != null);
    } else {
      hashes(g, metadata.hashes());
    }
  }

  private static void hashes(JsonGenerator g, Map<String, String> hashes) throws IOException {
    g.writeStartObject();
    for (Map.Entry<String, String> e : Hashes.sorted(hashes).entrySet()) {
      g.writeStringField(e.getKey(), e.getValue());
    }
    g.writeEndObject();
  }

  private static void strings(JsonGenerator g, String key, List<String> values) throws IOException {
    g.writeArrayFieldStart(key);
    for (String value : values) {
      g.writeString(value);
    }
    g.writeEndArray();
  }

  private interface Body {
    void write(JsonGenerator g) throws IOException;
  }

  private static byte[] write(int sizeHint, Body body) {
    RenderBuffer out = new RenderBuffer(sizeHint);
    try (JsonGenerator g = FACTORY.createGenerator(out, JsonEncoding.UTF8)) {
      body.write(g);
    } catch (IOException e) {
      // A RenderBuffer does not fail; only a bug could get here.
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
