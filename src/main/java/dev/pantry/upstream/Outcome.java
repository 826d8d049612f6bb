package dev.pantry.upstream;

import dev.pantry.error.Problem;
import java.net.URI;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What an upstream request came to. Expected failures are values here, never exceptions.
 *
 * @param <T> the body type: {@code byte[]} for pages, {@link FileStream} for files
 */
public sealed interface Outcome<T> {

  /** The upstream answered 2xx; {@code finalUrl} is the URL after redirects, for resolving relative links. */
  record Fetched<T>(URI finalUrl, T body, @Nullable String contentType, Validators validators) implements Outcome<T> {
    public Fetched {
      Objects.requireNonNull(finalUrl, "finalUrl");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(validators, "validators");
    }
  }

  /** The upstream answered 304 to a conditional request. */
  record NotModified<T>(Validators validators) implements Outcome<T> {}

  /** The upstream answered 404 or 410. */
  record NotFound<T>(int status) implements Outcome<T> {}

  /**
   * The page redirected to another origin, and the caller asked to stay on the upstream's own ({@link
   * Hops#OWN_ORIGIN}): for ownership, "not here" (GitLab forwarding an unknown name to pypi.org).
   *
   * @param to where the redirect pointed, for the log; may carry a pre-signed query, so redact before showing it
   */
  record Forwarded<T>(URI to) implements Outcome<T> {
    public Forwarded {
      Objects.requireNonNull(to, "to");
    }
  }

  /** Anything else: 5xx, 401/403, a timeout, a reset, a redirect loop, a body over the limit. */
  record Failed<T>(Problem problem) implements Outcome<T> {
    public Failed {
      Objects.requireNonNull(problem, "problem");
    }
  }

  /** How far a page fetch follows redirects. */
  enum Hops {
    /** Wherever they lead (credentials still go to the upstream's origin only). */
    ANY_ORIGIN,
    /** Within the upstream's origin; a redirect elsewhere ends the fetch as {@link Forwarded}. */
    OWN_ORIGIN
  }

  /**
   * Cache validators from an upstream response, replayed as {@code If-None-Match}/{@code If-Modified-Since}.
   */
  record Validators(@Nullable String etag, @Nullable String lastModified) {
    public static Validators none() {
      return new Validators(null, null);
    }
  }
}
