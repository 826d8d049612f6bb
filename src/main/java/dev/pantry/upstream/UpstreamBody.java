package dev.pantry.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;
import org.eclipse.jetty.client.Request;
import org.jspecify.annotations.Nullable;

/**
 * A file body as it arrives. A failure mid-body — a reset, an idle timeout, fewer bytes than declared — is an
 * {@link IOException} from read() with a one-line, redacted message, never an early end of stream. Closing before the
 * end aborts the upstream exchange. Not thread-safe, like any InputStream.
 */
final class UpstreamBody extends InputStream {
  private final InputStream in;
  private final Request request;
  private final long declaredLength;
  private final Function<Throwable, Failure> onFailure;
  private long received;
  private boolean ended;
  private boolean closed;
  private @Nullable IOException failure;

  /**
   * @param declaredLength the Content-Length, or -1
   * @param onFailure      classifies (and reports, once) a failure while reading
   */
  UpstreamBody(InputStream in, Request request, long declaredLength, Function<Throwable, Failure> onFailure) {
    this.in = in;
    this.request = request;
    this.declaredLength = declaredLength;
    this.onFailure = onFailure;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n == -1 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (failure != null) {
      throw failure;
    }
    if (closed) {
      throw new IOException("upstream body already closed");
    }
    if (ended) {
      return -1;
    }
    int n;
    try {
      n = in.read(b, off, len);
    } catch (IOException e) {
      throw fail(e);
    }
    if (n == -1) {
      if (declaredLength >= 0 && received != declaredLength) {
        throw fail(new EOFException("body ended after " + received + " of " + declaredLength + " bytes"));
      }
      ended = true;
      return -1;
    }
    received += n;
    return n;
  }

  @Override
  public int available() throws IOException {
    return closed || ended || failure != null ? 0 : in.available();
  }

  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    if (!ended && failure == null) {
      // The reader gave up: stop the upstream sending the rest.
      request.abort(new IOException("upstream body closed before its end"));
    }
    in.close();
  }

  private IOException fail(Throwable cause) {
    Failure classified = onFailure.apply(cause);
    failure = new IOException(classified.problem().message(), cause);
    return failure;
  }
}
