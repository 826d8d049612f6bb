package dev.pantry.simple;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The content codings a page is stored in, and which one a client gets by {@code Accept-Encoding}. */
public enum Encoding {
  IDENTITY("", ""),
  GZIP("gzip", "--gzip");

  private final String token;
  private final String etagSuffix;

  Encoding(String token, String etagSuffix) {
    this.token = token;
    this.etagSuffix = etagSuffix;
  }

  /** The {@code Content-Encoding} value, empty for identity. */
  public String token() {
    return token;
  }

  /** What a variant's ETag ends with, so each coding has its own strong validator. */
  String etagSuffix() {
    return etagSuffix;
  }

  /**
   * The best coding {@code acceptEncoding} allows among the stored ones: the highest q, preferring compressed ones on
   * a tie; identity unless the header refuses it. RFC 9110 section 12.5.3.
   */
  static Encoding choose(@Nullable String acceptEncoding) {
    if (acceptEncoding == null || acceptEncoding.isBlank()) {
      return IDENTITY;
    }
    double gzip = -1;
    double star = -1;
    double identity = -1;
    for (String item : acceptEncoding.split(",", 32)) {
      String[] parts = item.split(";", 8);
      String coding = parts[0].strip().toLowerCase(Locale.ROOT);
      double q = 1;
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].strip();
        if (p.regionMatches(true, 0, "q=", 0, 2)) {
          try {
            q = Double.parseDouble(p.substring(2).strip());
          } catch (NumberFormatException e) {
            q = 0;
          }
        }
      }
      switch (coding) {
        case "gzip", "x-gzip" -> gzip = Math.max(gzip, q);
        case "*" -> star = Math.max(star, q);
        case "identity" -> identity = Math.max(identity, q);
        default -> { }
      }
    }
    double g = gzip >= 0 ? gzip : star;
    return g > 0 && (identity < 0 || g >= identity) ? GZIP : IDENTITY;
  }
}
