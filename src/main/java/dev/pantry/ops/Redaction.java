package dev.pantry.ops;

import java.util.Locale;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Takes secrets out of what a log line shows of a request: user-info in URLs and query values that look like
 * credentials or signatures (pre-signed storage URLs carry them there). Authorization headers are never read at all.
 */
public final class Redaction {
  static final String REDACTED = "REDACTED";
  private static final Pattern SECRET_NAME =
      Pattern.compile("sig|token|key|secret|pass|pwd|credential|auth|session", Pattern.CASE_INSENSITIVE);
  private static final Pattern OPAQUE = Pattern.compile("[A-Za-z0-9%+/=_.~-]{32,}");
  private static final Pattern USER_INFO = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#@]*@");

  private Redaction() {}

  /**
   * A raw query with every value whose name sounds secret ({@code X-Amz-Signature}, {@code token}, {@code api_key})
   * or that is a long opaque string replaced by {@code REDACTED}; null stays null.
   */
  public static @Nullable String query(@Nullable String raw) {
    if (raw == null) {
      return null;
    }
    StringBuilder out = new StringBuilder(raw.length());
    for (String part : raw.split("&", -1)) {
      if (out.length() > 0) {
        out.append('&');
      }
      int eq = part.indexOf('=');
      String name = eq < 0 ? part : part.substring(0, eq);
      String value = eq < 0 ? "" : part.substring(eq + 1);
      if (SECRET_NAME.matcher(name.toLowerCase(Locale.ROOT)).find() || OPAQUE.matcher(value).matches()) {
        out.append(name).append('=').append(REDACTED);
      } else {
        out.append(part);
      }
    }
    return out.toString();
  }

  /** A URL (a Referer, say) without user-info and with its query redacted; the fragment is dropped. */
  public static @Nullable String url(@Nullable String url) {
    if (url == null) {
      return null;
    }
    String u = USER_INFO.matcher(url).replaceFirst("$1");
    int hash = u.indexOf('#');
    if (hash >= 0) {
      u = u.substring(0, hash);
    }
    int q = u.indexOf('?');
    return q < 0 ? u : u.substring(0, q + 1) + query(u.substring(q + 1));
  }
}
