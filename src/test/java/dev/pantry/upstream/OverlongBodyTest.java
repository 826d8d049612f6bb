package dev.pantry.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.pantry.config.Credentials;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An upstream that sends more body than its Content-Length says, on a keep-alive connection (issue 13, connections):
 * the surplus must not be read as the start of the next response. A raw socket server, since no HTTP server library
 * would send such a thing.
 */
class OverlongBodyTest {
  private ServerSocket server;
  private Thread acceptor;
  private final AtomicInteger connections = new AtomicInteger();
  private UpstreamClient client;
  private UpstreamConfig upstream;

  @BeforeEach
  void start() throws Exception {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    acceptor = new Thread(this::accept, "overlong-upstream");
    acceptor.setDaemon(true);
    acceptor.start();
    URI base = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/simple/");
    upstream = new UpstreamConfig("raw", base, Credentials.none());
    client = new UpstreamClient(new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)),
        1 << 20, RetryPolicy.none());
    client.start();
  }

  @AfterEach
  void stop() throws Exception {
    client.stop();
    server.close();
  }

  private void accept() {
    try {
      while (true) {
        Socket s = server.accept();
        connections.incrementAndGet();
        Thread t = new Thread(() -> serve(s));
        t.setDaemon(true);
        t.start();
      }
    } catch (IOException e) {
      // closed by the test
    }
  }

  /** Keep-alive HTTP/1.1: {@code /long} says 5 bytes and sends 16; everything else is a correct 2-byte answer. */
  private static void serve(Socket s) {
    try (s; BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(),
        StandardCharsets.ISO_8859_1))) {
      OutputStream out = s.getOutputStream();
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        String path = line.split(" ")[1];
        for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
          // headers ignored
        }
        if (path.endsWith("/long.whl")) {
          // The declared body, then (a moment later, in a packet of its own) bytes no one asked for.
          out.write("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello".getBytes(StandardCharsets.ISO_8859_1));
          out.flush();
          sleepQuietly();
          out.write("EXTRA-BYTES!".getBytes(StandardCharsets.ISO_8859_1));
        } else {
          out.write("HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 2\r\n\r\nok"
              .getBytes(StandardCharsets.ISO_8859_1));
        }
        out.flush();
      }
    } catch (IOException e) {
      // the client closed the connection
    }
  }

  private static void sleepQuietly() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void openFile_bodyLongerThanItsLength_theNextExchangeIsNotCorrupted() throws Exception {
    for (int i = 0; i < 5; i++) {
      Outcome<FileStream> file = client.openFile(upstream, upstream.indexUrl().resolve("../long.whl"));
      try (InputStream body = assertInstanceOf(Outcome.Fetched.class, file).body() instanceof FileStream fs
          ? fs.body() : InputStream.nullInputStream()) {
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), body.readAllBytes());
      }

      Outcome<byte[]> page = client.fetchPage(upstream, upstream.indexUrl().resolve("x/"), Outcome.Validators.none(),
          "text/html");

      assertEquals("ok", new String(assertInstanceOf(Outcome.Fetched.class, page).body() instanceof byte[] b ? b
          : new byte[0], StandardCharsets.US_ASCII), "exchange " + i);
    }
  }
}
