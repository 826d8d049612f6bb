package dev.pantry.upstream;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;

/**
 * An upstream file body being received. The caller reads {@link #body()} to the end and then closes this; closing
 * early aborts the upstream exchange.
 *
 * @param finalUrl      the URL after redirects (for logs: print it only through {@code Origin.redact})
 * @param contentLength the length the upstream declared, or -1
 * @param body          the bytes, as they arrive
 */
public record FileStream(URI finalUrl, long contentLength, InputStream body) implements AutoCloseable {
  @Override
  public void close() throws IOException {
    body.close();
  }
}
