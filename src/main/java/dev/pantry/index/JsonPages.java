package dev.pantry.index;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamReadException;
import dev.pantry.index.DistFile.CoreMetadata;
import dev.pantry.index.Links.Link;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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

  static ParseResult<ProjectList> root(byte[] body) {
    return run(body, JsonPages::readRoot);
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
      return new ParseResult.Malformed<>(e.getMessage());
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
    Long lastSerial = null;
    int[] skipped = {0, 0}; // unsafe filename, not an http(s) link
    for (String key = nextKey(p); key != null; key = nextKey(p)) {
      switch (key) {
        case "meta" -> lastSerial = readMeta(p);
        case "files" -> files = readFiles(p, base, skipped);
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
    return new ProjectPage(name, files, versions, tracks, alternates, lastSerial);
  }

  private static ProjectList readRoot(JsonParser p) throws IOException, Bad {
    List<String> names = null;
    for (String key = nextKey(p); key != null; key = nextKey(p)) {
      switch (key) {
        case "meta" -> readMeta(p);
        case "projects" -> names = readProjects(p);
        default -> p.skipChildren();
      }
    }
    if (names == null) {
      throw new Bad("JSON root page has no \"projects\" array");
    }
    return new ProjectList(names);
  }

  private static List<String> readProjects(JsonParser p) throws IOException, Bad {
    expectArray(p, "projects");
    List<String> names = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      if (t != JsonToken.START_OBJECT) {
        throw new Bad("projects[" + names.size() + "] must be an object");
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
        names.add(name.strip());
      }
    }
    return names;
  }

  /** Reads {@code meta}, refusing an api-version whose major is not 1; returns {@code _last-serial}. */
  private static @Nullable Long readMeta(JsonParser p) throws IOException, Bad {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new Bad("\"meta\" must be an object");
    }
    Long lastSerial = null;
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
        default -> p.skipChildren();
      }
    }
    return lastSerial;
  }

  private static List<DistFile> readFiles(JsonParser p, URI base, int[] skipped) throws IOException, Bad {
    expectArray(p, "files");
    List<DistFile> files = new ArrayList<>();
    int index = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
      if (t != JsonToken.START_OBJECT) {
        throw new Bad("files[" + index + "] must be an object");
      }
      DistFile file = readFile(p, base, "files[" + index + "].", skipped);
      if (file != null) {
        files.add(file);
      }
    }
    return files;
  }

  /** One file; null when it is skipped (unsafe filename, non-http URL). */
  private static @Nullable DistFile readFile(JsonParser p, URI base, String at, int[] skipped)
      throws IOException, Bad {
    String filename = null;
    String url = null;
    Map<String, String> hashes = Map.of();
    String requiresPython = null;
    String yanked = null;
    CoreMetadata core = null;
    CoreMetadata distInfo = null;
    boolean hasCore = false;
    Boolean gpgSig = null;
    Long size = null;
    String uploadTime = null;
    for (String key = nextKey(p); key != null; key = nextKey(p)) {
      switch (key) {
        case "filename" -> filename = string(p, at + key);
        case "url" -> url = string(p, at + key);
        case "hashes" -> hashes = hashes(p, at + key);
        case "requires-python" -> requiresPython = optString(p, at + key);
        case "yanked" -> yanked = yanked(p, at + key);
        case "core-metadata" -> {
          core = metadata(p, at + key);
          hasCore = true;
        }
        case "dist-info-metadata" -> distInfo = metadata(p, at + key);
        case "gpg-sig" -> gpgSig = optBoolean(p, at + key);
        case "size" -> size = optLong(p, at + key);
        case "upload-time" -> uploadTime = optString(p, at + key);
        default -> p.skipChildren();
      }
    }
    if (filename == null || url == null) {
      throw new Bad(at + (filename == null ? "filename" : "url") + " is missing");
    }
    if (!ProjectNames.isValidFilename(filename)) {
      skipped[0]++;
      return null;
    }
    Link link = Links.resolve(base, url);
    if (link == null) {
      skipped[1]++;
      return null;
    }
    if (hashes.isEmpty() && !link.hashes().isEmpty()) {
      hashes = link.hashes(); // a #sha256= fragment in the URL still counts
    }
    return new DistFile(filename, link.url(), hashes,
        requiresPython == null || requiresPython.isBlank() ? null : requiresPython.strip(), yanked,
        hasCore ? core : distInfo, gpgSig, size, uploadTime);
  }

  /** {@code false} or absent: null; {@code true}: yanked without reason (""); a string: the reason. */
  private static @Nullable String yanked(JsonParser p, String at) throws IOException, Bad {
    return switch (p.currentToken()) {
      case VALUE_FALSE, VALUE_NULL -> null;
      case VALUE_TRUE -> "";
      // pip treats an empty reason as not yanked (it is falsy in Python).
      case VALUE_STRING -> p.getText().isEmpty() ? null : p.getText();
      default -> throw new Bad(at + " must be a boolean or a string");
    };
  }

  /** PEP 691/714: {@code false} (not available), {@code true} (no hashes), or an object of hashes. */
  private static @Nullable CoreMetadata metadata(JsonParser p, String at) throws IOException, Bad {
    return switch (p.currentToken()) {
      case VALUE_FALSE, VALUE_NULL -> null;
      case VALUE_TRUE -> new CoreMetadata(Map.of());
      case START_OBJECT -> new CoreMetadata(hashes(p, at));
      default -> throw new Bad(at + " must be a boolean or an object");
    };
  }

  /** An object of hash name to hex digest; pairs that are not a hash name and hex are dropped. */
  private static Map<String, String> hashes(JsonParser p, String at) throws IOException, Bad {
    if (p.currentToken() != JsonToken.START_OBJECT) {
      throw new Bad(at + " must be an object");
    }
    Map<String, String> hashes = new HashMap<>(4);
    for (String key = nextKey(p); key != null; key = nextKey(p)) {
      String hex = string(p, at + "." + (Hashes.isName(key) ? key : "?"));
      if (Hashes.isName(key) && Hashes.isHex(hex)) {
        hashes.put(key.toLowerCase(Locale.ROOT), hex.toLowerCase(Locale.ROOT));
      }
    }
    return hashes;
  }

  private static List<String> strings(JsonParser p, String at) throws IOException, Bad {
    expectArray(p, at);
    List<String> values = new ArrayList<>();
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
      values.add(string(p, at + "[]"));
    }
    return values;
  }

  /**
   * Moves to the next key of the current object and onto its value; null at the object's end. Jackson throws at end of
   * input, so the loops built on this end.
   */
  private static @Nullable String nextKey(JsonParser p) throws IOException, Bad {
    JsonToken t = p.nextToken();
    if (t == JsonToken.END_OBJECT) {
      return null;
    }
    if (t != JsonToken.FIELD_NAME) {
      throw new Bad("unexpected end of JSON");
    }
    String key = p.currentName();
    if (p.nextToken() == null) {
      throw new Bad("unexpected end of JSON");
    }
    return key;
  }

  private static void expectArray(JsonParser p, String at) throws Bad {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw new Bad("\"" + at + "\" must be an array");
    }
  }

  private static String string(JsonParser p, String at) throws IOException, Bad {
    if (p.currentToken() != JsonToken.VALUE_STRING) {
      throw new Bad(at + " must be a string");
    }
    return p.getText();
  }

  private static @Nullable String optString(JsonParser p, String at) throws IOException, Bad {
    return p.currentToken() == JsonToken.VALUE_NULL ? null : string(p, at);
  }

  private static @Nullable Boolean optBoolean(JsonParser p, String at) throws Bad {
    return switch (p.currentToken()) {
      case VALUE_TRUE -> Boolean.TRUE;
      case VALUE_FALSE -> Boolean.FALSE;
      case VALUE_NULL -> null;
      default -> throw new Bad(at + " must be a boolean");
    };
  }

  private static @Nullable Long optLong(JsonParser p, String at) throws IOException, Bad {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      return null;
    }
    if (t != JsonToken.VALUE_NUMBER_INT || p.getLongValue() < 0) {
      throw new Bad(at + " must be a non-negative integer");
    }
    return p.getLongValue();
  }

  /** A page-level problem; the message becomes the {@link ParseResult.Malformed} reason. Never escapes this class. */
  private static final class Bad extends Exception {
    private static final long serialVersionUID = 1L;

    Bad(String reason) {
      super(reason, null, false, false);
    }
  }
}
