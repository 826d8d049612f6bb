package dev.pantry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.Http;
import dev.pantry.testing.SlowOrigin;
import dev.pantry.testing.StoreCheck;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar as a process: SIGTERM ({@link Process#destroy()}) during a download, and SIGHUP for a live reload.
 * Whatever happens to the download, the data directory holds no partial blob and the next start is clean.
 */
class GracefulShutdownIT {
  private static final Pattern LISTENING = Pattern.compile("Pantry listening on (http://\\S+/)simple/");

  @TempDir
  Path dir;

  private final List<Process> processes = new ArrayList<>();
  private SlowOrigin origin;

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      p.destroyForcibly();
      p.waitFor(30, TimeUnit.SECONDS);
    }
    if (origin != null) {
      origin.close();
    }
  }

  private Path config(String... extra) throws IOException {
    Path file = dir.resolve("pantry.properties");
    List<String> lines = new ArrayList<>(List.of(
        "listen = 127.0.0.1:0",
        "data = " + dir.resolve("data"),
        "upstream.main.url = " + origin.indexUrl(),
        "access-log = off"));
    lines.addAll(List.of(extra));
    Files.writeString(file, String.join("\n", lines) + "\n");
    return file;
  }

  /** Starts {@code pantry serve --config FILE} and returns its base URI once it listens. */
  private URI serve(Path config, String name) throws Exception {
    String jar = System.getProperty("pantry.jar");
    assertTrue(jar != null && Files.isRegularFile(Path.of(jar)), "pantry.jar not built: " + jar);
    Path out = dir.resolve(name + ".log");
    Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", jar,
        "serve", "--config", config.toString())
        .redirectErrorStream(true)
        .redirectOutput(out.toFile())
        .start();
    processes.add(p);
    for (int i = 0; i < 600; i++) {
      Matcher m = LISTENING.matcher(Files.exists(out) ? Files.readString(out) : "");
      if (m.find()) {
        return URI.create(m.group(1));
      }
      assertTrue(p.isAlive(), "pantry exited: " + Files.readString(out));
      Thread.sleep(50);
    }
    throw new AssertionError("pantry never listened: " + Files.readString(out));
  }

  private Process last() {
    return processes.get(processes.size() - 1);
  }

  private static InputStream open(URI uri) throws Exception {
    HttpResponse<InputStream> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    assertEquals(200, r.statusCode());
    assertEquals("MISS", r.headers().firstValue("X-Pantry-Cache").orElseThrow());
    return r.body();
  }

  /** Reads to the end; an abort mid-body shows as a short result. */
  private static byte[] readRest(InputStream in, byte[] first) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(first);
    byte[] buf = new byte[64 * 1024];
    try (in) {
      for (int n; (n = in.read(buf)) >= 0; ) {
        all.write(buf, 0, n);
      }
    } catch (IOException e) {
      // A clean abort: the client knows the body is incomplete.
    }
    return all.toByteArray();
  }

  private void assertNoPartialEntries() throws Exception {
    assertEquals(List.of(), StoreCheck.badBlobs(dir.resolve("data")), "a blob whose bytes do not match its name");
  }

  @Test
  void sigterm_duringDownload_downloadFinishesAndIsCached() throws Exception {
    origin = new SlowOrigin(24, 64 * 1024, 100);
    URI base = serve(config("shutdown.timeout = 60s"), "first");
    URI file = base.resolve("files/main/slow/" + SlowOrigin.FILENAME);
    InputStream body = open(file);
    byte[] first = body.readNBytes(64 * 1024);

    last().destroy();
    byte[] got = readRest(body, first);
    assertTrue(last().waitFor(90, TimeUnit.SECONDS), "pantry did not stop");

    assertArrayEquals(origin.file(), got, "the in-flight download was cut short");
    assertNoPartialEntries();
    assertEquals(List.of(), StoreCheck.tempFiles(dir.resolve("data")));
    assertTrue(StoreCheck.has(dir.resolve("data"), origin.sha256()));

    URI again = serve(config(), "second");
    HttpResponse<byte[]> hit = Http.get(again.resolve("files/main/slow/" + SlowOrigin.FILENAME));
    assertEquals("HIT", hit.headers().firstValue("X-Pantry-Cache").orElseThrow());
    assertArrayEquals(origin.file(), hit.body());
    assertEquals(200, Http.get(again.resolve("readyz")).statusCode());
  }

  @Test
  void sigterm_downloadOutlastingTheDeadline_abortsCleanlyAndRestartsClean() throws Exception {
    origin = new SlowOrigin(80, 32 * 1024, 100);
    URI base = serve(config("shutdown.timeout = 1s"), "first");
    URI file = base.resolve("files/main/slow/" + SlowOrigin.FILENAME);
    InputStream body = open(file);
    byte[] first = body.readNBytes(32 * 1024);

    last().destroy();
    byte[] got = readRest(body, first);
    assertTrue(last().waitFor(90, TimeUnit.SECONDS), "pantry did not stop");

    assertTrue(got.length < origin.file().length,
        "the download cannot have finished in the deadline: " + Files.readString(dir.resolve("first.log")));
    assertNoPartialEntries();
    assertFalse(StoreCheck.has(dir.resolve("data"), origin.sha256()));

    URI again = serve(config(), "second");
    assertEquals(List.of(), StoreCheck.tempFiles(dir.resolve("data")), "the restart sweeps unfinished downloads");
    HttpResponse<byte[]> fresh = Http.get(again.resolve("files/main/slow/" + SlowOrigin.FILENAME));
    assertEquals(200, fresh.statusCode());
    assertArrayEquals(origin.file(), fresh.body());
  }

  @Test
  void sighup_changedConfigFile_isAppliedLive() throws Exception {
    origin = new SlowOrigin(1, 1024, 0);
    Path config = config();
    URI base = serve(config, "first");
    URI page = base.resolve("simple/slow/");
    for (int i = 0; i < 3; i++) {
      assertEquals(200, Http.get(page).statusCode());
    }
    config("rate-limit.rate = 0.001", "rate-limit.burst = 1");
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(last().pid())).inheritIO().start();
    assertEquals(0, kill.waitFor());

    int status = 200;
    for (int i = 0; i < 200 && status != 429; i++) {
      status = Http.get(page).statusCode();
      Thread.sleep(25);
    }
    assertEquals(429, status, "the reloaded rate limit never took effect");
    assertTrue(last().isAlive(), "SIGHUP must not stop the server");
    // The limit is in force a moment before the reload is logged.
    String log = "";
    for (int i = 0; i < 200 && !log.contains("config reloaded (SIGHUP)"); i++) {
      Thread.sleep(25);
      log = Files.readString(dir.resolve("first.log"), StandardCharsets.UTF_8);
    }
    assertTrue(log.contains("config reloaded (SIGHUP): operations settings changed"), log);
  }
}
