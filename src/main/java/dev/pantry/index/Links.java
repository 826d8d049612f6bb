package dev.pantry.index;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map.Entry;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Turns an href from an upstream page into an absolute http(s) URL without its fragment, plus the hash the fragment
 * carried. Lenient the way browsers and pip are: stray spaces and non-ASCII characters are percent-encoded rather
 * than rejected.
 */
final class Links {

  /**
   * A resolved link.
   *
   * @param url    the resolved URL, absolute http(s), ASCII only, without fragment
   * @param hashes the {@code #name=hex} fragment's hash (lowercased), or empty
   */
  record Link(String url, Map<String, String> hashes) {
    /** The URL parsed; {@link #url} is always one {@link URI} accepts. */
    URI uri() {
      return URI.create(url);
    }
  }

  private static final String LEGAL = "-._~:/?#[]@!$&'()*+,;=";

  private Links() {}

  /**
   * The base links on a page resolve against: {@code pageUrl} without fragment, with an empty path made {@code /}
   * ({@link URI#resolve} would otherwise glue a relative path straight onto the host).
   */
  static URI base(URI pageUrl) {
    if (pageUrl.isOpaque() || pageUrl.getRawAuthority() == null) {
      return pageUrl;
    }
    String path = pageUrl.getRawPath();
    boolean emptyPath = path == null || path.isEmpty();
    if (!emptyPath && pageUrl.getRawFragment() == null) {
      return pageUrl;
    }
    String query = pageUrl.getRawQuery() == null ? "" : "?" + pageUrl.getRawQuery();
    try {
      return new URI(pageUrl.getScheme() + "://" + pageUrl.getRawAuthority() + (emptyPath ? "/" : path) + query);
    } catch (URISyntaxException e) {
      return pageUrl;
    }
  }

  /**
   * Resolves {@code href} against {@code base} (already passed through {@link #base}).
   *
   * @return the link, or null when the href is empty, only a fragment (a link to the page itself), unparseable, or
   *         resolves to anything but an http/https URL with a host
   */
  static @Nullable Link resolve(URI base, String href) {
    String h = stripWhitespace(href);
    int hash = h.indexOf('#');
    String ref = hash >= 0 ? h.substring(0, hash) : h;
    if (ref.isEmpty()) {
      return null;
    }
    URI target = resolveRef(base, ref);
    if (target == null || !isHttp(target)) {
      return null;
    }
    return new Link(target.toASCIIString(), fragmentHashes(h, hash));
  }

  /** The hash the fragment of {@code href} (starting at {@code hash}, or -1 for none) names, or empty. */
  static Map<String, String> fragmentHashes(String href, int hash) {
    if (hash < 0) {
      return Map.of();
    }
    Entry<String, String> pair = Hashes.parsePair(href.substring(hash + 1));
    return pair == null ? Map.of() : Map.of(pair.getKey(), pair.getValue());
  }

  /**
   * A PEP 740 provenance URL as given, when it is what the spec requires (an absolute https URL with a host); else
   * null. It is never rewritten: clients verify it where the upstream publishes it.
   */
  static @Nullable String provenance(@Nullable String raw) {
    if (raw == null || raw.isBlank() || raw.length() > 2_048) {
      return null;
    }
    try {
      URI uri = new URI(raw.strip());
      return "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null ? uri.toString() : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** The last segment of {@code uri}'s path, percent-decoded as UTF-8 ({@code +} stays {@code +}: it is a path). */
  static String lastSegment(URI uri) {
    String path = uri.getRawPath();
    if (path == null) {
      return "";
    }
    return percentDecode(path.substring(path.lastIndexOf('/') + 1));
  }

  /**
   * The last non-empty path segment of a raw href, ignoring its query and fragment and trailing slashes, decoded:
   * {@code "../Foo/"} gives {@code "Foo"}. Used for root pages, whose hrefs need no resolving.
   */
  static String lastSegment(String href) {
    String h = stripWhitespace(href);
    int end = h.length();
    int q = h.indexOf('?');
    int f = h.indexOf('#');
    if (q >= 0) {
      end = q;
    }
    if (f >= 0 && f < end) {
      end = f;
    }
    while (end > 0 && h.charAt(end - 1) == '/') {
      end--;
    }
    return percentDecode(h.substring(h.lastIndexOf('/', end - 1) + 1, end));
  }

  /** Decodes {@code %XX} escapes as UTF-8; a malformed escape stays as written. */
  static String percentDecode(String s) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      int hi = c == '%' && i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = hi >= 0 ? Character.digit(s.charAt(i + 2), 16) : -1;
      if (lo >= 0) {
        out.write(hi << 4 | lo);
        i += 2;
      } else {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        out.write(b, 0, b.length);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  private static @Nullable URI resolveRef(URI base, String ref) {
    URI uri = parseLenient(ref);
    if (uri == null) {
      return null;
    }
    if (uri.isAbsolute()) {
      return uri;
    }
    try {
      if (ref.startsWith("?")) {
        // URI.resolve drops the base's last segment for a query-only reference; RFC 3986 keeps it.
        return new URI(base.getScheme() + "://" + base.getRawAuthority() + base.getRawPath() + ref);
      }
      return dropLeadingDotDots(base.resolve(uri));
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
  }

  /** RFC 3986 drops {@code ..} segments that would climb above the root; URI.resolve keeps them. */
  private static URI dropLeadingDotDots(URI uri) throws URISyntaxException {
    String path = uri.getRawPath();
    if (path == null || !path.startsWith("/..") || uri.getRawAuthority() == null) {
      return uri;
    }
    int guard = path.length();
    while (path.startsWith("/../") && guard-- > 0) {
      path = path.substring(3);
    }
    if (path.equals("/..")) {
      path = "/";
    }
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new URI(uri.getScheme() + "://" + uri.getRawAuthority() + path + query);
  }

  private static @Nullable URI parseLenient(String s) {
    try {
      return new URI(s);
    } catch (URISyntaxException e) {
      try {
        return new URI(encodeIllegal(s));
      } catch (URISyntaxException e2) {
        return null;
      }
    }
  }

  /** Percent-encodes what RFC 3986 does not allow (spaces, brackets outside hosts, non-ASCII, bare {@code %}). */
  private static String encodeIllegal(String s) {
    StringBuilder out = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
      boolean escape = c == '%' && i + 2 < s.length()
          && Character.digit(s.charAt(i + 1), 16) >= 0 && Character.digit(s.charAt(i + 2), 16) >= 0;
      if (alnum || escape || (c != '[' && c != ']' && LEGAL.indexOf(c) >= 0)) {
        out.append(c);
      } else {
        int cp = s.codePointAt(i);
        i += Character.charCount(cp) - 1;
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
              .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
        }
      }
    }
    return out.toString();
  }

  private static boolean isHttp(URI uri) {
    String scheme = uri.getScheme();
    if (scheme == null || uri.isOpaque()) {
      return false;
    }
    String s = scheme.toLowerCase(Locale.ROOT);
    String authority = uri.getRawAuthority();
    return (s.equals("http") || s.equals("https")) && authority != null && !authority.isEmpty();
  }

  /** HTML strips whitespace (and the URL parser C0 controls) around an href; the URL parser also drops tabs and
   * newlines inside it. */
  static String stripWhitespace(String href) {
    String h = href.trim();
    if (h.indexOf('\t') < 0 && h.indexOf('\n') < 0 && h.indexOf('\r') < 0) {
      return h;
    }
    return h.replaceAll("[\t\n\r]", "");
  }
}
