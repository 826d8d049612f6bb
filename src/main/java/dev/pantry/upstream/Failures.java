package dev.pantry.upstream;

import dev.pantry.config.Origin;
import dev.pantry.error.Problem.Kind;
import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.eclipse.jetty.http.HttpException;

/** Turns what went wrong on the wire into a {@link Failure} with a one-line, secret-free message. */
final class Failures {
  /** Cause chains are walked this deep at most. */
  private static final int MAX_CAUSES = 12;

  private Failures() {}

  /**
   * Classifies an exception from an exchange.
   *
   * @param timeoutLimit the limit to name should it be a timeout (the page limit, or the idle timeout for files)
   * @param connectLimit the connect timeout, named when the connect itself timed out
   */
  static Failure of(Throwable failure, URI at, Duration timeoutLimit, Duration connectLimit) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
      if (t instanceof GuardedTransport.RefusedAddress refused) {
        // The upstream pointed the mirror somewhere it must not go: not retried, and said as such.
        return Failure.permanent(Kind.UPSTREAM_FAILED, refused.getMessage() + " (" + hostPort(at) + ")", at);
      }
      if (t instanceof SocketTimeoutException) {
        return timeout(at, connectLimit);
      }
      if (t instanceof TimeoutException || t instanceof InterruptedByTimeoutException) {
        return timeout(at, timeoutLimit);
      }
      if (t instanceof ConnectException || t instanceof UnknownHostException
          || t instanceof UnresolvedAddressException || t instanceof NoRouteToHostException) {
        return cannotConnect(at);
      }
      if (t instanceof SSLException) {
        return Failure.permanent(Kind.UPSTREAM_FAILED, "TLS with " + hostPort(at) + " failed", at);
      }
      if (t instanceof HttpException) {
        return Failure.permanent(Kind.UPSTREAM_FAILED, "upstream sent a malformed response", at);
      }
      if (t instanceof EOFException || t instanceof ClosedChannelException || t instanceof SocketException) {
        return closed(at);
      }
    }
    if (failure instanceof IOException) {
      return closed(at);
    }
    return Failure.permanent(Kind.UPSTREAM_FAILED,
        "upstream exchange failed (" + failure.getClass().getSimpleName() + ")", at);
  }

  /** Whether {@code failure} says the response did not parse as HTTP. */
  static boolean malformed(Throwable failure) {
    Throwable t = failure;
    for (int depth = 0; t != null && depth < MAX_CAUSES; depth++, t = t.getCause()) {
      if (t instanceof HttpException) {
        return true;
      }
    }
    return false;
  }

  static Failure timeout(URI at, Duration limit) {
    return Failure.transientFailure(Kind.UPSTREAM_TIMEOUT, "upstream timed out after " + seconds(limit), at);
  }

  static Failure cannotConnect(URI at) {
    return Failure.transientFailure(Kind.UPSTREAM_FAILED, "cannot connect to " + hostPort(at), at);
  }

  static Failure closed(URI at) {
    return Failure.transientFailure(Kind.UPSTREAM_FAILED, "upstream closed the connection", at);
  }

  /**
   * A status that is neither 2xx, 304, a redirect nor 404/410.
   *
   * @param sentCredentials whether this hop carried the upstream's credentials
   */
  static Failure status(int status, URI at, boolean sentCredentials) {
    if (status == 401 || status == 403) {
      String message = sentCredentials
          ? "upstream refused the credentials (" + status + ")"
          : "upstream requires credentials (" + status + ")";
      return Failure.credentials(message, at);
    }
    if (status == 500 || status == 502 || status == 503 || status == 504) {
      return Failure.transientFailure(Kind.UPSTREAM_FAILED, "upstream answered " + status, at);
    }
    if (status >= 500) {
      return Failure.permanent(Kind.UPSTREAM_FAILED, "upstream answered " + status, at);
    }
    return Failure.permanent(Kind.UPSTREAM_FAILED, "upstream answered unexpected status " + status, at);
  }

  static Failure tooLarge(long maxBytes, URI at) {
    long mib = 1024 * 1024;
    String limit = maxBytes >= mib && maxBytes % mib == 0 ? maxBytes / mib + " MB"
        : maxBytes >= mib ? String.format(Locale.ROOT, "%.1f MB", maxBytes / (double) mib)
        : maxBytes + " bytes";
    return Failure.permanent(Kind.TOO_LARGE, "upstream page is larger than " + limit, at);
  }

  static String hostPort(URI at) {
    Origin origin = Origin.of(at);
    return origin.host() + ":" + origin.port();
  }

  /** "30s", "0.2s": whole seconds when whole, else tenths (rounded up, so a pending wait never reads 0s). */
  static String seconds(Duration d) {
    long millis = Math.max(0, d.toMillis());
    if (millis % 1000 == 0) {
      return millis / 1000 + "s";
    }
    long tenths = (millis + 99) / 100;
    return tenths % 10 == 0 ? tenths / 10 + "s" : String.format(Locale.ROOT, "%.1fs", tenths / 10.0);
  }
}
