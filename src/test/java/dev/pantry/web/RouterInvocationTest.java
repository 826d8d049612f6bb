package dev.pantry.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.Invocable.InvocationType;
import org.junit.jupiter.api.Test;

class RouterInvocationTest {
  private static final class Blocking extends Handler.Abstract {
    @Override
    public boolean handle(Request request, Response response, Callback callback) {
      callback.succeeded();
      return true;
    }
  }

  @Test
  void invocationType_blockingRouteBehindNonBlockingFallback_isBlocking() {
    Router router = new Router(List.of(new Router.Route("/files/", new Blocking())), new HomeHandler());
    // Otherwise Jetty runs the route on a selector thread, where a download stalls every other connection.
    assertEquals(InvocationType.BLOCKING, router.getInvocationType());
  }

  @Test
  void invocationType_onlyNonBlockingHandlers_staysNonBlocking() {
    Router router = new Router(List.of(new Router.Route("/", new HomeHandler())), new HomeHandler());
    assertEquals(InvocationType.NON_BLOCKING, router.getInvocationType());
  }
}
