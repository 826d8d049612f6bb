package dev.pantry.metadata;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The SQL that differs between the two databases. Everything else is written once, in what both accept: H2's
 * PostgreSQL mode takes {@code ON CONFLICT DO NOTHING} but not {@code DO UPDATE}, and has its own {@code MERGE ... KEY}.
 */
public enum Dialect {
  H2,
  POSTGRESQL;

  /** The dialect of a JDBC URL. */
  public static Dialect of(String jdbcUrl) {
    return jdbcUrl.startsWith("jdbc:postgresql:") ? POSTGRESQL : H2;
  }

  /**
   * An insert-or-update of {@code columns} (keys first) into {@code table}, taking one value per column in that
   * order; the non-key columns are overwritten on conflict.
   */
  String upsert(String table, List<String> keys, List<String> values) {
    String all = String.join(", ", concat(keys, values));
    String marks = concat(keys, values).stream().map(c -> "?").collect(Collectors.joining(", "));
    if (this == H2) {
      return "MERGE INTO " + table + " (" + all + ") KEY (" + String.join(", ", keys) + ") VALUES (" + marks + ")";
    }
    String set = values.stream().map(c -> c + " = EXCLUDED." + c).collect(Collectors.joining(", "));
    return "INSERT INTO " + table + " (" + all + ") VALUES (" + marks + ") ON CONFLICT (" + String.join(", ", keys)
        + ") DO " + (values.isEmpty() ? "NOTHING" : "UPDATE SET " + set);
  }

  /** An insert that leaves an existing row alone. */
  String insertIfAbsent(String table, List<String> columns) {
    String marks = columns.stream().map(c -> "?").collect(Collectors.joining(", "));
    return "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES (" + marks
        + ") ON CONFLICT DO NOTHING";
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return Stream.concat(a.stream(), b.stream()).toList();
  }
}
