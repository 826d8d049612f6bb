package dev.pantry.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A raw socket server that promises 1000 bytes (Content-Length), sends 10, then closes the connection: what an
 * upstream dying mid-body looks like on the wire.
 */
public final class BrokenServer implements AutoCloseable {
  private static final int MAX_CONNECTIONS = 50;
  private final ServerSocket socket;
  private final Thread acceptor;
  public final AtomicInteger connections = new AtomicInteger();

  public BrokenServer() throws IOException {
    socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::serve, "broken-server");
    acceptor.setDaemon(true);
    acceptor.start();
  }

  public URI url(String path) {
    return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
  }

  private void serve() {
    for (int i = 0; i < MAX_CONNECTIONS && !socket.isClosed(); i++) {
      try (Socket client = socket.accept()) {
        connections.incrementAndGet();
        readHeaders(client.getInputStream());
        OutputStream out = client.getOutputStream();
        out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 1000\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
        out.write("0123456789".getBytes(StandardCharsets.US_ASCII));
        out.flush();
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  /** Reads to the blank line ending the request head (bounded by 64 KB). */
  private static void readHeaders(InputStream in) throws IOException {
    int matched = 0;
    for (int i = 0; i < 65536 && matched < 4; i++) {
      int c = in.read();
      if (c == -1) {
        return;
      }
      matched = (c == '\r' && matched % 2 == 0) || (c == '\n' && matched % 2 == 1) ? matched + 1 : 0;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
    try {
      acceptor.join(5000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
