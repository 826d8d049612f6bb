package dev.pantry.web;

import dev.pantry.index.ProjectNames;
import java.math.BigInteger;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The version a distribution's filename carries, and PEP 440 order for grouping a project's files newest first.
 * Versions that are not PEP 440 sort after all valid ones, by text.
 */
final class Versions {
  /** The group of files whose version cannot be read from their name. */
  static final String UNKNOWN = "unknown";

  private static final List<String> SDIST_SUFFIXES =
      List.of(".tar.gz", ".tar.bz2", ".tar.xz", ".tar.zst", ".tgz", ".tar", ".zip");
  private static final Pattern PEP440 = Pattern.compile("v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)"
      + "(?:[-_.]?(alpha|beta|preview|pre|rc|a|b|c)[-_.]?(\\d*))?"
      + "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d*))?"
      + "(?:[-_.]?(dev)[-_.]?(\\d*))?"
      + "(?:\\+[a-z0-9]+(?:[-_.][a-z0-9]+)*)?");

  /** Newest first: PEP 440 descending, then invalid versions by text. */
  static final Comparator<String> NEWEST_FIRST = (a, b) -> {
    Key ka = Key.parse(a);
    Key kb = Key.parse(b);
    if (ka == null || kb == null) {
      return ka != null ? -1 : kb != null ? 1 : a.compareTo(b);
    }
    int c = kb.compareTo(ka);
    return c != 0 ? c : a.compareTo(b);
  };

  private Versions() {}

  /** The version in a wheel, sdist or egg filename of {@code project} (normalized), or {@link #UNKNOWN}. */
  static String of(String project, String filename) {
    if (filename.endsWith(".whl") || filename.endsWith(".egg")) {
      String[] parts = filename.split("-");
      return parts.length >= 3 ? parts[1] : UNKNOWN;
    }
    String base = null;
    for (String suffix : SDIST_SUFFIXES) {
      if (filename.endsWith(suffix)) {
        base = filename.substring(0, filename.length() - suffix.length());
        break;
      }
    }
    if (base == null) {
      return UNKNOWN;
    }
    // Old sdists keep the project's own spelling, dashes included: find the dash after which the name ends.
    for (int i = base.indexOf('-'); i > 0; i = base.indexOf('-', i + 1)) {
      if (ProjectNames.normalize(base.substring(0, i)).equals(project) && i + 1 < base.length()) {
        return base.substring(i + 1);
      }
    }
    int last = base.lastIndexOf('-');
    return last > 0 && last + 1 < base.length() ? base.substring(last + 1) : UNKNOWN;
  }

  /** A parsed PEP 440 version, comparable by its rules (local labels are ignored). */
  private record Key(BigInteger epoch, BigInteger[] release, int preRank, BigInteger pre, BigInteger post,
      BigInteger dev) implements Comparable<Key> {
    private static final BigInteger NONE = BigInteger.valueOf(-1);
    private static final BigInteger INF = BigInteger.valueOf(Long.MAX_VALUE);

    static @Nullable Key parse(String version) {
      Matcher m = PEP440.matcher(version.toLowerCase(Locale.ROOT));
      if (!m.matches()) {
        return null;
      }
      String[] parts = m.group(2).split("\\.");
      int n = parts.length;
      while (n > 1 && new BigInteger(parts[n - 1]).signum() == 0) {
        n--;
      }
      BigInteger[] release = new BigInteger[n];
      for (int i = 0; i < n; i++) {
        release[i] = new BigInteger(parts[i]);
      }
      boolean hasPost = m.group(5) != null || m.group(6) != null;
      String post = m.group(5) != null ? m.group(5) : m.group(7);
      boolean hasDev = m.group(8) != null;
      int preRank;
      if (m.group(3) != null) {
        preRank = switch (m.group(3)) {
          case "a", "alpha" -> 1;
          case "b", "beta" -> 2;
          default -> 3;
        };
      } else {
        // 1.0.dev1 comes before 1.0a1; a final release after every pre-release.
        preRank = hasDev && !hasPost ? 0 : 4;
      }
      return new Key(m.group(1) == null ? BigInteger.ZERO : new BigInteger(m.group(1)), release, preRank,
          number(m.group(4)), hasPost ? number(post) : NONE, hasDev ? number(m.group(9)) : INF);
    }

    private static BigInteger number(@Nullable String digits) {
      return digits == null || digits.isEmpty() ? BigInteger.ZERO : new BigInteger(digits);
    }

    @Override
    public int compareTo(Key o) {
      int c = epoch.compareTo(o.epoch);
      for (int i = 0; c == 0 && i < Math.max(release.length, o.release.length); i++) {
        BigInteger a = i < release.length ? release[i] : BigInteger.ZERO;
        BigInteger b = i < o.release.length ? o.release[i] : BigInteger.ZERO;
        c = a.compareTo(b);
      }
      if (c == 0) {
        c = Integer.compare(preRank, o.preRank);
      }
      if (c == 0) {
        c = pre.compareTo(o.pre);
      }
      if (c == 0) {
        c = post.compareTo(o.post);
      }
      return c != 0 ? c : dev.compareTo(o.dev);
    }
  }
}
