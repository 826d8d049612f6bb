package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pantry.storage.Digests;
import dev.pantry.testing.JsonTree;
import dev.pantry.testing.Origin;
import dev.pantry.testing.TestMirror;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listed filenames with a space, {@code %}, {@code ;}, {@code ?} or {@code #} (issue 13, filenames): the link the
 * mirror's page gives for each one downloads that file, with the headers every file gets.
 */
class MirrorOddNamesTest {
  private static final List<String> NAMES = List.of("odd name-1.0.tar.gz", "pct%41-1.0.tar.gz", "semi;colon-1.0.tar.gz",
      "what?-1.0.tar.gz", "hash#tag-1.0.tar.gz", "plus+sign-1.0.tar.gz");

  @TempDir Path data;
  private Origin upstream;
  private TestMirror mirror;

  @BeforeEach
  void start() throws Exception {
    upstream = Origin.start("odd");
    StringBuilder html = new StringBuilder("<html><body>\n");
    for (String name : NAMES) {
      byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
      upstream.on("/dl/" + name, Origin.bytes(200, "application/octet-stream", bytes));
      String href = "/dl/" + URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20");
      html.append("<a href=\"").append(href).append("#sha256=").append(Digests.sha256Hex(bytes)).append("\">")
          .append(name.replace("&", "&amp;")).append("</a><br>\n");
    }
    upstream.on("/simple/odd/", Origin.text(200, html + "</body></html>"));
    mirror = TestMirror.of(TestMirror.plainConfig(upstream.url("/simple/"), data)).start();
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    upstream.close();
  }

  @Test
  void download_everyOddNameThroughThePagesOwnLink_theRightBytes() throws Exception {
    URI page = mirror.uri("simple/odd/");
    Object json = JsonTree.parse(TestMirror.text(mirror.get("simple/odd/", "Accept",
        "application/vnd.pypi.simple.v1+json")));
    List<Map<String, Object>> files = JsonTree.at(json, "files");
    assertEquals(NAMES.size(), files.size());

    for (Map<String, Object> f : files) {
      String name = (String) f.get("filename");
      HttpResponse<byte[]> r = TestMirror.send("GET", page.resolve((String) f.get("url")));

      assertEquals(200, r.statusCode(), name + " via " + f.get("url"));
      assertArrayEquals(name.getBytes(StandardCharsets.UTF_8), r.body(), name);
      assertEquals("nosniff", header(r, "X-Content-Type-Options"));
    }
  }
}
