package dev.pantry.web;

import dev.pantry.config.LiveConfig;
import dev.pantry.config.Secret;
import dev.pantry.error.Problem;
import dev.pantry.ops.ConfigReloader;
import dev.pantry.ops.ReloadResult;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.jspecify.annotations.Nullable;

/**
 * {@code POST /admin/reload} with {@code Authorization: Bearer <admin token>}: re-reads the configuration. 200 with the
 * changes when applied, 400 with the reason when rejected (the old config stays), 401 without the right token, 403
 * when no admin token is configured.
 */
final class ReloadHandler extends Handler.Abstract {
  static final String PATH = "/admin/reload";

  private final ConfigReloader reloader;
  private final LiveConfig config;

  ReloadHandler(ConfigReloader reloader, LiveConfig config) {
    this.reloader = reloader;
    this.config = config;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (!Request.getPathInContext(request).equals(PATH)) {
      Responses.problem(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "not found"));
      return true;
    }
    if (!HttpMethod.POST.is(request.getMethod())) {
      response.getHeaders().put(HttpHeader.ALLOW, "POST");
      Responses.problem(response, callback, Problem.of(Problem.Kind.METHOD_NOT_ALLOWED, "use POST"));
      return true;
    }
    Secret token = config.get().adminToken();
    if (token == null || token.isEmpty()) {
      response.setStatus(403);
      Responses.text(response, callback, "admin actions are off: set admin-token");
      return true;
    }
    if (!authorized(request.getHeaders().get(HttpHeader.AUTHORIZATION), token)) {
      response.getHeaders().put(HttpHeader.WWW_AUTHENTICATE, "Bearer realm=\"pantry-admin\"");
      Responses.problem(response, callback, Problem.of(Problem.Kind.UNAUTHORIZED, "a valid admin token is required"));
      return true;
    }
    ReloadResult result = reloader.reload("POST " + PATH);
    if (result instanceof ReloadResult.Applied applied) {
      Responses.text(response, callback, "reloaded"
          + (applied.changes().isEmpty() ? ": no changes" : "\n" + String.join("\n", applied.changes())));
    } else {
      Responses.problem(response, callback, Problem.of(Problem.Kind.BAD_REQUEST,
          "config rejected, the running config stays: " + ((ReloadResult.Rejected) result).reason()));
    }
    return true;
  }

  /** Compares digests of the two tokens in constant time, so neither the content nor the length leaks by timing. */
  static boolean authorized(@Nullable String header, Secret token) {
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return false;
    }
    return MessageDigest.isEqual(sha256(header.substring(7).strip()), sha256(token.reveal()));
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
