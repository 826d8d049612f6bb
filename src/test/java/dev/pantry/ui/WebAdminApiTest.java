package dev.pantry.ui;

import static dev.pantry.testing.JsonTree.at;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.metadata.FileRecord;
import dev.pantry.testing.JsonTree;
import dev.pantry.testing.TestMirror;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The admin endpoints on a mirror that has an admin token: refused without it, working with it. */
class WebAdminApiTest {
  static final String ADMIN = "adm1n-t0ken-for-tests";

  @TempDir Path data;
  TestMirror mirror;

  @BeforeEach
  void start() throws Exception {
    mirror = UiCatalog.populate(UiCatalog.start(data, ADMIN));
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
  }

  @Test
  void admin_withoutOrWithAWrongToken_answers401AndChangesNothing() throws Exception {
    for (String[] headers : List.of(new String[0], new String[] {"Authorization", "Bearer wrong"},
        new String[] {"Authorization", "Bearer " + ADMIN + "x"}, new String[] {"Authorization", "Basic " + ADMIN})) {
      HttpResponse<String> delete = mirror.sendText("DELETE", "api/projects/alpha/files", headers);
      assertEquals(401, delete.statusCode());
      assertEquals("Bearer realm=\"pantry\"", delete.headers().firstValue("WWW-Authenticate").orElse(""));
      assertFalse(delete.body().contains(ADMIN), "the token is never echoed");
      assertEquals(401, mirror.sendText("POST", "api/projects/alpha/refresh", headers).statusCode());
    }
    assertEquals(2L, (Long) at(mirror.json("api/projects/alpha"), "cachedFiles"));
    assertEquals(true, at(mirror.json("api/overview"), "admin"));
  }

  @Test
  void admin_wrongMethod_answers405() throws Exception {
    assertEquals(405, mirror.sendText("GET", "api/projects/alpha/refresh", auth()).statusCode());
    assertEquals(405, mirror.sendText("POST", "api/projects/alpha/files", auth()).statusCode());
  }

  @Test
  void removeFiles_withTheToken_uncachesRowsAndDeletesBlobs() throws Exception {
    List<String> blobs = mirror.server().queries().files("alpha").stream().filter(FileRecord::cached)
        .map(FileRecord::cachedSha256).toList();
    assertEquals(2, blobs.size());
    blobs.forEach(sha -> assertTrue(mirror.hasBlob(sha), sha));

    HttpResponse<String> r = mirror.sendText("DELETE", "api/projects/Alpha/files", auth());
    assertEquals(200, r.statusCode(), r.body());
    Object o = JsonTree.parse(r.body());
    assertEquals(2L, (Long) at(o, "files"));
    assertEquals(0L, (Long) at(o, "inUse"));
    assertEquals((long) (UiCatalog.ALPHA_1.size() + UiCatalog.ALPHA_2.size()), (Long) at(o, "bytesFreed"));
    blobs.forEach(sha -> assertFalse(mirror.hasBlob(sha), sha));
    assertTrue(mirror.server().queries().files("alpha").stream().noneMatch(FileRecord::cached));
    assertEquals(0L, (Long) at(mirror.json("api/projects/alpha"), "cachedFiles"));
    assertEquals(3L, (Long) at(mirror.json("api/overview"), "cache", "files"), "other projects keep theirs");

    // Still listed, so the next request fetches and caches it again.
    mirror.download(UiCatalog.ALPHA_1);
    assertEquals(1L, (Long) at(mirror.json("api/projects/alpha"), "cachedFiles"));
  }

  @Test
  void refresh_withTheToken_asksTheUpstreamAgain() throws Exception {
    mirror.upstream.reset();
    // A fresh page is served from the cache without asking the upstream...
    assertEquals(200, mirror.getText("simple/alpha/").statusCode());
    assertEquals(0, mirror.upstream.count("public", "/simple/alpha/"));
    // ...until an admin refreshes it.
    HttpResponse<String> r = mirror.sendText("POST", "api/projects/alpha/refresh", auth());
    assertEquals(200, r.statusCode(), r.body());
    assertEquals(1, mirror.upstream.count("public", "/simple/alpha/"));
    Object o = JsonTree.parse(r.body());
    assertEquals("alpha", at(o, "name"));
    assertTrue(List.of("MISS", "REVALIDATED").contains(at(o, "status")), r.body());
    assertEquals("HIT", mirror.getText("simple/alpha/").headers().firstValue("X-Pantry-Cache").orElse(""));
  }

  @Test
  void refresh_unknownProject_answers404() throws Exception {
    assertEquals(404, mirror.sendText("POST", "api/projects/no-such-project/refresh", auth()).statusCode());
    assertEquals(400, mirror.sendText("POST", "api/projects/-x-/refresh", auth()).statusCode());
  }

  @Test
  void overview_afterAnUpstreamFailure_showsItsLastError() throws Exception {
    // Here rather than in WebApiTest, whose shared mirror must keep a healthy upstream: each test here has its own.
    mirror.upstream.down(true);
    assertEquals(502, mirror.getText("simple/not-cached-yet/").statusCode());
    Object o = mirror.json("api/overview");
    assertTrue((Long) at(o, "upstreams", 0, "consecutiveFailures") >= 1);
    String error = at(o, "upstreams", 0, "lastError");
    assertTrue(error != null && error.contains("503"), error);
    assertTrue(at(o, "upstreams", 0, "lastFailure") instanceof Long);
  }

  private static String[] auth() {
    return new String[] {"Authorization", "Bearer " + ADMIN};
  }
}
