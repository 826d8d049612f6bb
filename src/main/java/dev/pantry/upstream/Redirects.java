package dev.pantry.upstream;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Where a redirect points, resolved and checked by hand (the HTTP client's own redirects are off). */
final class Redirects {
  /** Redirects followed at most; the 11th in a row fails the exchange. */
  static final int MAX_REDIRECTS = 10;

  private Redirects() {}

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  /** True for an absolute http or https URL with a host. */
  static boolean isHttp(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
  }

  /**
   * Resolves a {@code Location} against the URL that answered it, without its fragment (fragments never go on the
   * wire). Returns null when it cannot be parsed even after escaping characters servers send raw (spaces, non-ASCII).
   */
  static @Nullable URI resolve(URI current, String location) {
    URI relative = parse(location.strip());
    if (relative == null) {
      return null;
    }
    // URI.resolve mishandles a base with an empty path ("http://h" + "a" gives "http://ha").
    URI base = current.getRawPath() == null || current.getRawPath().isEmpty() ? current.resolve("/") : current;
    return withoutFragment(base.resolve(relative));
  }

  static URI withoutFragment(URI uri) {
    if (uri.getRawFragment() == null) {
      return uri;
    }
    String text = uri.toString();
    return URI.create(text.substring(0, text.indexOf('#')));
  }

  private static @Nullable URI parse(String location) {
    try {
      return new URI(location);
    } catch (URISyntaxException first) {
      try {
        return new URI(escape(location));
      } catch (URISyntaxException second) {
        return null;
      }
    }
  }

  /** Percent-encodes (as UTF-8) every character RFC 3986 never allows raw, keeping existing escapes. */
  private static String escape(String location) {
    StringBuilder out = new StringBuilder(location.length() + 16);
    byte[] bytes = location.getBytes(StandardCharsets.UTF_8);
    for (byte b : bytes) {
      int c = b & 0xff;
      if (c > 0x20 && c < 0x7f && "\"<>\\^`{|} ".indexOf(c) < 0) {
        out.append((char) c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
