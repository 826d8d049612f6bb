package dev.pantry.upstream;

import java.io.IOException;
import java.io.InputStream;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;

/** What an exchange needs of one upstream response besides its body: its length, its validators, letting it go. */
final class Responses {
  /** A body not wanted is read to its end up to this, so the connection stays reusable; past it, aborted. */
  private static final int DISCARD_LIMIT = 64 * 1024;

  private Responses() {}

  static Outcome.Validators validators(Response response) {
    HttpFields fields = response.getHeaders();
    return new Outcome.Validators(fields.get(HttpHeader.ETAG), fields.get(HttpHeader.LAST_MODIFIED));
  }

  /** The declared length, or -1 when there is none (or it does not parse). */
  static long contentLength(HttpFields fields) {
    try {
      return fields.getLongField(HttpHeader.CONTENT_LENGTH);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Reads a small body to its end so the connection stays reusable; gives up (aborting) past a limit. */
  static void discard(Request request, InputStream body) {
    byte[] chunk = new byte[8192];
    try (InputStream in = body) {
      int total = 0;
      for (int n = in.read(chunk); n != -1 && total <= DISCARD_LIMIT; n = in.read(chunk)) {
        total += n;
      }
      if (total > DISCARD_LIMIT) {
        request.abort(new IOException("body not needed"));
      }
    } catch (IOException e) {
      // The body was never wanted; the status alone decides.
    }
  }

  /** Ends the exchange now: the body will not be read. */
  static void abort(Request request, InputStream body) {
    request.abort(new IOException("body not needed"));
    try {
      body.close();
    } catch (IOException e) {
      // Aborted already.
    }
  }
}
