package dev.pantry.ui;

import dev.pantry.error.HttpProblems;
import dev.pantry.error.Problem;
import dev.pantry.simple.SimpleHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The web UI's static files at {@code /ui/}, from the classpath folder {@code web/} (the top-level {@code web/}
 * packaged into the jar). Only single names like {@code app.js} are served: no subfolders, so no {@code ..} and no
 * directory listing. Files are read once and kept in memory with a strong ETag; clients revalidate every time, which
 * a 304 makes cheap, so a new jar's UI shows up at once.
 */
public final class UiHandler extends Handler.Abstract.NonBlocking {
  static final String PREFIX = "/ui/";
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}\\.(html|css|js|svg|png|ico)");
  private static final Map<String, String> TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "css", "text/css; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "svg", "image/svg+xml",
      "png", "image/png",
      "ico", "image/x-icon");

  private final ClassLoader loader;
  private final String root;
  private final Map<String, Asset> assets = new ConcurrentHashMap<>();

  private record Asset(byte[] bytes, String type, String etag) {}

  /** Serves {@code <root>/<name>} resources of {@code loader}; the server uses {@code "web"}. */
  public UiHandler(ClassLoader loader, String root) {
    this.loader = loader;
    this.root = root;
  }

  @Override
  public boolean handle(Request request, Response response, Callback callback) {
    if (HttpProblems.refuseUnlessRead(request, response, callback)) {
      return true;
    }
    String path = request.getHttpURI().getPath();
    if (!path.startsWith(PREFIX)) {
      response.setStatus(301);
      response.getHeaders().put(HttpHeader.LOCATION, "ui/");
      HttpProblems.text(response, callback, "moved to ui/");
      return true;
    }
    String name = path.substring(PREFIX.length());
    Optional<Asset> asset = NAME.matcher(name.isEmpty() ? "index.html" : name).matches()
        ? find(name.isEmpty() ? "index.html" : name)
        : Optional.empty();
    SecurityHeaders.ui(response);
    if (asset.isEmpty()) {
      HttpProblems.send(response, callback, Problem.of(Problem.Kind.NOT_FOUND, "not found"));
      return true;
    }
    Asset a = asset.get();
    var h = response.getHeaders();
    h.put(HttpHeader.ETAG, a.etag());
    h.put(HttpHeader.CACHE_CONTROL, "no-cache");
    String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
    if (inm != null && SimpleHandler.matches(inm, a.etag())) {
      response.setStatus(304);
      callback.succeeded();
      return true;
    }
    h.put(HttpHeader.CONTENT_TYPE, a.type());
    h.put(HttpHeader.CONTENT_LENGTH, a.bytes().length);
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    response.write(true, head ? ByteBuffer.allocate(0) : ByteBuffer.wrap(a.bytes()), callback);
    return true;
  }

  private Optional<Asset> find(String name) {
    Asset known = assets.get(name);
    if (known != null) {
      return Optional.of(known);
    }
    try (InputStream in = loader.getResourceAsStream(root + "/" + name)) {
      if (in == null) {
        return Optional.empty();
      }
      byte[] bytes = in.readAllBytes();
      String type = TYPES.getOrDefault(name.substring(name.lastIndexOf('.') + 1), "application/octet-stream");
      Asset a = new Asset(bytes, type, "\"" + HexFormat.of().formatHex(sha256(bytes), 0, 12) + "\"");
      assets.put(name, a);
      return Optional.of(a);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read UI asset " + name, e);
    }
  }

  private static byte[] sha256(byte[] bytes) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(bytes);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
