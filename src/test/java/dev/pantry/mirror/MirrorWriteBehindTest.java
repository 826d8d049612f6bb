package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.PIP_ACCEPT;
import static dev.pantry.testing.TestMirror.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A fresh page is served from its rendering while its listing and bundle are written behind the response; a file
 * request that follows at once waits for the listing, and the page gains its compressed variants once written.
 */
class MirrorWriteBehindTest {
  private static final int PHANTOMS = 5_000;

  @TempDir
  Path data;

  TestMirror mirror;
  final Wheel wheel = WheelBuilder.build("crowded", "1.0", List.of(), null);

  @BeforeEach
  void start() throws Exception {
    mirror = TestMirror.on(data).start();
    mirror.upstream.addPrivate(wheel);
    StringBuilder page = new StringBuilder("<!DOCTYPE html><html><body>\n");
    for (int i = 0; i < PHANTOMS; i++) {
      page.append("<a href=\"../../files/").append(String.format("%064x", i)).append("/crowded-0.").append(i)
          .append(".tar.gz#sha256=")
          .append(String.format("%064x", i)).append("\">crowded-0.").append(i).append(".tar.gz</a>\n");
    }
    page.append("<a href=\"../../files/").append(wheel.sha256()).append('/').append(wheel.filename())
        .append("#sha256=").append(wheel.sha256())
        .append("\">").append(wheel.filename()).append("</a>\n</body></html>\n");
    mirror.upstream.setRegistryPageBody("crowded", "text/html", page.toString());
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
  }

  @Test
  void coldPage_thenFilesAtOnce_eachWaitsForTheListingAndGetsTheVerifiedFile() throws Exception {
    HttpResponse<byte[]> page = mirror.get("simple/crowded/", "Accept", PIP_ACCEPT, "Accept-Encoding", "gzip");
    assertEquals(200, page.statusCode());
    assertEquals("MISS", header(page, "X-Pantry-Cache"));
    assertTrue(TestMirror.text(page).contains(wheel.filename()));

    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<HttpResponse<byte[]>>> downloads = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        downloads.add(pool.submit(() -> mirror.get("files/main/crowded/" + wheel.filename())));
      }
      for (Future<HttpResponse<byte[]>> d : downloads) {
        HttpResponse<byte[]> r = d.get(60, TimeUnit.SECONDS);
        assertEquals(200, r.statusCode(), TestMirror.text(r));
        assertArrayEquals(wheel.bytes(), r.body());
      }
    } finally {
      pool.shutdownNow();
    }
    assertEquals(1, mirror.upstream.count("registry", "/" + wheel.filename()), "one download for eight clients");
    assertEquals(1, mirror.upstream.count("registry", "/simple/crowded/"), "the page was fetched once");
  }

  @Test
  void coldPage_onceWritten_isServedCompressedWithTheSameBytes() throws Exception {
    byte[] plain = mirror.get("simple/crowded/", "Accept", PIP_ACCEPT).body();

    HttpResponse<byte[]> compressed = null;
    for (int i = 0; i < 200; i++) {
      compressed = mirror.get("simple/crowded/", "Accept", PIP_ACCEPT, "Accept-Encoding", "gzip");
      if (header(compressed, "Content-Encoding").equals("gzip")) {
        break;
      }
      Thread.sleep(50);
    }

    assertEquals("gzip", header(compressed, "Content-Encoding"), "the bundle was written within 10 s");
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(compressed.body()))) {
      assertArrayEquals(plain, in.readAllBytes());
    }
    assertEquals(1, mirror.upstream.count("registry", "/simple/crowded/"));
  }
}
