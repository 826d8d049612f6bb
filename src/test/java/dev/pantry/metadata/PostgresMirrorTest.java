package dev.pantry.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.PostgresCluster;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole mirror on the throwaway PostgreSQL cluster: pages, files, owners and a restart, as on H2. */
final class PostgresMirrorTest {
  static final Wheel LIB = WheelBuilder.build("pg-lib", "1.0", List.of(), null);

  @TempDir Path data;
  private TestMirror mirror;

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
  }

  @Test
  void mirror_onPostgres_cachesServesAndKeepsEverythingAcrossARestart() throws Exception {
    var settings = Db.postgres();
    mirror = TestMirror.on(data).config(c -> c.withMetadata(settings)).start();
    mirror.upstream.addPrivate(LIB);

    HttpResponse<byte[]> page = mirror.get("simple/pg-lib/");
    assertEquals(200, page.statusCode());
    mirror.download(LIB);
    assertEquals("main", mirror.server().pantry().ownership().owner("pg-lib").orElseThrow().upstreamId());
    mirror.restart();

    HttpResponse<byte[]> again = mirror.get(mirror.filePath(LIB));
    assertEquals("HIT", TestMirror.header(again, "X-Pantry-Cache"));
    assertEquals("HIT", TestMirror.header(mirror.get("simple/pg-lib/"), "X-Pantry-Cache"));
    String ready = mirror.getText("readyz").body();
    assertTrue(ready.contains("database: ok"), ready);
    assertFalse(ready.contains(PostgresCluster.get().password()), "no database password in readiness: " + ready);
  }
}
