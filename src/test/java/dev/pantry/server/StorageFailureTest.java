package dev.pantry.server;

import static dev.pantry.testing.TestMirror.header;
import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metadata store that fails under a running server: every feature answers the same status for it (the one mapping
 * in {@code Errors} and {@code HttpProblems}), in one line, and the server keeps running.
 */
class StorageFailureTest {
  private static final Wheel LISTED = WheelBuilder.build("listed", "1.0", List.of(), null);
  private static final Wheel FRESH = WheelBuilder.build("fresh", "1.0", List.of(), null);

  @TempDir
  Path data;

  private TestMirror mirror;

  @BeforeEach
  void start() throws Exception {
    mirror = TestMirror.on(data).publicIndex().start();
    mirror.upstream.addPublic(LISTED);
    mirror.upstream.addPublic(FRESH);
    assertEquals(200, mirror.get("simple/listed/").statusCode());
    mirror.server().pantry().pages().awaitListing("main", "listed"); // written behind the answer
    mirror.server().pantry().backends().database().close();
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
  }

  private static void assertOneLine507(HttpResponse<byte[]> r) {
    assertEquals(507, r.statusCode(), text(r));
    assertEquals(1, text(r).strip().lines().count(), text(r));
    assertFalse(header(r, "Content-Type").isEmpty());
  }

  @Test
  void simplePage_databaseClosed_is507LikeAdmin() throws Exception {
    assertOneLine507(mirror.get("simple/fresh/"));
  }

  @Test
  void file_databaseClosed_is507() throws Exception {
    assertOneLine507(mirror.get(mirror.filePath("listed", LISTED.filename())));
  }

  @Test
  void healthz_databaseClosed_serverStillAnswers() throws Exception {
    assertEquals(200, mirror.get("healthz").statusCode(), "liveness is not readiness");
  }
}
