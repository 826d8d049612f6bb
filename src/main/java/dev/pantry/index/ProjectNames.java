package dev.pantry.index;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Project names (PEP 503 normalization, PEP 508 validity) and the filenames a page may list. */
public final class ProjectNames {

  /** PEP 508 sets no limit; 200 keeps names sane in paths and logs. */
  public static final int MAX_NAME_LENGTH = 200;

  /** Most filesystems store at most 255 bytes per name; the cache writes files under their listed name. */
  public static final int MAX_FILENAME_BYTES = 255;

  private ProjectNames() {}

  /**
   * PEP 503 normalization: every run of {@code -}, {@code _} and {@code .} becomes one {@code -}, then lowercase.
   * {@code "Foo.Bar__baz"} becomes {@code "foo-bar-baz"}. Does not validate; see {@link #isValid}.
   */
  public static String normalize(String name) {
    if (isNormalized(name)) {
      return name; // most names, and every name a client asks for by its canonical URL: nothing to allocate
    }
    StringBuilder out = new StringBuilder(name.length());
    boolean inRun = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '-' || c == '_' || c == '.') {
        if (!inRun) {
          out.append('-');
        }
        inRun = true;
      } else {
        out.append(c);
        inRun = false;
      }
    }
    return out.toString().toLowerCase(Locale.ROOT);
  }

  /** Whether {@link #normalize} would return {@code name} as it is: lowercase ASCII, single {@code -} separators. */
  private static boolean isNormalized(String name) {
    boolean afterDash = false;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c == '-') {
        if (afterDash) {
          return false;
        }
        afterDash = true;
      } else if (c == '_' || c == '.' || (c >= 'A' && c <= 'Z') || c >= 0x80) {
        return false;
      } else {
        afterDash = false;
      }
    }
    return true;
  }

  /**
   * Whether {@code name} is a PEP 508 project name of at most {@link #MAX_NAME_LENGTH} characters: ASCII letters and
   * digits, with {@code . _ -} allowed only between them ({@code ^([A-Za-z0-9]|[A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9])$}).
   */
  public static boolean isValid(String name) {
    int n = name.length();
    if (n == 0 || n > MAX_NAME_LENGTH || !isAsciiAlnum(name.charAt(0)) || !isAsciiAlnum(name.charAt(n - 1))) {
      return false;
    }
    for (int i = 1; i < n - 1; i++) {
      char c = name.charAt(i);
      if (!isAsciiAlnum(c) && c != '.' && c != '_' && c != '-') {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether {@code f} is safe to list and to store as one path segment: not empty, at most
   * {@link #MAX_FILENAME_BYTES} bytes in UTF-8 (so also at most 255 characters), no {@code /}, {@code \}, NUL or other
   * control character (C0, DEL, C1), not starting with {@code .} (which also rules out {@code .} and {@code ..}).
   */
  public static boolean isValidFilename(String f) {
    int n = f.length();
    if (n == 0 || n > MAX_FILENAME_BYTES || f.charAt(0) == '.') {
      return false;
    }
    boolean ascii = true;
    for (int i = 0; i < n; i++) {
      char c = f.charAt(i);
      if (c == '/' || c == '\\' || Character.isISOControl(c)) {
        return false;
      }
      ascii &= c < 0x80;
    }
    return ascii || f.getBytes(StandardCharsets.UTF_8).length <= MAX_FILENAME_BYTES;
  }

  private static boolean isAsciiAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }
}
