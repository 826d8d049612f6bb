package dev.pantry.index;

import org.jspecify.annotations.Nullable;

/** PEP 629 repository versions ({@code "1.1"}): clients must refuse a major version they do not know. */
final class ApiVersion {

  /** What a root page says: nothing a later 1.x version added to the root is missing from ours. */
  static final String ROOT = "1.1";

  private ApiVersion() {}

  /** What a project page says when it honours PEP 700: 1.3 added provenance (PEP 740), 1.4 project status (792). */
  static final String PROJECT = "1.4";

  /**
   * The version a rendered project page says, the same in HTML and JSON: {@link #PROJECT} when the page honours PEP
   * 700 (every file has a size; {@code versions} is always rendered), else {@code 1.0}, since a 1.1 page without
   * sizes would be wrong rather than merely incomplete. Provenance and status are optional in those versions.
   */
  static String of(ProjectPage page) {
    return page.files().stream().allMatch(f -> f.size() != null) ? PROJECT : "1.0";
  }

  /** The major version of {@code "MAJOR.MINOR"} (or a bare {@code "MAJOR"}), or null when it is not of that form. */
  static @Nullable Integer major(String version) {
    String v = version.strip();
    int dot = v.indexOf('.');
    String major = dot < 0 ? v : v.substring(0, dot);
    String minor = dot < 0 ? "0" : v.substring(dot + 1);
    if (!isDigits(major) || !isDigits(minor)) {
      return null;
    }
    return Integer.valueOf(major);
  }

  /** The version as safe to quote in a reason: itself when it is short digits and dots, else a placeholder. */
  static String describe(String version) {
    String v = version.strip();
    return v.length() <= 16 && v.matches("[0-9.]+") ? v : "(unreadable)";
  }

  private static boolean isDigits(String s) {
    if (s.isEmpty() || s.length() > 6) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
