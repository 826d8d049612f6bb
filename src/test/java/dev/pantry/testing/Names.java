package dev.pantry.testing;

import java.util.Locale;
import java.util.regex.Pattern;

/** Python project-name rules the fixtures need: PEP 503 normalization and the wheel spec's filename escaping. */
final class Names {

  /** PEP 508's valid project name, case-insensitively. */
  private static final Pattern VALID =
      Pattern.compile("^([A-Z0-9]|[A-Z0-9][A-Z0-9._-]*[A-Z0-9])$", Pattern.CASE_INSENSITIVE);
  private static final Pattern SEPARATORS = Pattern.compile("[-_.]+");

  private Names() {}

  /** True when {@code name} is a valid PEP 508 project name. */
  static boolean isValid(String name) {
    return VALID.matcher(name).matches();
  }

  /** PEP 503: runs of {@code -_.} become one {@code -}, then lowercase. */
  static String normalize(String name) {
    return SEPARATORS.matcher(name).replaceAll("-").toLowerCase(Locale.ROOT);
  }

  /** Wheel spec: runs of {@code -_.} become one {@code _}, then lowercase; used in filenames and dist-info dirs. */
  static String wheelEscape(String name) {
    return SEPARATORS.matcher(name).replaceAll("_").toLowerCase(Locale.ROOT);
  }
}
