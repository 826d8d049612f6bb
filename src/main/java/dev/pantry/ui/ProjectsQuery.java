package dev.pantry.ui;

import dev.pantry.error.Problem;
import dev.pantry.index.ProjectNames;
import dev.pantry.metadata.CacheQueries.ProjectSort;
import java.util.Locale;
import org.eclipse.jetty.util.Fields;
import org.jspecify.annotations.Nullable;

/**
 * The project list's query parameters, checked and bounded: {@code q} (a name fragment), {@code sort} ({@code name},
 * {@code files}, {@code size}, {@code last-access}, {@code hits}), {@code order} ({@code asc}/{@code desc}),
 * {@code limit} (1–500) and {@code offset} (0–10,000,000).
 *
 * @param search the fragment in PEP 503 normalized form, or null for all projects
 */
record ProjectsQuery(@Nullable String search, ProjectSort sort, boolean descending, int limit, int offset) {
  static final int MAX_LIMIT = 500;
  static final int DEFAULT_LIMIT = 50;
  static final int MAX_OFFSET = 10_000_000;
  private static final int MAX_SEARCH = 200;

  /** A query, or why the parameters are not one. */
  sealed interface Parsed {
    record Ok(ProjectsQuery query) implements Parsed {}

    record Bad(Problem problem) implements Parsed {}
  }

  static Parsed parse(Fields params) {
    String q = params.getValue("q");
    String search = null;
    if (q != null && !q.isBlank()) {
      q = q.strip();
      if (q.length() > MAX_SEARCH || !q.matches("[A-Za-z0-9._-]+")) {
        return bad("q must be up to " + MAX_SEARCH + " letters, digits, '.', '_' or '-'");
      }
      // Names are stored normalized; normalizing the fragment the same way makes "Foo_Bar" find "foo-bar".
      search = ProjectNames.normalize(q);
    }
    ProjectSort sort;
    String s = params.getValue("sort");
    if (s == null || s.isEmpty()) {
      sort = ProjectSort.NAME;
    } else {
      try {
        sort = ProjectSort.valueOf(s.toUpperCase(Locale.ROOT).replace('-', '_'));
      } catch (IllegalArgumentException e) {
        return bad("sort must be one of name, files, size, last-access, hits");
      }
    }
    String order = params.getValue("order");
    boolean descending;
    if (order == null || order.isEmpty()) {
      descending = sort != ProjectSort.NAME;
    } else if (order.equals("asc") || order.equals("desc")) {
      descending = order.equals("desc");
    } else {
      return bad("order must be asc or desc");
    }
    Integer limit = bounded(params.getValue("limit"), DEFAULT_LIMIT, 1, MAX_LIMIT);
    if (limit == null) {
      return bad("limit must be a whole number from 1 to " + MAX_LIMIT);
    }
    Integer offset = bounded(params.getValue("offset"), 0, 0, MAX_OFFSET);
    if (offset == null) {
      return bad("offset must be a whole number from 0 to " + MAX_OFFSET);
    }
    return new Parsed.Ok(new ProjectsQuery(search, sort, descending, limit, offset));
  }

  /** The parameter as an int within bounds, the default when absent, or null when it is not one. */
  private static @Nullable Integer bounded(@Nullable String value, int absent, int min, int max) {
    if (value == null || value.isEmpty()) {
      return absent;
    }
    if (!value.matches("[0-9]{1,9}")) {
      return null;
    }
    int n = Integer.parseInt(value);
    return n < min || n > max ? null : n;
  }

  private static Parsed bad(String message) {
    return new Parsed.Bad(Problem.of(Problem.Kind.BAD_REQUEST, message));
  }

  /** The sort's name in the API. */
  static String sortName(ProjectSort sort) {
    return sort.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
