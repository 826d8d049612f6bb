package dev.pantry.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A PEP 440 version, ordered as pip orders them: epoch, then release segments numerically (trailing zeros ignored, so
 * {@code 1.0 == 1.0.0}), then {@code dev < a < b < rc < final < post}, then the local label.
 *
 * <p>Numbers are compared as digit strings, so a date-like {@code 20240101123000} segment never overflows.
 */
public final class Pep440Version implements Comparable<Pep440Version> {
  // The canonical pattern from PEP 440, appendix B.
  private static final Pattern VERSION = Pattern.compile(
      "v?(?:(?<epoch>[0-9]+)!)?(?<release>[0-9]+(?:\\.[0-9]+)*)"
          + "(?<pre>[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>[0-9]+)?)?"
          + "(?<post>(?:-(?<postN1>[0-9]+))|(?:[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>[0-9]+)?))?"
          + "(?<dev>[-_.]?dev[-_.]?(?<devN>[0-9]+)?)?"
          + "(?:\\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?",
      Pattern.CASE_INSENSITIVE);

  /** Sorts before every pre-release letter: a version with only a dev part ({@code 1.0.dev1}). */
  private static final int PRE_DEV_ONLY = -1;
  /** Sorts after every pre-release letter: a final release. */
  private static final int PRE_NONE = 3;

  private final String text;
  private final String epoch;
  private final List<String> release;
  private final int preKind;
  private final String preNumber;
  private final @Nullable String post;
  private final @Nullable String dev;
  private final List<String> local;

  private Pep440Version(String text, Matcher m) {
    this.text = text;
    this.epoch = digits(m.group("epoch"));
    List<String> parts = new ArrayList<>(List.of(m.group("release").split("\\.")));
    parts.replaceAll(Pep440Version::digits);
    this.release = withoutTrailingZeros(parts);
    this.post = m.group("post") == null ? null : digits(m.group("postN1") != null ? m.group("postN1")
        : m.group("postN2"));
    this.dev = m.group("dev") == null ? null : digits(m.group("devN"));
    if (m.group("pre") != null) {
      this.preKind = preKind(m.group("preL").toLowerCase(Locale.ROOT));
      this.preNumber = digits(m.group("preN"));
    } else {
      this.preKind = post == null && dev != null ? PRE_DEV_ONLY : PRE_NONE;
      this.preNumber = "0";
    }
    String l = m.group("local");
    this.local = l == null ? List.of() : List.of(l.toLowerCase(Locale.ROOT).split("[-_.]"));
  }

  /** Parses {@code text}; empty when it is not a PEP 440 version (such files are never pruned by version). */
  public static Optional<Pep440Version> parse(String text) {
    String t = text.strip();
    List<String> plain = plainRelease(t);
    if (plain != null) {
      return Optional.of(new Pep440Version(t, plain));
    }
    Matcher m = VERSION.matcher(t);
    return m.matches() ? Optional.of(new Pep440Version(t, m)) : Optional.empty();
  }

  /**
   * The release segments of a version that is only digits and dots ({@code 1.26.4}, most of them), without the
   * pattern: a 30,000-file page parses as many versions. Null for anything else.
   */
  private static @Nullable List<String> plainRelease(String t) {
    List<String> parts = new ArrayList<>(4);
    int start = 0;
    for (int i = 0; i <= t.length(); i++) {
      char c = i < t.length() ? t.charAt(i) : '.';
      if (c == '.') {
        if (i == start) {
          return null; // empty segment, or a leading or trailing dot
        }
        parts.add(digits(t.substring(start, i)));
        start = i + 1;
      } else if (c < '0' || c > '9') {
        return null;
      }
    }
    return parts;
  }

  /** A final release with no epoch, pre, post, dev or local part. */
  private Pep440Version(String text, List<String> releaseParts) {
    this.text = text;
    this.epoch = "0";
    this.release = withoutTrailingZeros(releaseParts);
    this.post = null;
    this.dev = null;
    this.preKind = PRE_NONE;
    this.preNumber = "0";
    this.local = List.of();
  }

  /** The release segments with trailing zeros dropped ({@code 1.0.0} is {@code 1}), keeping at least one. */
  private static List<String> withoutTrailingZeros(List<String> parts) {
    int n = parts.size();
    while (n > 1 && parts.get(n - 1).equals("0")) {
      n--;
    }
    return List.copyOf(parts.subList(0, n));
  }

  private static int preKind(String letter) {
    return switch (letter) {
      case "a", "alpha" -> 0;
      case "b", "beta" -> 1;
      default -> 2; // c, rc, pre, preview
    };
  }

  /** Digits without leading zeros; "0" for none. */
  private static String digits(@Nullable String s) {
    if (s == null) {
      return "0";
    }
    int i = 0;
    while (i < s.length() - 1 && s.charAt(i) == '0') {
      i++;
    }
    return s.substring(i);
  }

  @Override
  public int compareTo(Pep440Version o) {
    int c = compareNumbers(epoch, o.epoch);
    if (c == 0) {
      c = compareRelease(release, o.release);
    }
    if (c == 0) {
      c = Integer.compare(preKind, o.preKind);
    }
    if (c == 0) {
      c = compareNumbers(preNumber, o.preNumber);
    }
    if (c == 0) {
      c = compareOptional(post, o.post, -1); // no post-release sorts before any post-release
    }
    if (c == 0) {
      c = compareOptional(dev, o.dev, 1); // no dev-release sorts after any dev-release
    }
    return c != 0 ? c : compareLocal(local, o.local);
  }

  private static int compareRelease(List<String> a, List<String> b) {
    for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
      int c = compareNumbers(i < a.size() ? a.get(i) : "0", i < b.size() ? b.get(i) : "0");
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  /** Compares optional numbers; {@code absent} is where a missing one sorts (-1 first, 1 last). */
  private static int compareOptional(@Nullable String a, @Nullable String b, int absent) {
    if (a == null || b == null) {
      return a == null && b == null ? 0 : a == null ? absent : -absent;
    }
    return compareNumbers(a, b);
  }

  /** PEP 440: a local label sorts after none; numeric segments sort after alphanumeric ones and by value. */
  private static int compareLocal(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      String x = a.get(i);
      String y = b.get(i);
      boolean xn = isNumber(x);
      boolean yn = isNumber(y);
      int c = xn && yn ? compareNumbers(digits(x), digits(y)) : xn != yn ? (xn ? 1 : -1) : x.compareTo(y);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }

  private static boolean isNumber(String s) {
    return !s.isEmpty() && s.chars().allMatch(ch -> ch >= '0' && ch <= '9');
  }

  /** Compares digit strings without leading zeros: the longer is larger, else lexicographic. */
  private static int compareNumbers(String a, String b) {
    return a.length() != b.length() ? Integer.compare(a.length(), b.length()) : a.compareTo(b);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Pep440Version v && compareTo(v) == 0;
  }

  @Override
  public int hashCode() {
    return epoch.hashCode() * 31 + release.hashCode();
  }

  /** The version as it was written. */
  @Override
  public String toString() {
    return text;
  }
}
