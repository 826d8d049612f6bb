package dev.pantry.index;

import static dev.pantry.index.JsonValues.expectArray;
import static dev.pantry.index.JsonValues.nextKey;
import static dev.pantry.index.JsonValues.optLong;
import static dev.pantry.index.JsonValues.string;
import static dev.pantry.index.JsonValues.strings;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.pantry.index.JsonValues.Bad;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PEP 691 JSON pages (with PEP 700, 708 and 714 additions), read with jackson-core's streaming parser so a 10 MB page
 * never becomes a tree. Unknown keys are skipped; a known key with the wrong type makes the page malformed, because
 * guessing (a yanked file served as not yanked) is worse than falling back to a cached copy.
 */
final class JsonPages {

  private static final Logger LOG = LoggerFactory.getLogger(JsonPages.class);
  private static final JsonFactory FACTORY = JsonFactory.builder().build();

  private JsonPages() {}

  static ParseResult<ProjectPage> project(byte[] body, URI pageUrl, String name) {
    return run(body, p -> readProject(p, Links.base(pageUrl), name));
  }

  static ParseResult<Integer> root(byte[] body, Consumer<String> names) {
    return run(body, p -> readRoot(p, names));
  }

  private interface Reader<T> {
    T read(JsonParser p) throws IOException, Bad;
  }

  private static <T> ParseResult<T> run(byte[] body, Reader<T> reader) {
    int invalid = Utf8.firstInvalid(body);
    if (invalid >= 0) {
      return new ParseResult.Malformed<>("JSON body is not UTF-8 (bad byte at offset " + invalid + ")");
    }
    try (JsonParser p = FACTORY.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw new Bad("JSON page is not an object");
      }
      T value = reader.read(p);
      if (p.nextToken() != null) {
        throw new Bad("trailing content after the JSON object");
      }
      return new ParseResult.Parsed<>(value);
    } catch (Bad e) {
      return new ParseResult.Malformed<>(String.valueOf(e.getMessage()));
    } catch (StreamReadException e) {
      // Jackson's own message may quote the body; a position is enough to debug and safe to show.
      JsonLocation at = e.getLocation();
      return new ParseResult.Malformed<>(at == null ? "invalid JSON"
          : "invalid JSON at line " + at.getLineNr() + ", column " + at.getColumnNr());
    } catch (IOException e) {
      return new ParseResult.Malformed<>("unreadable JSON");
    }
  }

  private static ProjectPage readProject(JsonParser p, URI base, String name) throws IOException, Bad {
    List<DistFile> files = null;
    List<String> versions = List.of();
    List<String> tracks = List.of();
    List<String> alternates = List.of();
    Meta meta = new Meta(null, null);
    ProjectStatus status = null;
    int[] skipped = {0, 0}; // unsafe filename, not an http(s) link
    for (String key = nextKey(p); key != null; key = nextKey(p)) {
      switch (key) {
        case "meta" -> meta = readMeta(p);
        case "project-status" -> status = readStatus(p);
        case "files" -> files = JsonFiles.readFiles(p, base, skipped);
        case "versions" -> versions = strings(p, key);
        case "tracks" -> tracks = strings(p, key);
        case "alternate-locations" -> alternates = strings(p, key);
        default -> p.skipChildren();
      }
    }
    if (files == null) {
      throw new Bad("JSON project page has no \"files\" array");
    }
    if (skipped[0] > 0) {
      LOG.warn("Project {}: skipped {} files whose filename is unsafe", name, skipped[0]);
    }
    if (skipped[1] > 0) {
      LOG.debug("Project {}: skipped {} files whose URL is not http(s)", name, skipped[1]);
    }
    return new ProjectPage(name, files, versions, tracks, alternates, meta.lastSerial(),
        status != null ? status : meta.status());
  }

  private static Integer readRoot(JsonParser p, Consumer<String> names) throws IOException, Bad {
    Integer count = null;
    for (String key = nextKey(p); key != null; key = nextKey(p)) {
      switch (key) {
        case "meta" -> readMeta(p);
        case "projects" -> count = readProjects(p, names);
        default -> p.skipChildren();
      }
    }
    if (count == null) {
      throw new Bad("JSON root page has no \"projects\" array");
    }
    return count;
  }

  private static int readProjects(JsonParser p, Consumer<String> names) throws IOException, Bad {
    expectArray(p, "projects");
    int index = 0;
    int given = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
      if (t != JsonToken.START_OBJECT) {
        throw new Bad("projects[" + index + "] must be an object");
      }
      String name = null;
      for (String key = nextKey(p); key != null; key = nextKey(p)) {
        if (key.equals("name")) {
          name = string(p, "projects[].name");
        } else {
          p.skipChildren();
        }
      }
      if (name != null && ProjectNames.isValid(name.strip())) {
        names.accept(name.strip());
        given++;
      }
    }
    return given;
  }

  /** What {@code meta} says besides the version: {@code _last-serial}, and PEP 792 status in its first form. */
  private record Meta(@Nullable Long lastSerial, @Nullable ProjectStatus status) {}

  /** Reads {@code meta}, refusing an api-version whose major is not 1. */
  private static Meta readMeta(JsonParser p) throws IOException, Bad {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new Bad("\"meta\" must be an object");
    }
    Long lastSerial = null;
    ProjectStatus status = null;
    for (String key = nextKey(p); key != null; key = nextKey(p)) {
      switch (key) {
        case "api-version" -> {
          String version = string(p, "meta.api-version");
          Integer major = ApiVersion.major(version);
          if (major == null || major != 1) {
            throw new Bad("unsupported api-version " + ApiVersion.describe(version));
          }
        }
        case "_last-serial" -> lastSerial = optLong(p, "meta._last-serial");
        case "project-status" -> status = readStatus(p);
        default -> p.skipChildren();
      }
    }
    return new Meta(lastSerial, status);
  }

  /**
   * PEP 792: {@code {"status": ..., "reason": ...}}, or the bare status string some servers send. A value that is
   * neither is skipped: an unreadable status must not make a page malformed, nor hide its files.
   */
  private static @Nullable ProjectStatus readStatus(JsonParser p) throws IOException, Bad {
    if (p.currentToken() == JsonToken.VALUE_STRING) {
      return ProjectStatus.of(p.getText(), null);
    }
    if (p.currentToken() != JsonToken.START_OBJECT) {
      p.skipChildren();
      return null;
    }
    String status = null;
    String reason = null;
    for (String key = nextKey(p); key != null; key = nextKey(p)) {
      switch (key) {
        case "status" -> status = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        case "reason" -> reason = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
        default -> { }
      }
      p.skipChildren();
    }
    return ProjectStatus.of(status, reason);
  }
}
