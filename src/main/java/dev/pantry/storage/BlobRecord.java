package dev.pantry.storage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The small record a store keeps with each blob, written atomically with it: its digest and size, when it was cached,
 * and every file it was cached as. The metadata index can be rebuilt from these alone.
 *
 * @param names the files cached as this blob, in the order they were added; empty for page renderings
 */
public record BlobRecord(String sha256, long size, Instant cachedAt, List<BlobName> names) {
  private static final JsonFactory JSON = JsonFactory.builder().build();
  /** A record larger than this is not one of ours. */
  static final int MAX_BYTES = 1 << 20;

  public BlobRecord {
    Objects.requireNonNull(sha256, "sha256");
    Objects.requireNonNull(cachedAt, "cachedAt");
    names = List.copyOf(new LinkedHashSet<>(names));
  }

  /** This record with {@code name} added (unchanged when it is already named). */
  public BlobRecord with(BlobName name) {
    if (names.contains(name)) {
      return this;
    }
    List<BlobName> more = new ArrayList<>(names);
    more.add(name);
    return new BlobRecord(sha256, size, cachedAt, more);
  }

  /** The record as UTF-8 JSON. */
  public byte[] toJson() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeNumberField("version", 1);
      g.writeStringField("sha256", sha256);
      g.writeNumberField("size", size);
      g.writeStringField("cachedAt", cachedAt.toString());
      g.writeArrayFieldStart("names");
      for (BlobName n : names) {
        g.writeStartObject();
        g.writeStringField("upstream", n.upstreamId());
        g.writeStringField("project", n.project());
        g.writeStringField("filename", n.filename());
        g.writeStringField("url", n.url());
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array cannot fail", e);
    }
    return out.toByteArray();
  }

  /** Parses what {@link #toJson} wrote; empty when the bytes are not such a record (torn, foreign, too large). */
  public static Optional<BlobRecord> fromJson(byte[] json) {
    if (json.length > MAX_BYTES) {
      return Optional.empty();
    }
    try (JsonParser p = JSON.createParser(json)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return Optional.empty();
      }
      String sha = null;
      long size = -1;
      Instant at = null;
      List<BlobName> names = new ArrayList<>();
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken value = p.nextToken();
        switch (key) {
          case "sha256" -> sha = p.getValueAsString();
          case "size" -> size = p.getValueAsLong(-1);
          case "cachedAt" -> at = Instant.parse(p.getValueAsString(""));
          case "names" -> {
            if (value != JsonToken.START_ARRAY) {
              return Optional.empty();
            }
            while (p.nextToken() == JsonToken.START_OBJECT) {
              BlobName n = name(p);
              if (n != null) {
                names.add(n);
              }
            }
          }
          default -> p.skipChildren();
        }
      }
      if (sha == null || size < 0 || at == null || !Digests.isSha256(sha)) {
        return Optional.empty();
      }
      return Optional.of(new BlobRecord(sha, size, at, names));
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }

  private static @Nullable BlobName name(JsonParser p) throws IOException {
    String upstream = null;
    String project = null;
    String filename = null;
    String url = null;
    while (p.nextToken() == JsonToken.FIELD_NAME) {
      String key = p.currentName();
      p.nextToken();
      switch (key) {
        case "upstream" -> upstream = p.getValueAsString();
        case "project" -> project = p.getValueAsString();
        case "filename" -> filename = p.getValueAsString();
        case "url" -> url = p.getValueAsString();
        default -> p.skipChildren();
      }
    }
    return upstream == null || project == null || filename == null || url == null ? null
        : new BlobName(upstream, project, filename, url);
  }
}
