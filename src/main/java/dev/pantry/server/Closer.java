package dev.pantry.server;

import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.util.component.AbstractLifeCycle;

/**
 * A bean that closes a resource when the server stops, once. Added to the server first, it stops last: after the
 * graceful phase and the handlers, so requests finishing during the stop can still use it. Closing inside the
 * server's lifecycle matters on SIGTERM, where the JVM exits as soon as its shutdown hooks (Jetty's among them) end.
 */
final class Closer extends AbstractLifeCycle {
  private final AutoCloseable resource;
  private final AtomicBoolean closed = new AtomicBoolean();

  Closer(AutoCloseable resource) {
    this.resource = resource;
  }

  @Override
  protected void doStop() throws Exception {
    if (closed.compareAndSet(false, true)) {
      resource.close();
    }
  }
}
