package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.PIP_ACCEPT;
import static dev.pantry.testing.TestMirror.header;
import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pantry.testing.TestMirror;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A project list far larger than one rendering chunk (256 KiB), through the mirror: served whole and in order from
 * its fresh rendering, and then from its stored, compressed bundle.
 */
class MirrorLargeRootTest {
  private static final int PROJECTS = 30_000;

  @TempDir
  Path data;

  TestMirror mirror;
  final List<String> names = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    mirror = TestMirror.on(data).credentials(TestMirror.basic()).start();
    StringBuilder html = new StringBuilder("<!DOCTYPE html>\n<html><body>\n");
    for (int i = 0; i < PROJECTS; i++) {
      String name = "Large_Project." + i;
      names.add(name);
      html.append("<a href=\"/simple/large-project-").append(i).append("/\">").append(name).append("</a><br/>\n");
    }
    mirror.upstream.setRootBody("text/html", html.append("</body></html>\n").toString()
        .getBytes(StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
  }

  @Test
  void root_manyChunks_wholeAndInOrderInBothFormatsThenTheSameBytesGzipped() throws Exception {
    HttpResponse<byte[]> json = mirror.get("simple/", "Accept", PIP_ACCEPT);
    HttpResponse<byte[]> html = mirror.get("simple/", "Accept", "text/html");

    assertEquals(200, json.statusCode(), text(json));
    assertTrue(json.body().length > 2 * 256 * 1024, "the JSON list spans several chunks: " + json.body().length);
    assertEquals(String.valueOf(json.body().length), header(json, "Content-Length"));
    assertEquals(names, jsonNames(json.body()));
    assertEquals(200, html.statusCode());
    assertTrue(html.body().length > 4 * 256 * 1024, "the HTML list spans several chunks: " + html.body().length);
    List<String> hrefs = new ArrayList<>();
    Matcher m = MirrorPagesTest.HREF.matcher(text(html));
    while (m.find()) {
      hrefs.add(m.group(1));
    }
    assertEquals(PROJECTS, hrefs.size());
    assertEquals("large-project-0/", hrefs.get(0));
    assertEquals("large-project-" + (PROJECTS - 1) + "/", hrefs.get(PROJECTS - 1));

    // The compressed variants exist once the bundle is written behind the first answer.
    HttpResponse<byte[]> gzipped = null;
    for (int i = 0; i < 200; i++) {
      gzipped = mirror.get("simple/", "Accept", PIP_ACCEPT, "Accept-Encoding", "gzip");
      if ("gzip".equals(gzipped.headers().firstValue("Content-Encoding").orElse(null))) {
        break;
      }
      Thread.sleep(50);
    }
    assertEquals("gzip", header(gzipped, "Content-Encoding"), "the stored bundle was never served");
    assertArrayEquals(json.body(), gunzip(gzipped.body()));
    HttpResponse<byte[]> plainAgain = mirror.get("simple/", "Accept", PIP_ACCEPT);
    assertArrayEquals(json.body(), plainAgain.body(), "the stored plain rendering is the one first served");
  }

  private static List<String> jsonNames(byte[] body) throws IOException {
    List<String> out = new ArrayList<>();
    for (JsonNode p : new ObjectMapper().readTree(body).get("projects")) {
      out.add(p.get("name").asText());
    }
    return out;
  }

  private static byte[] gunzip(byte[] body) throws IOException {
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(body))) {
      return in.readAllBytes();
    }
  }
}
