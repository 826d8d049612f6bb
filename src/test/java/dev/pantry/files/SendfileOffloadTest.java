package dev.pantry.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.pantry.config.Credentials;
import dev.pantry.config.OpsSettings;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Http;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** X-Sendfile offload (Apache mod_xsendfile, lighttpd): the header names the blob's path on disk. */
class SendfileOffloadTest {
  @TempDir
  Path data;

  @Test
  void cachedFile_sendfileMode_namesTheBlobPathAndSendsNoBody() throws Exception {
    Wheel wheel = WheelBuilder.build("sent", "1.0", List.of(), null);
    try (FakeUpstream upstream = FakeUpstream.start("ci", "secret-token")) {
      upstream.addPublic(wheel);
      PantryConfig c = PantryConfig.of(
          new UpstreamConfig("main", upstream.publicIndexUrl(), new Credentials.None()), data);
      try (TestMirror server = TestMirror.of(
          c.withOps(c.ops().withOffload(OpsSettings.Offload.SENDFILE, null))).start()) {
        URI file = server.base().resolve("files/main/sent/" + wheel.filename());
        HttpResponse<byte[]> miss = Http.get(file);
        assertEquals(wheel.size(), miss.body().length, "a miss still streams through Pantry");
        assertFalse(miss.headers().firstValue("X-Sendfile").isPresent());

        HttpResponse<byte[]> hit = Http.get(file);
        String sha = wheel.sha256();
        assertEquals(200, hit.statusCode());
        assertEquals(0, hit.body().length);
        assertEquals(server.blobFile(sha).toString(), hit.headers().firstValue("X-Sendfile").orElseThrow());
        assertEquals("\"" + sha + "\"", hit.headers().firstValue("ETag").orElseThrow());
        assertEquals(304, Http.get(file, "If-None-Match", "\"" + sha + "\"").statusCode());
      }
    }
  }
}
