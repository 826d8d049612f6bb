package dev.pantry.files;

import dev.pantry.error.Problem;
import dev.pantry.index.ProjectNames;
import dev.pantry.metadata.FileKey;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The one owner of the mirror's file URL format, {@code files/<upstream>/<project>/<filename>}: building it (for
 * rewritten pages, the UI, the API) and reading it back. The filename is one path segment, percent-encoded as UTF-8
 * except for RFC 3986's unreserved characters, so a listed name with a space, {@code %}, {@code ;}, {@code ?},
 * {@code #} or {@code +} survives the round trip; it is decoded here and nowhere else.
 */
public final class FileUrls {
  /** The path prefix, as routes see it. */
  public static final String PREFIX = "/files/";
  private static final Pattern UPSTREAM_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  private FileUrls() {}

  /** {@code files/<upstream>/<project>/<filename>}, relative to the mirror's root. */
  public static String path(FileKey key) {
    return "files/" + key.upstreamId() + "/" + key.project() + "/" + encode(key.filename());
  }

  /** The same, as linked from a project page at {@code simple/<project>/}. */
  public static String fromProjectPage(FileKey key) {
    return "../../" + path(key);
  }

  /** What parsing a request path came to. */
  public sealed interface Parsed {
    record Key(FileKey key) implements Parsed {}

    record Bad(Problem problem) implements Parsed {}
  }

  /**
   * Reads a raw (still percent-encoded) request path such as {@code /files/main/demo/demo-1.0.whl}. The upstream id
   * and project must be in their canonical forms (a project not PEP 503-normalized is not a file of ours), and the
   * filename must be one safe path segment.
   */
  public static Parsed parse(String rawPath) {
    if (!rawPath.startsWith(PREFIX)) {
      return notFound();
    }
    String[] parts = rawPath.substring(PREFIX.length()).split("/", -1);
    if (parts.length != 3 || !UPSTREAM_ID.matcher(parts[0]).matches() || !ProjectNames.isValid(parts[1])
        || !ProjectNames.normalize(parts[1]).equals(parts[1])) {
      return notFound();
    }
    String filename = decode(parts[2]);
    if (filename == null || !ProjectNames.isValidFilename(filename)) {
      return notFound();
    }
    return new Parsed.Key(new FileKey(parts[0], parts[1], filename));
  }

  private static Parsed notFound() {
    return new Parsed.Bad(Problem.of(Problem.Kind.NOT_FOUND, "no such file"));
  }

  /** Percent-encodes all but {@code A-Z a-z 0-9 - . _ ~}. */
  static String encode(String segment) {
    StringBuilder out = new StringBuilder(segment.length() + 8);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_'
          || c == '~') {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }

  /** Decodes {@code %XX} escapes as strict UTF-8; null for a malformed escape or invalid UTF-8. */
  static @Nullable String decode(String segment) {
    if (segment.indexOf('%') < 0) {
      return segment;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(segment.length());
    for (int i = 0; i < segment.length(); i++) {
      char c = segment.charAt(i);
      if (c == '%') {
        int hi = i + 2 < segment.length() ? Character.digit(segment.charAt(i + 1), 16) : -1;
        int lo = hi >= 0 ? Character.digit(segment.charAt(i + 2), 16) : -1;
        if (lo < 0) {
          return null;
        }
        bytes.write(hi << 4 | lo);
        i += 2;
      } else if (c < 0x80) {
        bytes.write(c);
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException e) {
      return null;
    }
  }
}
