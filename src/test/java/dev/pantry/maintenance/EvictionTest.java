package dev.pantry.maintenance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.CacheSettings;
import dev.pantry.testing.GatedIndex;
import dev.pantry.testing.TestClock;
import dev.pantry.testing.TestMirror;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The size cap on a running mirror: least recently used files go, never one being served. */
class EvictionTest {
  private static final int SMALL = 10_000;
  @TempDir Path data;
  private GatedIndex origin;
  private final TestClock clock = new TestClock();
  private TestMirror mirror;

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    origin.close();
  }

  private void start(long cap) throws Exception {
    mirror = TestMirror.of(TestMirror.plainConfig(origin.indexUrl(), data)
        .withCache(new CacheSettings(cap, Duration.ZERO, false))).clock(clock).start();
    assertEquals(200, mirror.get("/simple/lru/").statusCode());
  }

  private void fetch(GatedIndex.File f) throws Exception {
    var r = mirror.get(mirror.filePath("lru", f.filename()));
    assertEquals(200, r.statusCode());
    assertArrayEquals(f.bytes(), r.body());
    clock.advance(Duration.ofSeconds(1)); // distinct access times
  }

  /** Waits (bounded) for the evictor, which runs on its own thread after each stored download. */
  private void awaitGone(GatedIndex.File f) throws Exception {
    for (int i = 0; i < 300 && mirror.hasBlob(f.sha256()); i++) {
      Thread.sleep(50);
    }
    assertFalse(mirror.hasBlob(f.sha256()), f.filename() + " should have been evicted");
  }

  @Test
  void capFitsTwoOfThree_leastRecentlyUsedEvicted_recentHitKept() throws Exception {
    origin = GatedIndex.start();
    GatedIndex.File a = origin.add("lru", "lru_a-1.0-py3-none-any.whl", SMALL, 1);
    GatedIndex.File b = origin.add("lru", "lru_b-1.0-py3-none-any.whl", SMALL, 2);
    GatedIndex.File c = origin.add("lru", "lru_c-1.0-py3-none-any.whl", SMALL, 3);
    start(2L * SMALL + 100);

    fetch(a);
    fetch(b);
    fetch(a); // a hit: only in the access recorder until the evictor flushes it
    fetch(c);

    awaitGone(b);
    assertTrue(mirror.hasBlob(a.sha256()));
    assertTrue(mirror.hasBlob(c.sha256()));
    var again = mirror.get(mirror.filePath("lru", b.filename()));
    assertEquals("MISS", again.headers().firstValue("X-Pantry-Cache").orElse(""));
    assertArrayEquals(b.bytes(), again.body());
  }

  @Test
  void leastRecentlyUsedFileBeingServed_notEvicted_nextOneGoesInstead() throws Exception {
    origin = GatedIndex.start();
    GatedIndex.File big = origin.add("lru", "lru_big-1.0-py3-none-any.whl", 16 << 20, 4);
    GatedIndex.File b = origin.add("lru", "lru_b-1.0-py3-none-any.whl", SMALL, 5);
    GatedIndex.File c = origin.add("lru", "lru_c-1.0-py3-none-any.whl", SMALL, 6);
    start((16L << 20) + SMALL + 100);
    fetch(big);

    // A slow client: a tiny receive window keeps the server mid-response, holding the file in use.
    try (Socket slow = new Socket()) {
      slow.setReceiveBufferSize(8 * 1024);
      slow.connect(new InetSocketAddress(mirror.base().getHost(), mirror.base().getPort()));
      slow.setSoTimeout(60_000);
      OutputStream out = slow.getOutputStream();
      out.write(("GET " + mirror.filePath("lru", big.filename()) + " HTTP/1.1\r\nHost: pantry\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = slow.getInputStream();
      String head = headers(in);
      assertTrue(head.startsWith("HTTP/1.1 200"), head);
      assertTrue(head.toLowerCase(Locale.ROOT).contains("x-pantry-cache: hit"), head);
      clock.advance(Duration.ofSeconds(1));

      fetch(b);
      fetch(c); // now over the cap: big is least recently used, but in use

      awaitGone(b);
      assertTrue(mirror.hasBlob(big.sha256()));
      assertTrue(mirror.hasBlob(c.sha256()));
      assertArrayEquals(big.bytes(), in.readNBytes(big.bytes().length));
    }
  }

  /** Reads a response's status line and headers, up to the blank line. */
  private static String headers(InputStream in) throws Exception {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        break;
      }
      head.write(b);
      matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
          ? matched + 1 : 0;
    }
    return head.toString(StandardCharsets.US_ASCII);
  }
}
