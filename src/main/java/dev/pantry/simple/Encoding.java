package dev.pantry.simple;

import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/** The content codings a page is stored in, and which one a client gets by {@code Accept-Encoding}. */
public enum Encoding {
  IDENTITY("", ""),
  GZIP("gzip", "--gzip"),
  /** Stored when the zstd library loads on this platform (see {@link Zstd}); a bundle may lack it. */
  ZSTD("zstd", "--zstd");

  /** Distinct headers remembered; past this, headers are parsed each time (a client sending random ones). */
  private static final int SEEN_MAX = 256;
  private static final ConcurrentHashMap<String, Choice> SEEN = new ConcurrentHashMap<>();

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

  /** The answer for one header: with zstd stored, and without. */
  private record Choice(Encoding withZstd, Encoding withoutZstd) {}

  /**
   * The best coding {@code acceptEncoding} allows among the stored ones: the highest q, preferring the smaller coding
   * on a tie (zstd, then gzip); identity unless the header refuses it. RFC 9110 section 12.5.3.
   *
   * @param zstdStored whether the page has a zstd variant
   */
  static Encoding choose(@Nullable String acceptEncoding, boolean zstdStored) {
    if (acceptEncoding == null || acceptEncoding.isBlank()) {
      return IDENTITY;
    }
    // Clients send a handful of distinct headers, over and over: answer those from memory.
    Choice c = SEEN.get(acceptEncoding);
    if (c == null) {
      c = parse(acceptEncoding);
      if (SEEN.size() < SEEN_MAX) {
        SEEN.put(acceptEncoding, c);
      }
    }
    return zstdStored ? c.withZstd() : c.withoutZstd();
  }

  private static Choice parse(String acceptEncoding) {
    double gzip = -1;
    double zstd = -1;
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
        case "zstd" -> zstd = Math.max(zstd, q);
        case "*" -> star = Math.max(star, q);
        case "identity" -> identity = Math.max(identity, q);
        default -> { }
      }
    }
    double g = gzip >= 0 ? gzip : star;
    double z = zstd >= 0 ? zstd : star;
    Encoding withoutZstd = best(g, -1, identity);
    return new Choice(best(g, z, identity), withoutZstd);
  }

  /** Highest q wins; a compressed coding wins a tie with identity, zstd one with gzip. */
  private static Encoding best(double gzip, double zstd, double identity) {
    Encoding best = IDENTITY;
    double bestQ = identity < 0 ? 0 : identity;
    if (gzip > 0 && gzip >= bestQ) {
      best = GZIP;
      bestQ = gzip;
    }
    if (zstd > 0 && zstd >= bestQ) {
      best = ZSTD;
    }
    return best;
  }
}
