package dev.pantry.web;

import dev.pantry.config.Secret;
import dev.pantry.error.Problem;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.jspecify.annotations.Nullable;

/**
 * Decides whether a request may use an admin action. Without a configured token the actions do not exist (404); with
 * one, the request must carry {@code Authorization: Bearer <token>} (else 401). Tokens are compared as sha256
 * digests with {@link MessageDigest#isEqual}, so the time taken tells nothing of the token or its length.
 */
final class AdminGate {
  private final Supplier<@Nullable Secret> token;

  /** Reads the token on every request, so a changed config applies at once. */
  AdminGate(Supplier<@Nullable Secret> token) {
    this.token = token;
  }

  boolean enabled() {
    Secret t = token.get();
    return t != null && !t.isEmpty();
  }

  /** Null when the request may proceed, else the problem to answer with. */
  @Nullable Problem check(Request request) {
    Secret expected = token.get();
    if (expected == null || expected.isEmpty()) {
      return Problem.of(Problem.Kind.NOT_FOUND, "not found");
    }
    String header = request.getHeaders().get(HttpHeader.AUTHORIZATION);
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Problem.of(Problem.Kind.UNAUTHORIZED, "this action needs the admin token (Authorization: Bearer …)");
    }
    if (!MessageDigest.isEqual(digest(header.substring(7).strip()), digest(expected.reveal()))) {
      return Problem.of(Problem.Kind.UNAUTHORIZED, "the admin token is wrong");
    }
    return null;
  }

  private static byte[] digest(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
