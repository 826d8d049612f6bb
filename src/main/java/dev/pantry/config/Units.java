package dev.pantry.config;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Human-style sizes ({@code 500MB}, {@code 20GiB}) and durations ({@code 90s}, {@code 12h}, {@code 30d}). */
public final class Units {
  private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*([kmgtp]?i?b?)?", Pattern.CASE_INSENSITIVE);
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d|w)?", Pattern.CASE_INSENSITIVE);

  private Units() {}

  /**
   * Parses a size. {@code KB/MB/GB/TB} are decimal (10^3…), {@code KiB/MiB/GiB/TiB} binary (2^10…); {@code K}, {@code M},
   * {@code G} alone are binary, as in most Unix tools. A bare number is bytes.
   *
   * @throws IllegalArgumentException with a message naming the bad value
   */
  public static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size: '" + text + "' (try 500MB, 20GiB or 1048576)");
    }
    String unit = m.group(2) == null ? "" : m.group(2).toLowerCase(Locale.ROOT);
    double value = Double.parseDouble(m.group(1));
    int power = unit.isEmpty() ? 0 : "bkmgtp".indexOf(unit.charAt(0));
    boolean binary = unit.length() == 1 && power > 0 || unit.contains("i");
    double bytes = value * Math.pow(binary ? 1024 : 1000, Math.max(power, 0));
    if (bytes > Long.MAX_VALUE) {
      throw new IllegalArgumentException("size too large: '" + text + "'");
    }
    return (long) bytes;
  }

  /**
   * Parses a duration: a number with {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} or {@code w}; a bare
   * number is seconds.
   *
   * @throws IllegalArgumentException with a message naming the bad value
   */
  public static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (try 500ms, 90s, 10m, 12h or 30d)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
    return switch (unit) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      case "m" -> Duration.ofMinutes(n);
      case "h" -> Duration.ofHours(n);
      case "d" -> Duration.ofDays(n);
      default -> Duration.ofDays(7 * n);
    };
  }

  /** Formats bytes with binary units and one decimal, e.g. {@code 1.5 GiB}. */
  public static String formatSize(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
    double v = bytes;
    int i = -1;
    while (v >= 1024 && i < units.length - 1) {
      v /= 1024;
      i++;
    }
    return String.format(Locale.ROOT, "%.1f %s", v, units[i]);
  }

  /** Formats a duration compactly, e.g. {@code 2d 3h}, {@code 4m 5s}, {@code 120ms}. */
  public static String formatDuration(Duration d) {
    long ms = d.toMillis();
    if (ms < 1000) {
      return ms + "ms";
    }
    long s = d.toSeconds();
    if (s < 60) {
      return String.format(Locale.ROOT, "%.1fs", ms / 1000.0);
    }
    if (s < 3600) {
      return s / 60 + "m " + s % 60 + "s";
    }
    if (s < 86400) {
      return s / 3600 + "h " + s % 3600 / 60 + "m";
    }
    return s / 86400 + "d " + s % 86400 / 3600 + "h";
  }
}
