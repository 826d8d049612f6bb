package dev.pantry.ui;

import org.eclipse.jetty.server.Response;

/** Response headers that keep the UI and its API to themselves: no foreign code, no framing, no sniffing. */
final class SecurityHeaders {
  /**
   * Scripts, styles and images only from this origin, no inline script or style, no plugins, no framing. Inline SVG
   * built through the DOM needs nothing more.
   */
  static final String UI_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
      + "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** API answers are data, never a document. */
  static final String API_POLICY = "default-src 'none'; frame-ancestors 'none'";

  private SecurityHeaders() {}

  static void ui(Response response) {
    common(response, UI_POLICY);
  }

  static void api(Response response) {
    common(response, API_POLICY);
  }

  private static void common(Response response, String policy) {
    var h = response.getHeaders();
    h.put("Content-Security-Policy", policy);
    h.put("X-Content-Type-Options", "nosniff");
    h.put("X-Frame-Options", "DENY");
    h.put("Referrer-Policy", "no-referrer");
  }
}
