package dev.pantry.admin;

import dev.pantry.config.Secret;
import dev.pantry.error.Problem;
import dev.pantry.storage.Digests;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.jspecify.annotations.Nullable;

/**
 * The one bearer-token check of every admin action. Two tokens are accepted: the configured {@code admin-token} (the
 * operator's; read on every request, so a reload rotates it) and this run's secret from {@code server.json} (the
 * local command line's). Tokens are compared as sha256 digests with {@link MessageDigest#isEqual}, so the time taken
 * tells nothing of a token or its length.
 *
 * <p>Answers: no usable {@code Authorization: Bearer} header, or a wrong token, is 401 with a challenge. An action
 * that exists only with a configured token (the UI's) is 404 without one.
 */
public final class AdminAuth {
  private final Supplier<@Nullable Secret> configured;
  private final byte[] runSecret;

  public AdminAuth(Supplier<@Nullable Secret> configured, Secret runSecret) {
    this.configured = configured;
    this.runSecret = digest(runSecret.reveal());
  }

  /** Whether an operator token is configured: the UI shows admin actions only then. */
  public boolean tokenConfigured() {
    Secret t = configured.get();
    return t != null && !t.isEmpty();
  }

  /** Null when the request carries an accepted token, else the problem to answer with (its challenge is set). */
  public @Nullable Problem check(Request request, Response response) {
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    String token = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).strip()
        : "";
    if (!token.isEmpty()) {
      byte[] given = digest(token);
      Secret t = configured.get();
      // Both comparisons always run, so which token matched leaks nothing either.
      boolean operator = t != null && !t.isEmpty() & MessageDigest.isEqual(given, digest(t.reveal()));
      boolean local = MessageDigest.isEqual(given, runSecret);
      if (operator | local) {
        return null;
      }
    }
    response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"pantry\"");
    return Problem.of(Problem.Kind.UNAUTHORIZED, token.isEmpty()
        ? "this action needs an admin token (Authorization: Bearer ...)"
        : "the admin token is wrong");
  }

  /** As {@link #check}, for an action that exists only when an operator token is configured (404 otherwise). */
  public @Nullable Problem checkConfigured(Request request, Response response) {
    if (!tokenConfigured()) {
      return Problem.of(Problem.Kind.NOT_FOUND, "not found");
    }
    return check(request, response);
  }

  private static byte[] digest(String s) {
    return Digests.sha256().digest(s.getBytes(StandardCharsets.UTF_8));
  }
}
