package dev.pantry.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.jspecify.annotations.Nullable;

/**
 * The one kind of fake origin every test uses: a real Jetty server on 127.0.0.1, port 0, that records each request and
 * answers it by exact path (a {@link Responder} per path), or hands it to a handler that plays a whole index
 * ({@link FakeUpstream}'s registry, public index and storage, {@link GatedIndex}). URLs name it by {@code host}:
 * "127.0.0.1" and "localhost" reach the same interface but are different origins.
 */
public final class Origin implements AutoCloseable {

  /** Answers one request; must complete the callback. */
  @FunctionalInterface
  public interface Responder {
    void respond(Request request, Response response, Callback callback) throws Exception;
  }

  /** A request as the origin saw it. */
  public record Seen(String method, String pathQuery, HttpFields headers) {}

  private final Server server;
  private final ServerConnector connector;
  private final String host;
  private final Map<String, Responder> routes = new ConcurrentHashMap<>();
  private final List<Seen> seen = new CopyOnWriteArrayList<>();
  private volatile @Nullable Handler fallback;

  private Origin(String name, String host) {
    QueuedThreadPool threads = new QueuedThreadPool(64, 2);
    threads.setName("origin-" + name);
    this.server = new Server(threads);
    // Like the file servers real indexes use, it serves names with %25 or %2F in them (Jetty refuses them by default).
    HttpConfiguration http = new HttpConfiguration();
    http.setUriCompliance(UriCompliance.DEFAULT.with("origin", UriCompliance.Violation.AMBIGUOUS_PATH_ENCODING));
    this.connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
    this.host = host;
  }

  /** Starts an origin named {@code name} (for thread names) whose URLs use {@code 127.0.0.1}. */
  public static Origin start(String name) {
    return start(name, "127.0.0.1", null);
  }

  /**
   * Starts an origin whose URLs name it {@code host} (it listens on 127.0.0.1 either way) and that hands requests no
   * route matches to {@code fallback} (404 when null).
   */
  public static Origin start(String name, String host, @Nullable Handler fallback) {
    Origin origin = new Origin(name, host);
    origin.fallback = fallback;
    origin.connector.setHost("127.0.0.1");
    origin.connector.setPort(0);
    origin.server.addConnector(origin.connector);
    origin.server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        origin.seen.add(new Seen(request.getMethod(), request.getHttpURI().getPathQuery(),
            HttpFields.build(request.getHeaders()).asImmutable()));
        Responder responder = origin.routes.get(request.getHttpURI().getDecodedPath());
        Handler other = origin.fallback;
        if (responder != null) {
          responder.respond(request, response, callback);
        } else if (other != null) {
          return other.handle(request, response, callback);
        } else {
          send(response, callback, 404, "text/plain", "no route\n");
        }
        return true;
      }
    });
    // No graceful phase: tests hold idle keep-alive connections, which a graceful stop would wait out.
    origin.server.setStopTimeout(0);
    try {
      origin.server.start();
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the test origin " + name, e);
    }
    return origin;
  }

  /** Answers {@code path} (decoded, exact) with {@code responder}. */
  public Origin on(String path, Responder responder) {
    routes.put(path, responder);
    return this;
  }

  public URI url(String pathQuery) {
    return URI.create(base() + pathQuery);
  }

  /** {@code http://<host>:<port>}, no trailing slash. */
  public String base() {
    return "http://" + host + ":" + connector.getLocalPort();
  }

  public int port() {
    return connector.getLocalPort();
  }

  /** Every request seen, in arrival order. */
  public List<Seen> seen() {
    return List.copyOf(seen);
  }

  /** Requests seen for a path (query ignored). */
  public List<Seen> seen(String path) {
    return seen.stream().filter(s -> s.pathQuery().equals(path) || s.pathQuery().startsWith(path + "?")).toList();
  }

  public void forget() {
    seen.clear();
  }

  public static Responder text(int status, String body) {
    return (request, response, callback) -> send(response, callback, status, "text/html", body);
  }

  public static Responder bytes(int status, String type, byte[] body) {
    return (request, response, callback) -> send(response, callback, status, type, body);
  }

  public static Responder redirect(int status, String location) {
    return (request, response, callback) -> {
      response.getHeaders().put(HttpHeader.LOCATION, location);
      send(response, callback, status, "text/plain", "moved");
    };
  }

  public static void send(Response response, Callback callback, int status, String type, String body) {
    send(response, callback, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  public static void send(Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public void close() {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("cannot stop the test origin", new IOException(e));
    }
  }
}
