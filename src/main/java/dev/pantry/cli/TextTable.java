package dev.pantry.cli;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Columns aligned with spaces, a header in capitals, like {@code ps} or {@code docker ps}: easy to read and to cut
 * with {@code awk}. Columns whose header starts with '>' are right-aligned (numbers).
 */
final class TextTable {
  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
      .withZone(ZoneId.systemDefault());

  private final String[] headers;
  private final boolean[] right;
  private final List<String[]> rows = new ArrayList<>();

  TextTable(String... headers) {
    this.headers = new String[headers.length];
    this.right = new boolean[headers.length];
    for (int i = 0; i < headers.length; i++) {
      right[i] = headers[i].startsWith(">");
      this.headers[i] = right[i] ? headers[i].substring(1) : headers[i];
    }
  }

  TextTable row(String... cells) {
    if (cells.length != headers.length) {
      throw new IllegalArgumentException("expected " + headers.length + " cells, got " + cells.length);
    }
    rows.add(cells.clone());
    return this;
  }

  boolean isEmpty() {
    return rows.isEmpty();
  }

  /** Prints the header and rows, each line prefixed by {@code indent}. */
  void print(PrintWriter out, String indent) {
    int[] width = new int[headers.length];
    for (int i = 0; i < headers.length; i++) {
      width[i] = headers[i].length();
      for (String[] r : rows) {
        width[i] = Math.max(width[i], r[i].length());
      }
    }
    line(out, indent, headers, width);
    for (String[] r : rows) {
      line(out, indent, r, width);
    }
  }

  private void line(PrintWriter out, String indent, String[] cells, int[] width) {
    StringBuilder sb = new StringBuilder(indent);
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(width[i] - cells[i].length());
      sb.append(right[i] ? pad + cells[i] : cells[i] + (i == cells.length - 1 ? "" : pad));
      if (i < cells.length - 1) {
        sb.append("  ");
      }
    }
    out.println(sb.toString().stripTrailing());
  }

  /** A local date and time to the minute, or {@code -}. */
  static String when(@Nullable Long epochMillis) {
    return epochMillis == null ? "-" : WHEN.format(Instant.ofEpochMilli(epochMillis));
  }

  /** A count with thousands separators. */
  static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
