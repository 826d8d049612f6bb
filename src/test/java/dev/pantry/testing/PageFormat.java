package dev.pantry.testing;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The page formats the fake indexes can answer in, and the Accept-header negotiation between them (PEP 691). */
enum PageFormat {
  // Declaration order breaks ties: a client that does not clearly prefer JSON gets HTML, as from GitLab.
  TEXT_HTML("text/html; charset=utf-8", "text/html"),
  HTML_V1("application/vnd.pypi.simple.v1+html", "application/vnd.pypi.simple.v1+html",
      "application/vnd.pypi.simple.latest+html"),
  JSON_V1("application/vnd.pypi.simple.v1+json", "application/vnd.pypi.simple.v1+json",
      "application/vnd.pypi.simple.latest+json");

  private final String contentType;
  private final String[] names;

  PageFormat(String contentType, String... names) {
    this.contentType = contentType;
    this.names = names;
  }

  String contentType() {
    return contentType;
  }

  boolean isJson() {
    return this == JSON_V1;
  }

  /**
   * The format with the highest q value in {@code accept}; ties, a missing header and an Accept naming nothing we
   * serve all give {@link #TEXT_HTML} (lenient, like GitLab, rather than 406).
   */
  static PageFormat negotiate(@Nullable String accept) {
    if (accept == null || accept.isBlank()) {
      return TEXT_HTML;
    }
    PageFormat best = TEXT_HTML;
    double bestQ = 0;
    for (PageFormat format : values()) {
      double q = format.quality(accept);
      if (q > bestQ) {
        best = format;
        bestQ = q;
      }
    }
    return best;
  }

  /** This format's q in {@code accept}: taken from the most specific media range that matches it. */
  private double quality(String accept) {
    int bestSpecificity = -1;
    double q = 0;
    for (String range : accept.split(",")) {
      String[] parts = range.split(";");
      String type = parts[0].strip().toLowerCase(Locale.ROOT);
      int specificity = specificity(type);
      if (specificity > bestSpecificity) {
        bestSpecificity = specificity;
        q = qParam(parts);
      }
    }
    return q;
  }

  private int specificity(String range) {
    for (String name : names) {
      if (name.equals(range)) {
        return 2;
      }
    }
    if (range.equals("*/*")) {
      return 0;
    }
    if (range.endsWith("/*") && names[0].startsWith(range.substring(0, range.length() - 1))) {
      return 1;
    }
    return -1;
  }

  private static double qParam(String[] parts) {
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].strip();
      if (p.startsWith("q=")) {
        try {
          return Double.parseDouble(p.substring(2).strip());
        } catch (NumberFormatException e) {
          return 0;
        }
      }
    }
    return 1;
  }
}
