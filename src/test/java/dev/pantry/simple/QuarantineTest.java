package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.TestClock;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PEP 792 quarantine that arrives after a file was cached: no files offered, the cached one refused, until lifted. */
final class QuarantineTest {
  static final Wheel WHEEL = WheelBuilder.build("risky-lib", "1.0", List.of(), null);
  static final String QUARANTINED = "{\"meta\":{\"api-version\":\"1.4\"},\"name\":\"risky-lib\",\"files\":[],"
      + "\"project-status\":{\"status\":\"quarantined\",\"reason\":\"reported as malware\"}}";

  @TempDir Path data;
  private final TestClock clock = new TestClock();
  private TestMirror mirror;

  @BeforeEach
  void start() throws Exception {
    mirror = TestMirror.on(data).publicIndex().clock(clock).start();
    mirror.upstream.addPublic(WHEEL);
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
  }

  private void quarantineUpstream() {
    mirror.upstream.setPageBody("risky-lib", "application/vnd.pypi.simple.v1+json", QUARANTINED);
    clock.advance(mirror.config().pageTtl().plus(Duration.ofSeconds(1)));
  }

  @Test
  void quarantine_afterAFileWasCached_pagesOfferNothing_andTheCachedFileIs403SayingWhy() throws Exception {
    mirror.download(WHEEL);
    quarantineUpstream();

    String json = mirror.getText("simple/risky-lib/", "Accept", "application/vnd.pypi.simple.v1+json").body();
    String html = mirror.getText("simple/risky-lib/", "Accept", "text/html").body();
    HttpResponse<byte[]> file = mirror.get(mirror.filePath(WHEEL));

    assertTrue(json.contains("\"project-status\":{\"status\":\"quarantined\",\"reason\":\"reported as malware\"}"),
        json);
    assertTrue(json.contains("\"files\":[]"), json);
    assertTrue(json.contains("\"api-version\":\"1.4\""), json);
    assertTrue(html.contains("<meta name=\"pypi:project-status\" content=\"quarantined\">"), html);
    assertFalse(html.contains(WHEEL.filename()), html);
    assertEquals(403, file.statusCode());
    assertTrue(TestMirror.text(file).contains("quarantined by upstream main"), TestMirror.text(file));
  }

  @Test
  void quarantine_survivesARestart_andLifting_itServesTheCachedFileAgain() throws Exception {
    mirror.download(WHEEL);
    quarantineUpstream();
    mirror.get("simple/risky-lib/");
    mirror.restart();
    assertEquals(403, mirror.get(mirror.filePath(WHEEL)).statusCode(), "the quarantine was recorded");

    mirror.upstream.clearPageBody("risky-lib");
    clock.advance(mirror.config().pageTtl().plus(Duration.ofSeconds(1)));
    assertTrue(mirror.getText("simple/risky-lib/").body().contains(WHEEL.filename()));
    HttpResponse<byte[]> file = mirror.get(mirror.filePath(WHEEL));

    assertEquals(200, file.statusCode(), TestMirror.text(file));
    assertEquals("HIT", TestMirror.header(file, "X-Pantry-Cache"), "the copy was kept, only withheld");
  }
}
