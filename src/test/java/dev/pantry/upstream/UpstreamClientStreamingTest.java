package dev.pantry.upstream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.testing.Origin;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.component.LifeCycle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Files stream through as they arrive, byte for byte; the client lives and dies with a Jetty server. */
class UpstreamClientStreamingTest {
  private Origin origin;
  private UpstreamConfig upstream;
  private UpstreamClient client;

  @BeforeEach
  void start() throws Exception {
    origin = Origin.start("test", "127.0.0.1", null);
    upstream = new UpstreamConfig("pypi", origin.url("/simple/"), Credentials.none());
    client = new UpstreamClient(
        new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10)), 1 << 20,
        RetryPolicy.none());
    client.start();
  }

  @AfterEach
  void stop() throws Exception {
    client.stop();
    origin.close();
  }

  @Test
  void openFile_fiveMegabytes_streamedByteForByte() throws Exception {
    byte[] wheel = new byte[5 * 1024 * 1024];
    new Random(42).nextBytes(wheel);
    origin.on("/files/big.whl", (request, response, callback) ->
        Origin.send(response, callback, 200, "application/octet-stream", wheel));

    var fetched = assertInstanceOf(Outcome.Fetched.class, client.openFile(upstream, origin.url("/files/big.whl")));

    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (FileStream file = (FileStream) fetched.body(); InputStream in = file.body()) {
      assertEquals(wheel.length, file.contentLength());
      byte[] buffer = new byte[8192];
      for (int n = in.read(buffer); n != -1; n = in.read(buffer)) {
        sha.update(buffer, 0, n);
      }
    }
    assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(wheel), sha.digest());
    assertEquals("identity", origin.seen().get(0).headers().get("Accept-Encoding"));
  }

  @Test
  void openFile_bodyStillComing_returnsAsHeadersArrive() throws Exception {
    CountDownLatch rest = new CountDownLatch(1);
    origin.on("/files/slow.whl", (request, response, callback) -> {
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        out.write("head".getBytes());
        out.flush();
        rest.await(10, TimeUnit.SECONDS);
        out.write("tail".getBytes());
      }
      callback.succeeded();
    });

    // The server holds back the tail until we have the stream in hand: returning at all proves streaming.
    var fetched = assertInstanceOf(Outcome.Fetched.class, client.openFile(upstream, origin.url("/files/slow.whl")));
    rest.countDown();

    try (FileStream file = (FileStream) fetched.body()) {
      assertEquals(-1, file.contentLength());
      assertEquals("headtail", new String(file.body().readAllBytes()));
    }
  }

  @Test
  void openFile_closedEarly_abortsExchange() throws Exception {
    CountDownLatch failedOnServer = new CountDownLatch(1);
    AtomicBoolean completed = new AtomicBoolean();
    origin.on("/files/endless.whl", (request, response, callback) -> {
      try (OutputStream out = Content.Sink.asOutputStream(response)) {
        byte[] chunk = new byte[64 * 1024];
        for (int i = 0; i < 10_000; i++) { // 640 MB: far more than any buffer between us
          out.write(chunk);
        }
        completed.set(true);
      } catch (Exception e) {
        failedOnServer.countDown();
      }
      callback.succeeded();
    });

    var fetched = assertInstanceOf(Outcome.Fetched.class,
        client.openFile(upstream, origin.url("/files/endless.whl")));
    try (FileStream file = (FileStream) fetched.body()) {
      assertEquals(1024, file.body().readNBytes(1024).length);
    }

    assertTrue(failedOnServer.await(10, TimeUnit.SECONDS), "the server saw the exchange end");
    assertFalse(completed.get());
  }

  @Test
  void addBean_serverLifecycle_startsAndStopsClient() throws Exception {
    UpstreamClient shared = new UpstreamClient(Timeouts.defaults(), 1 << 20, RetryPolicy.defaults());
    Server server = new Server();
    server.addBean(shared);

    server.start();
    boolean startedWithServer = shared.isStarted();
    origin.on("/simple/", Origin.text(200, "ok"));
    Outcome<byte[]> outcome = shared.fetchPage(upstream, origin.url("/simple/"), Outcome.Validators.none(), "");
    server.stop();

    assertTrue(startedWithServer);
    assertInstanceOf(Outcome.Fetched.class, outcome);
    assertTrue(shared.isStopped());
    HttpClient http = shared.getBean(HttpClient.class);
    assertTrue(http.isStopped());
    assertTrue(((LifeCycle) http.getExecutor()).isStopped(), "the client's threads are gone");
  }
}
