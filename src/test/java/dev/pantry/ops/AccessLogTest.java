package dev.pantry.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.OpsSettings;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Http;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccessLogTest {
  private static final Pattern NCSA = Pattern.compile(
      "\\S+ - - \\[\\d{2}/\\w{3}/\\d{4}:\\d{2}:\\d{2}:\\d{2} \\+0000] \"[A-Z]+ \\S+ HTTP/1\\.1\" \\d{3} (\\d+|-)"
          + " \"[^\"]*\" \"[^\"]*\" (HIT|MISS|STALE|REVALIDATED|-) \\d+ms");

  @TempDir
  Path data;

  private FakeUpstream upstream;
  private @Nullable TestMirror server;
  private final Wheel wheel = WheelBuilder.build("logged", "1.0", List.of(), null);

  @BeforeEach
  void startUpstream() {
    upstream = FakeUpstream.start("ci", "secret-token");
    upstream.addPublic(wheel);
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
    upstream.close();
  }

  private URI start(OpsSettings.AccessLogFormat format, Path log) throws Exception {
    PantryConfig base = PantryConfig.of(new UpstreamConfig("main", upstream.publicIndexUrl(), new Credentials.None()),
        data);
    server = TestMirror.of(base.withOps(base.ops().withAccessLog(format, log))).start();
    return server.base();
  }

  /** The log's lines once it has at least {@code n}; Jetty logs a request just after answering it. */
  private static List<String> lines(Path log, int n) throws Exception {
    for (int i = 0; i < 200; i++) {
      if (Files.exists(log)) {
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        if (lines.size() >= n) {
          return lines;
        }
      }
      Thread.sleep(25);
    }
    throw new AssertionError("the access log never reached " + n + " lines");
  }

  @Test
  void ncsa_requests_areCombinedFormatWithCacheStatus() throws Exception {
    Path log = data.resolve("access.log");
    URI base = start(OpsSettings.AccessLogFormat.NCSA, log);
    URI file = base.resolve("files/main/logged/" + wheel.filename());
    Http.get(file, "User-Agent", "pip/24.0");
    Http.get(file, "User-Agent", "pip/24.0");

    List<String> lines = lines(log, 2);
    for (String line : lines) {
      assertTrue(NCSA.matcher(line).matches(), line);
    }
    assertTrue(lines.get(0).contains("\"GET /files/main/logged/" + wheel.filename() + " HTTP/1.1\" 200 "
        + wheel.size() + " \"-\" \"pip/24.0\" MISS "), lines.get(0));
    assertTrue(lines.get(1).contains(" HIT "), lines.get(1));
    assertTrue(lines.get(0).startsWith("127.0.0.1 - - ["), lines.get(0));
  }

  @Test
  void json_requestWithSecrets_logsNoneOfThem() throws Exception {
    Path log = data.resolve("access.json");
    URI base = start(OpsSettings.AccessLogFormat.JSON, log);
    String basic = Base64.getEncoder().encodeToString("alice:hunter2".getBytes(StandardCharsets.UTF_8));
    String status = raw(base, "GET http://alice:hunter2@127.0.0.1:" + base.getPort()
        + "/simple/logged/?X-Amz-Signature=deadbeefcafe&ok=1 HTTP/1.1\r\n"
        + "Host: 127.0.0.1\r\nAuthorization: Basic " + basic + "\r\n"
        + "Referer: https://bob:pa55@example.com/?token=t0k3n\r\nConnection: close\r\n\r\n");
    String line = lines(log, 1).get(0);

    assertTrue(line.startsWith("{\"time\":"), line);
    assertTrue(line.contains("\"status\":" + status), line);
    assertTrue(line.contains("\"query\":\"X-Amz-Signature=REDACTED&ok=1\""), line);
    assertTrue(line.contains("\"referer\":\"https://example.com/?token=REDACTED\""), line);
    assertTrue(line.contains("\"duration_ms\":"), line);
    for (String secret : List.of("hunter2", "alice", basic, "deadbeefcafe", "pa55", "bob", "t0k3n")) {
      assertFalse(line.contains(secret), secret + " leaked: " + line);
    }
  }

  @Test
  void off_writesNoLog() throws Exception {
    Path log = data.resolve("none.log");
    URI base = start(OpsSettings.AccessLogFormat.OFF, log);
    assertEquals(200, Http.get(base.resolve("healthz")).statusCode());
    assertFalse(Files.exists(log));
  }

  @Test
  void noPath_linesGoToStandardOutput_inBatchesBehindTheRequests() throws Exception {
    PrintStream original = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      PantryConfig base = PantryConfig.of(new UpstreamConfig("main", upstream.publicIndexUrl(),
          new Credentials.None()), data);
      server = TestMirror.of(base.withOps(base.ops().withAccessLog(OpsSettings.AccessLogFormat.NCSA, null))).start();
      for (int i = 0; i < 20; i++) {
        Http.get(server.base().resolve("simple/logged/?n=" + i));
      }
      server.close();
      server = null;
    } finally {
      System.setOut(original);
    }
    List<String> lines = captured.toString(StandardCharsets.UTF_8).lines()
        .filter(l -> l.contains("GET /simple/logged/?n=")).toList();
    assertEquals(20, lines.size(), captured.toString(StandardCharsets.UTF_8));
    for (String line : lines) {
      assertTrue(NCSA.matcher(line).matches(), line);
    }
  }

  @Test
  void manyRequestsAtOnce_thenStop_everyLineWritten() throws Exception {
    Path log = data.resolve("burst.log");
    URI base = start(OpsSettings.AccessLogFormat.NCSA, log);
    int clients = 8;
    int each = 250;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int c = 0; c < clients; c++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < each; i++) {
            Http.get(base.resolve("healthz"));
            Http.get(base.resolve("simple/logged/"));
          }
          return null;
        }));
      }
      for (Future<?> f : done) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    server.close(); // stopping writes out whatever is still queued
    server = null;

    long pages = Files.readAllLines(log, StandardCharsets.UTF_8).stream()
        .filter(l -> l.contains("GET /simple/logged/ ")).count();
    assertEquals(clients * each, pages);
  }

  /** Sends a raw request and returns the status code of the answer. */
  private static String raw(URI base, String request) throws IOException {
    try (Socket s = new Socket(base.getHost(), base.getPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(request.getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      InputStream in = s.getInputStream();
      String head = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      return head.substring(9, 12);
    }
  }
}
