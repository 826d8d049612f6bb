package dev.pantry.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pantry.testing.GatedIndex;
import dev.pantry.testing.PantryProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13's first finding, as it was reproduced: files cached through their {@code /files/} URLs, a pause of more
 * than H2's 45 s chunk retention, large index pages being written, {@code kill -9}; then a start, a graceful stop and
 * one more start. H2 2.5 recovered such a file once and was corrupt on the open after (every row gone, and the old
 * reconciler then deleted the blobs as strays). Now the file is rebuilt from its rows right after the crash, and
 * whatever is acknowledged survives both restarts.
 */
class CrashRestartIT {
  private static final int PAGES = 8;
  private static final int LINKS = 20_000;

  @TempDir Path dir;
  private Path jar;
  private Path data;
  private GatedIndex origin;
  private PantryProcess pantry;
  private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeEach
  void setUp() {
    String jarProperty = System.getProperty("pantry.jar");
    assumeTrue(jarProperty != null && Files.isRegularFile(Path.of(jarProperty)), "needs -Dpantry.jar (failsafe)");
    jar = Path.of(jarProperty);
    data = dir.resolve("data");
    origin = GatedIndex.start();
  }

  @AfterEach
  void tearDown() throws Exception {
    if (pantry != null) {
      pantry.close();
    }
    origin.close();
  }

  private PantryProcess start() throws Exception {
    return PantryProcess.start(List.of("-Xmx512m"), jar, data, origin.indexUrl(), dir.resolve("pantry.log"));
  }

  private HttpResponse<byte[]> get(String path) throws Exception {
    return http.send(HttpRequest.newBuilder(pantry.base.resolve(path)).timeout(Duration.ofSeconds(120)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String cache(HttpResponse<?> r) {
    return r.headers().firstValue("X-Pantry-Cache").orElse("");
  }

  @Test
  void killDuringLargePageWrites_thenCleanRestart_keepsEveryAcknowledgedFileAndPage() throws Exception {
    List<GatedIndex.File> files = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      files.add(origin.add("keep-" + i, "keep_" + i + "-1.0-py3-none-any.whl", 20_000 + i, 40 + i));
    }
    for (int i = 0; i < PAGES; i++) {
      origin.addListed("huge-" + i, LINKS);
    }
    pantry = start();
    for (GatedIndex.File f : files) {
      HttpResponse<byte[]> r = get("files/main/" + f.project() + "/" + f.filename());
      assertEquals(200, r.statusCode());
      assertEquals("MISS", cache(r), "the mirror fetched the page itself, then the file");
    }
    Thread.sleep(55_000); // past H2's RETENTION_TIME (45 s): the reproduction never failed under 20 s

    List<CompletableFuture<HttpResponse<byte[]>>> pages = new ArrayList<>();
    for (int i = 0; i < PAGES; i++) {
      pages.add(http.sendAsync(HttpRequest.newBuilder(pantry.base.resolve("simple/huge-" + i + "/"))
          .timeout(Duration.ofSeconds(120)).build(), HttpResponse.BodyHandlers.ofByteArray()));
    }
    // A page is answered from its fresh rendering and written behind the answer; it is acknowledged as stored once
    // it is served gzip-compressed, which only its written bundle is. Kill once one page is, while the others are
    // still being written. A page the mirror's memory budget refuses (503) does not count: it acknowledged nothing.
    List<String> acknowledged = new ArrayList<>();
    for (int i = 0; i < 2_400 && acknowledged.isEmpty(); i++) {
      for (int p = 0; p < PAGES; p++) {
        if (answered(pages.get(p)) && stored("simple/huge-" + p + "/")) {
          acknowledged.add("simple/huge-" + p + "/");
        }
      }
      Thread.sleep(50);
    }
    pantry.kill();
    assertFalse(acknowledged.isEmpty(), () -> "no page was stored before the kill: " + pages.stream()
        .map(p -> p.isDone() ? p.isCompletedExceptionally() ? "failed" : "" + p.join().statusCode() : "waiting")
        .toList());

    pantry = start();
    assertServedFromCache(files);
    pantry.stop();
    int pageGets = origin.pageGets();
    pantry = start();

    assertServedFromCache(files);
    for (String page : acknowledged) {
      HttpResponse<byte[]> r = get(page);
      assertEquals(200, r.statusCode(), page);
      // It failed once in nine runs and never with a log kept: say what the three processes logged.
      assertEquals("HIT", cache(r), () -> page + " was acknowledged before the kill; warnings and errors logged:\n"
          + warnings());
    }
    assertEquals(pageGets, origin.pageGets(), "no acknowledged page was fetched again");
    String log = pantry.logText();
    assertTrue(log.contains("the metadata database was not closed cleanly"), "the crash was noticed");
    assertFalse(log.contains("was corrupt"), log.lines().filter(l -> l.contains("corrupt")).toList().toString());
  }

  /** The log lines of every start so far that are warnings or errors, at most 60. */
  private String warnings() {
    try {
      return String.join("\n", pantry.logText().lines()
          .filter(l -> l.contains("WARN") || l.contains("ERROR") || l.contains("corrupt") || l.contains("recover"))
          .limit(60).toList());
    } catch (IOException e) {
      return "(log unreadable: " + e + ")";
    }
  }

  /** Whether the page is served compressed now: its bundle and row are written. */
  private boolean stored(String page) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(pantry.base.resolve(page)).header("Accept-Encoding",
        "gzip").timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
    return r.statusCode() == 200 && "gzip".equals(r.headers().firstValue("Content-Encoding").orElse(""));
  }

  private static boolean answered(CompletableFuture<HttpResponse<byte[]>> page) {
    return page.isDone() && !page.isCompletedExceptionally() && page.join().statusCode() == 200;
  }

  private void assertServedFromCache(List<GatedIndex.File> files) throws Exception {
    for (GatedIndex.File f : files) {
      HttpResponse<byte[]> r = get("files/main/" + f.project() + "/" + f.filename());
      assertEquals(200, r.statusCode());
      assertEquals("HIT", cache(r), f.filename() + " is still cached");
      assertArrayEquals(f.bytes(), r.body());
    }
    for (GatedIndex.File f : files) {
      assertEquals(1, origin.fileGets(f.filename()), f.filename() + " was downloaded once, ever");
    }
  }
}
