package dev.pantry.index;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Picks the response {@link Format} from an {@code Accept} header (RFC 9110 section 12.5.1, PEP 691 section
 * "Version + Format Selection").
 *
 * <ul>
 *   <li>A null or blank header, or one in which no media range can be read, means HTML: such clients are browsers,
 *       curl, or old tools that predate PEP 691.</li>
 *   <li>Ranges are read case-insensitively with their {@code q} (a malformed or out-of-range {@code q} counts as 1);
 *       other parameters are ignored. Unreadable ranges are skipped.</li>
 *   <li>Each format takes the q of its most specific matching range: an exact type beats {@code type/*}, which beats
 *       {@code *}{@code /*}. A q of 0 there excludes the format, whatever a wider range says.</li>
 *   <li>The format with the highest q wins; on a tie the more specific match; on a full tie HTML, then JSON, then
 *       HTML_V1.</li>
 *   <li>Exact types: JSON is {@code application/vnd.pypi.simple.v1+json} and its PEP 691 alias
 *       {@code application/vnd.pypi.simple.latest+json}, and also, as a kindness to hand-written clients,
 *       {@code application/json} (PEP 691 itself only names the vnd types). HTML_V1 is
 *       {@code application/vnd.pypi.simple.v1+html} and {@code ...latest+html}. HTML is {@code text/html}.</li>
 * </ul>
 *
 * <p>Empty means nothing acceptable is served: the caller answers 406.
 */
public final class Negotiator {

  /** More ranges than this are ignored: no real client sends them, and the loop must stay bounded. */
  static final int MAX_RANGES = 64;

  private static final int EXACT = 3;
  private static final int TYPE_WILDCARD = 2;
  private static final int ANY = 1;

  /** Formats in tie-break order. */
  private static final List<Format> PREFERENCE = List.of(Format.HTML, Format.JSON, Format.HTML_V1);

  /** Distinct headers remembered; past this, headers are parsed each time (a client sending random ones). */
  private static final int SEEN_MAX = 256;
  private static final ConcurrentHashMap<String, Optional<Format>> SEEN = new ConcurrentHashMap<>();
  private static final Pattern Q_VALUE = Pattern.compile("[0-9]{1,3}(\\.[0-9]{0,6})?");

  private Negotiator() {}

  private record Range(String type, String subtype, double q) {}

  /** The format to answer with, or empty when the header accepts none of them. */
  public static Optional<Format> negotiate(@Nullable String acceptHeader) {
    if (acceptHeader == null || acceptHeader.isBlank()) {
      return Optional.of(Format.HTML);
    }
    // Clients send a handful of distinct headers, over and over: answer those from memory, on every request.
    Optional<Format> known = SEEN.get(acceptHeader);
    if (known != null) {
      return known;
    }
    Optional<Format> chosen = choose(acceptHeader);
    if (SEEN.size() < SEEN_MAX) {
      SEEN.put(acceptHeader, chosen);
    }
    return chosen;
  }

  private static Optional<Format> choose(String acceptHeader) {
    List<Range> ranges = parse(acceptHeader);
    if (ranges.isEmpty()) {
      return Optional.of(Format.HTML);
    }
    Format best = null;
    double bestQ = 0;
    int bestSpecificity = 0;
    for (Format format : PREFERENCE) {
      int specificity = 0;
      double q = 0;
      for (Range range : ranges) {
        int s = specificity(range, format);
        if (s > specificity) {
          specificity = s;
          q = range.q();
        } else if (s == specificity && s > 0) {
          q = Math.max(q, range.q());
        }
      }
      // Strict comparisons keep the earlier (preferred) format on a full tie.
      if (q > 0 && (q > bestQ || (q == bestQ && specificity > bestSpecificity))) {
        best = format;
        bestQ = q;
        bestSpecificity = specificity;
      }
    }
    return Optional.ofNullable(best);
  }

  private static int specificity(Range range, Format format) {
    if (range.type().equals("*")) {
      return ANY;
    }
    String[] exact = switch (format) {
      case JSON -> new String[] {"vnd.pypi.simple.v1+json", "vnd.pypi.simple.latest+json", "json"};
      case HTML_V1 -> new String[] {"vnd.pypi.simple.v1+html", "vnd.pypi.simple.latest+html"};
      case HTML -> new String[] {"html"};
    };
    String type = format == Format.HTML ? "text" : "application";
    if (!range.type().equals(type)) {
      return 0;
    }
    if (range.subtype().equals("*")) {
      return TYPE_WILDCARD;
    }
    for (String subtype : exact) {
      if (range.subtype().equals(subtype)) {
        return EXACT;
      }
    }
    return 0;
  }

  private static List<Range> parse(String header) {
    List<Range> ranges = new ArrayList<>();
    String[] items = header.split(",", MAX_RANGES + 1);
    for (int i = 0; i < Math.min(items.length, MAX_RANGES); i++) {
      Range range = range(items[i]);
      if (range != null) {
        ranges.add(range);
      }
    }
    return ranges;
  }

  /** One {@code type/subtype;param=value...} range, or null when it cannot be read. */
  private static @Nullable Range range(String item) {
    String[] parts = item.split(";", MAX_RANGES);
    String mediaType = parts[0].strip().toLowerCase(Locale.ROOT);
    int slash = mediaType.indexOf('/');
    if (slash <= 0 || slash == mediaType.length() - 1) {
      return null;
    }
    String type = mediaType.substring(0, slash).strip();
    String subtype = mediaType.substring(slash + 1).strip();
    if (!isToken(type) || !isToken(subtype) || (type.equals("*") && !subtype.equals("*"))) {
      return null;
    }
    double q = 1;
    for (int i = 1; i < parts.length; i++) {
      String param = parts[i].strip();
      int eq = param.indexOf('=');
      if (eq > 0 && param.substring(0, eq).strip().equalsIgnoreCase("q")) {
        q = qValue(param.substring(eq + 1).strip());
      }
    }
    return new Range(type, subtype, q);
  }

  /** RFC 9110 weights are 0 to 1 with up to three decimals; anything unreadable counts as 1, as the contract says. */
  private static double qValue(String value) {
    if (!Q_VALUE.matcher(value).matches()) {
      return 1;
    }
    double q = Double.parseDouble(value);
    return q >= 0 && q <= 1 ? q : 1;
  }

  /** RFC 9110 token characters (media types are tokens). */
  private static boolean isToken(String s) {
    if (s.isEmpty()) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "!#$%&'*+-.^_`|~".indexOf(c) >= 0
          || (c >= 'A' && c <= 'Z');
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
