package dev.pantry.upstream;

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
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A real Jetty server on 127.0.0.1, port 0, that answers per path and records every request it sees. URLs name it by
 * {@code host}: "127.0.0.1" and "localhost" reach the same interface but are different origins.
 */
final class TestOrigin implements AutoCloseable {

  /** Answers one request. */
  interface Responder {
    void respond(Request request, Response response, Callback callback) throws Exception;
  }

  /** A request as the server saw it. */
  record Seen(String pathQuery, HttpFields headers) {}

  private final Server server = new Server();
  private final ServerConnector connector = new ServerConnector(server, 1, 1);
  private final String host;
  private final Map<String, Responder> routes = new ConcurrentHashMap<>();
  final List<Seen> seen = new CopyOnWriteArrayList<>();

  private TestOrigin(String host) {
    this.host = host;
  }

  static TestOrigin start(String host) throws Exception {
    TestOrigin origin = new TestOrigin(host);
    origin.connector.setHost("127.0.0.1");
    origin.connector.setPort(0);
    origin.server.addConnector(origin.connector);
    origin.server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        origin.seen.add(new Seen(request.getHttpURI().getPathQuery(), HttpFields.build(request.getHeaders())));
        Responder responder = origin.routes.get(request.getHttpURI().getDecodedPath());
        if (responder == null) {
          send(response, callback, 404, "text/plain", "no route");
        } else {
          responder.respond(request, response, callback);
        }
        return true;
      }
    });
    origin.server.setStopTimeout(2000);
    origin.server.start();
    return origin;
  }

  TestOrigin on(String path, Responder responder) {
    routes.put(path, responder);
    return this;
  }

  URI url(String pathQuery) {
    return URI.create("http://" + host + ":" + connector.getLocalPort() + pathQuery);
  }

  int port() {
    return connector.getLocalPort();
  }

  /** Requests seen for a path (query ignored). */
  List<Seen> seen(String path) {
    return seen.stream().filter(s -> s.pathQuery().equals(path) || s.pathQuery().startsWith(path + "?")).toList();
  }

  static Responder text(int status, String body) {
    return (request, response, callback) -> send(response, callback, status, "text/html", body);
  }

  static Responder redirect(int status, String location) {
    return (request, response, callback) -> {
      response.getHeaders().put(HttpHeader.LOCATION, location);
      send(response, callback, status, "text/plain", "moved");
    };
  }

  static void send(Response response, Callback callback, int status, String type, String body) {
    send(response, callback, status, type, body.getBytes(StandardCharsets.UTF_8));
  }

  static void send(Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  @Override
  public void close() throws IOException {
    try {
      server.stop();
    } catch (Exception e) {
      throw new IOException("cannot stop the test server", e);
    }
  }
}
