package dev.pantry.upstream;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Map;
import org.eclipse.jetty.client.Connection;
import org.eclipse.jetty.client.Destination;
import org.eclipse.jetty.client.transport.HttpClientTransportOverHTTP;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.Promise;

/**
 * HTTP/1.1 to upstreams, with {@link AddressGuard} asked before every connection, on the resolved address about to be
 * used. A refused address fails that attempt (Jetty then tries the host's next address); when every address is
 * refused, the request fails with {@link RefusedAddress}.
 */
final class GuardedTransport extends HttpClientTransportOverHTTP {
  private final AddressGuard guard;

  GuardedTransport(ClientConnector connector, AddressGuard guard) {
    super(connector);
    this.guard = guard;
  }

  @Override
  public void connect(SocketAddress address, Map<String, Object> context) {
    Object d = context.get(Destination.CONTEXT_KEY);
    Object tag = d instanceof Destination destination ? destination.getOrigin().getTag() : null;
    if (address instanceof InetSocketAddress inet && inet.getAddress() != null) {
      // Every request carries its upstream's tag; one without is refused anything but a public address.
      UpstreamTag upstream = tag instanceof UpstreamTag t ? t : new UpstreamTag("(none)", "");
      String refusal = guard.refusal(upstream, inet.getAddress());
      if (refusal != null) {
        @SuppressWarnings("unchecked")
        Promise<Connection> promise = (Promise<Connection>) context.get(Connection.PROMISE_CONTEXT_KEY);
        if (promise != null) {
          promise.failed(new RefusedAddress(refusal));
          return;
        }
      }
    }
    super.connect(address, context);
  }

  /** The mirror would not connect to the address: the failure a refused request ends with. */
  static final class RefusedAddress extends ConnectException {
    RefusedAddress(String message) {
      super(message);
    }
  }
}
