package dev.pantry.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.PathMappingsHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.junit.jupiter.api.Test;

/** The routes: Jetty combines the features' invocation types, so a blocking feature never holds a selector. */
class RoutesTest {

  /** Answers "ok" without blocking. */
  private static final class Quick extends Handler.Abstract.NonBlocking {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      response.write(true, ByteBuffer.wrap("ok".getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }

  /** Blocks its thread until released (bounded), like a JDBC call or an upstream read. */
  private static final class Blocking extends Handler.Abstract {
    final CountDownLatch entered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
      entered.countDown();
      release.await(20, TimeUnit.SECONDS);
      response.write(true, ByteBuffer.wrap("done".getBytes(StandardCharsets.UTF_8)), callback);
      return true;
    }
  }

  private static Routes.Features features(Handler files, Handler others) {
    return new Routes.Features(others, files, others, others, others, others, others, others);
  }

  @Test
  void getInvocationType_blockingRouteAndNonBlockingOthers_isBlocking() {
    PathMappingsHandler routes = Routes.of(features(new Blocking(), new Quick()));

    assertEquals(InvocationType.BLOCKING, routes.getInvocationType());
  }

  @Test
  void getInvocationType_onlyNonBlockingHandlers_isNonBlocking() {
    PathMappingsHandler routes = Routes.of(features(new Quick(), new Quick()));

    assertEquals(InvocationType.NON_BLOCKING, routes.getInvocationType());
  }

  @Test
  void handle_routeBlocksWithOneSelector_otherRequestsAreStillServed() throws Exception {
    Blocking blocking = new Blocking();
    Server server = new Server();
    ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory());
    connector.setHost("127.0.0.1");
    connector.setPort(0);
    server.addConnector(connector);
    server.setHandler(Routes.of(features(blocking, new Quick())));
    server.start();
    try {
      URI base = URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/");
      HttpClient client = HttpClient.newHttpClient();
      CompletableFuture<HttpResponse<String>> slow = client.sendAsync(
          HttpRequest.newBuilder(base.resolve("files/x")).build(), HttpResponse.BodyHandlers.ofString());
      assertTrue(blocking.entered.await(10, TimeUnit.SECONDS), "the blocking route was never called");

      // With the route on the only selector thread, this request would wait for the release below.
      HttpResponse<String> quick = client.sendAsync(HttpRequest.newBuilder(base).build(),
          HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);

      assertEquals("ok", quick.body());
      blocking.release.countDown();
      assertEquals("done", slow.get(10, TimeUnit.SECONDS).body());
    } finally {
      blocking.release.countDown();
      server.stop();
    }
  }
}
