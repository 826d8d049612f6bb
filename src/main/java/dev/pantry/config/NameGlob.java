package dev.pantry.config;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A PEP 503 project name, or a glob of them ({@code *} for any run of characters, {@code ?} for one), matched against
 * normalized names. The pattern is normalized the same way, so {@code Corp_*} matches {@code corp-auth}.
 */
public record NameGlob(String pattern) {
  private static final Pattern VALID = Pattern.compile("[A-Za-z0-9*?._-]{1,200}");
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  public NameGlob {
    Objects.requireNonNull(pattern, "pattern");
    pattern = pattern.strip();
    if (!VALID.matcher(pattern).matches()) {
      throw new IllegalArgumentException("'" + pattern + "' is not a project name or a glob of them (letters, "
          + "digits, '-', '_', '.', '*' and '?')");
    }
    pattern = SEPARATORS.matcher(pattern.toLowerCase(Locale.ROOT)).replaceAll("-");
  }

  /** Whether {@code normalizedName} (PEP 503 normalized) matches. */
  public boolean matches(String normalizedName) {
    return matches(pattern, 0, normalizedName, 0);
  }

  /** Glob matching without regular expressions: patterns come from config, names from clients. */
  private static boolean matches(String p, int pi, String s, int si) {
    int star = -1;
    int mark = 0;
    while (si < s.length()) {
      if (pi < p.length() && (p.charAt(pi) == '?' || p.charAt(pi) == s.charAt(si))) {
        pi++;
        si++;
      } else if (pi < p.length() && p.charAt(pi) == '*') {
        star = pi++;
        mark = si;
      } else if (star >= 0) {
        pi = star + 1;
        si = ++mark;
      } else {
        return false;
      }
    }
    while (pi < p.length() && p.charAt(pi) == '*') {
      pi++;
    }
    return pi == p.length();
  }

  @Override
  public String toString() {
    return pattern;
  }
}
