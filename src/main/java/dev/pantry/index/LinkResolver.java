package dev.pantry.index;

import dev.pantry.index.Links.Link;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Resolves the links of one page against its base exactly as {@link Links#resolve} does, without a {@link URI} parse
 * per link where the text alone gives the answer. A 30,000-link page spent an eighth of its first rendering parsing,
 * resolving and normalizing URIs that were either already absolute and plain, or relative to one directory.
 *
 * <ul>
 *   <li>An absolute {@code http://} or {@code https://} reference made only of plain characters (a simple host, an
 *       optional port, a path) is its own answer: {@link URI} keeps such a reference as written.
 *   <li>A relative reference made only of plain characters is a directory (everything up to its last {@code /}) and
 *       a last segment. The directory is resolved once per page; the segment, being neither {@code .} nor
 *       {@code ..}, is appended as it is, which is what resolution and normalization do to it.
 * </ul>
 *
 * Everything else (queries, dot segments at the end, colons, non-ASCII, stray {@code %}, whitespace) takes the full
 * path. Not thread-safe: one instance per page being parsed.
 */
final class LinkResolver {
  /** Directories remembered per page; past this a page's links are resolved one by one. */
  static final int MAX_DIRECTORIES = 256;

  private final URI base;
  /** Relative directory reference to its absolute URL (ending in {@code /}), or "" when it takes the full path. */
  private final Map<String, String> directories = new HashMap<>();

  /** @param base the page's base, already passed through {@link Links#base} */
  LinkResolver(URI base) {
    this.base = base;
  }

  /** What {@link Links#resolve}{@code (base, href)} returns. */
  @Nullable Link resolve(String href) {
    String h = Links.stripWhitespace(href);
    int hash = h.indexOf('#');
    String ref = hash >= 0 ? h.substring(0, hash) : h;
    String url = ref.isEmpty() || !plain(ref) ? null : isAbsoluteHttp(ref) ? ref : relative(ref);
    return url == null ? Links.resolve(base, href) : new Link(url, Links.fragmentHashes(h, hash));
  }

  /** Directories remembered so far (for tests). */
  int directories() {
    return directories.size();
  }

  private @Nullable String relative(String ref) {
    if (ref.charAt(0) == '/' || ref.indexOf(':') >= 0) {
      return null; // a path or network-path reference, or one a scheme could be read into: rare, and subtle
    }
    int slash = ref.lastIndexOf('/');
    String segment = ref.substring(slash + 1);
    if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
      return null;
    }
    String dir = directory(ref.substring(0, slash + 1));
    return dir.isEmpty() ? null : dir + segment;
  }

  private String directory(String dirRef) {
    String known = directories.get(dirRef);
    if (known != null) {
      return known;
    }
    Link link = Links.resolve(base, dirRef.isEmpty() ? "./" : dirRef);
    String url = link == null || !link.url().endsWith("/") || link.url().indexOf('?') >= 0 ? "" : link.url();
    if (directories.size() < MAX_DIRECTORIES) {
      directories.put(dirRef, url);
    }
    return url;
  }

  /**
   * Whether {@code ref} has only characters a URI path allows as they are: letters, digits, {@code -._~}, the
   * sub-delimiters, {@code :@/}, and well-formed {@code %XX} escapes. No query, no fragment, nothing to encode.
   */
  private static boolean plain(String ref) {
    for (int i = 0; i < ref.length(); i++) {
      char c = ref.charAt(i);
      if (c == '%') {
        if (i + 2 >= ref.length() || !hex(ref.charAt(i + 1)) || !hex(ref.charAt(i + 2))) {
          return false;
        }
        i += 2;
      } else if (!alnum(c) && "-._~!$&'()*+,;=:@/".indexOf(c) < 0) {
        return false;
      }
    }
    return true;
  }

  /** {@code http://} or {@code https://}, a host of letters, digits, dots and dashes, an optional port, a path. */
  private static boolean isAbsoluteHttp(String ref) {
    int start = ref.startsWith("https://") ? 8 : ref.startsWith("http://") ? 7 : -1;
    if (start < 0) {
      return false;
    }
    int end = ref.indexOf('/', start);
    if (end <= start) {
      return false;
    }
    int colon = ref.indexOf(':', start);
    int hostEnd = colon >= 0 && colon < end ? colon : end;
    if (hostEnd == start || (colon >= 0 && colon < end && (end - colon < 2 || end - colon > 6))) {
      return false;
    }
    for (int i = start; i < end; i++) {
      char c = ref.charAt(i);
      boolean ok = i < hostEnd ? alnum(c) || c == '.' || c == '-' : i == hostEnd || (c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private static boolean hex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean alnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
