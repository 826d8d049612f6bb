package dev.pantry.index;

import static dev.pantry.index.JsonValues.expectArray;
import static dev.pantry.index.JsonValues.hashes;
import static dev.pantry.index.JsonValues.nextKey;
import static dev.pantry.index.JsonValues.optBoolean;
import static dev.pantry.index.JsonValues.optLong;
import static dev.pantry.index.JsonValues.optString;
import static dev.pantry.index.JsonValues.string;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.pantry.index.DistFile.CoreMetadata;
import dev.pantry.index.JsonValues.Bad;
import dev.pantry.index.Links.Link;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** The {@code files} array of a PEP 691 project page (with PEP 700 and 714 keys). */
final class JsonFiles {

  private JsonFiles() {}

  /** Reads the array; {@code skipped} counts files left out: [unsafe filename, non-http URL]. */
  static List<DistFile> readFiles(JsonParser p, URI base, int[] skipped) throws IOException, Bad {
    expectArray(p, "files");
    List<DistFile> files = new ArrayList<>();
    LinkResolver resolver = new LinkResolver(base);
    int index = 0;
    for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken(), index++) {
      if (t != JsonToken.START_OBJECT) {
        throw new Bad("files[" + index + "] must be an object");
      }
      DistFile file = readFile(p, resolver, "files[" + index + "].", skipped);
      if (file != null) {
        files.add(file);
      }
    }
    return files;
  }

  /** One file; null when it is skipped (unsafe filename, non-http URL). */
  private static @Nullable DistFile readFile(JsonParser p, LinkResolver resolver, String at, int[] skipped)
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
    String provenance = null;
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
        case "provenance" -> provenance = p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
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
    Link link = resolver.resolve(url);
    if (link == null) {
      skipped[1]++;
      return null;
    }
    if (hashes.isEmpty() && !link.hashes().isEmpty()) {
      hashes = link.hashes(); // a #sha256= fragment in the URL still counts
    }
    return new DistFile(filename, link.url(), hashes,
        requiresPython == null || requiresPython.isBlank() ? null : requiresPython.strip(), yanked,
        hasCore ? core : distInfo, gpgSig, size, uploadTime, Links.provenance(provenance));
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

}
