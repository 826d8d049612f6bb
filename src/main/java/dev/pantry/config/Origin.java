package dev.pantry.config;

import java.net.URI;
import java.util.Locale;

/**
 * A URL's origin (RFC 6454): scheme, host and effective port. Credentials are bound to one origin.
 */
public record Origin(String scheme, String host, int port) {

  /** The origin of an absolute http(s) URL. */
  public static Origin of(URI uri) {
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    int port = uri.getPort() != -1 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
    return new Origin(scheme, uri.getHost().toLowerCase(Locale.ROOT), port);
  }

  /** True when {@code uri} is absolute and has this origin. */
  public boolean matches(URI uri) {
    return uri.getScheme() != null && uri.getHost() != null && of(uri).equals(this);
  }

  /** A URL fit for a log line: no user info, no query (pre-signed URLs carry signatures there). */
  public static String redact(URI uri) {
    StringBuilder out = new StringBuilder();
    if (uri.getScheme() != null) {
      out.append(uri.getScheme()).append("://");
    }
    if (uri.getHost() != null) {
      out.append(uri.getHost());
      if (uri.getPort() != -1) {
        out.append(':').append(uri.getPort());
      }
    }
    out.append(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (uri.getRawQuery() != null) {
      out.append("?…");
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return scheme + "://" + host + ":" + port;
  }
}
