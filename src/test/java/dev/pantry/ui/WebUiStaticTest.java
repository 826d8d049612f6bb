package dev.pantry.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.testing.TestMirror;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The UI's static files: from the classpath, with types, ETags, security headers, and nothing else. */
class WebUiStaticTest {
  @TempDir static Path data;
  static TestMirror mirror;

  @BeforeAll
  static void start() throws Exception {
    mirror = UiCatalog.start(data, null);
  }

  @AfterAll
  static void stop() throws Exception {
    mirror.close();
  }

  @Test
  void root_redirectsToTheUi() throws Exception {
    HttpResponse<String> r = mirror.getText("");
    assertEquals(302, r.statusCode());
    assertEquals("ui/", r.headers().firstValue("Location").orElse(""));
    HttpResponse<String> bare = mirror.getText("ui");
    assertEquals(301, bare.statusCode());
    assertEquals("ui/", bare.headers().firstValue("Location").orElse(""));
  }

  @Test
  void ui_index_isTheShellWithStrictHeaders() throws Exception {
    HttpResponse<String> r = mirror.getText("ui/");
    assertEquals(200, r.statusCode());
    assertEquals("text/html; charset=utf-8", r.headers().firstValue("Content-Type").orElse(""));
    assertTrue(r.body().contains("<script type=\"module\" src=\"app.js\"></script>"));
    String csp = r.headers().firstValue("Content-Security-Policy").orElse("");
    assertTrue(csp.startsWith("default-src 'self'"), csp);
    assertFalse(csp.contains("unsafe-inline"), csp);
    assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(""));
    assertEquals("no-cache", r.headers().firstValue("Cache-Control").orElse(""));
    assertEquals(r.body(), mirror.getText("ui/index.html").body());
  }

  @ParameterizedTest
  @CsvSource({"app.js,text/javascript; charset=utf-8", "style.css,text/css; charset=utf-8",
      "icon.svg,image/svg+xml", "chart.js,text/javascript; charset=utf-8"})
  void ui_assets_haveTheirTypesAndRevalidateTo304(String name, String type) throws Exception {
    HttpResponse<String> r = mirror.getText("ui/" + name);
    assertEquals(200, r.statusCode());
    assertEquals(type, r.headers().firstValue("Content-Type").orElse(""));
    assertEquals(Files.readString(Path.of("web", name)), r.body(), "served from the packaged web/ folder");
    String etag = r.headers().firstValue("ETag").orElseThrow();
    assertTrue(etag.matches("\"[0-9a-f]{24}\""), etag);
    HttpResponse<String> again = mirror.getText("ui/" + name, "If-None-Match", etag);
    assertEquals(304, again.statusCode());
    assertEquals("", again.body());
  }

  @ParameterizedTest
  @ValueSource(strings = {"ui/nope.js", "ui/web/app.js", "ui/..%2Fpom.xml", "ui/%2e%2e/pom.xml",
      "ui/../dev/pantry/web/PantryServer.class", "ui/dev/pantry/web/PantryServer.class", "ui/.hidden.js",
      "ui/APP.JS", "ui/app.js/", "ui/app.java"})
  void ui_anythingOutsideTheFlatAssetSet_isRefused(String path) throws Exception {
    HttpResponse<String> r = mirror.getText(path);
    assertTrue(r.statusCode() == 404 || r.statusCode() == 400, path + " -> " + r.statusCode());
    assertFalse(r.body().contains("class"), r.body());
  }

  @Test
  void ui_inlineCode_isAbsentSoTheCspHolds() throws Exception {
    String html = mirror.getText("ui/").body();
    assertFalse(html.matches("(?s).*<script(?![^>]*\\bsrc=)[^>]*>.*"), "no inline script");
    assertFalse(html.contains("style="), "no inline style");
    assertFalse(html.matches("(?s).*\\son[a-z]+=.*"), "no inline event handler");
    assertEquals(405, mirror.sendText("POST", "ui/").statusCode());
  }
}
