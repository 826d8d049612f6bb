package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.storage.Digests;
import dev.pantry.testing.Origin;
import dev.pantry.testing.TestMirror;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A compromised upstream cannot make the mirror read internal services (issue 13's fourth finding). The upstream is
 * on loopback, so loopback links pass; private and link-local ones, by literal address, by a name that resolves there
 * (names come from {@code src/test/resources/hosts}), through {@code <base href>} or through a redirect, do not. Every
 * address here but 127.0.0.1 is refused before any connection is tried.
 */
class MirrorSsrfTest {
  private static final byte[] OK = "a real wheel".getBytes(StandardCharsets.UTF_8);

  @TempDir Path data;
  private Origin upstream;
  private TestMirror mirror;

  @BeforeEach
  void start() {
    upstream = Origin.start("evil");
    upstream.on("/dl/ok-1.0-py3-none-any.whl", Origin.bytes(200, "application/octet-stream", OK));
    upstream.on("/dl/redir-1.0-py3-none-any.whl",
        Origin.redirect(302, "http://169.254.169.254/latest/meta-data/iam/security-credentials/"));
    upstream.on("/dl/rebind-1.0-py3-none-any.whl", Origin.redirect(302, "http://internal.pantry.test/secret"));
    upstream.on("/dl/elsewhere-1.0-py3-none-any.whl",
        Origin.redirect(302, "http://localhost:" + upstream.port() + "/dl/ok-1.0-py3-none-any.whl"));
  }

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    upstream.close();
  }

  private void startMirror(List<String> fileHosts) throws Exception {
    PantryConfig c = TestMirror.plainConfig(upstream.url("/simple/"), data);
    mirror = TestMirror.of(c.withUpstreams(List.of(new UpstreamConfig("main", upstream.url("/simple/"),
        Credentials.none(), fileHosts)))).start();
  }

  private void page(String project, String head, String... links) {
    StringBuilder html = new StringBuilder("<html><head>" + head + "</head><body>\n");
    for (String href : links) {
      String name = href.substring(href.lastIndexOf('/') + 1).replaceAll("#.*", "");
      html.append("<a href=\"").append(href).append("\">").append(name).append("</a><br>\n");
    }
    upstream.on("/simple/" + project + "/", Origin.text(200, html + "</body></html>"));
  }

  private String json(String project) throws Exception {
    HttpResponse<byte[]> r = mirror.get("simple/" + project + "/", "Accept", "application/vnd.pypi.simple.v1+json");
    assertEquals(200, r.statusCode(), text(r));
    return text(r);
  }

  @Test
  void listing_privateLinkLocalAndMetadataLinks_areLeftOutOfThePage() throws Exception {
    String local = "http://127.0.0.1:" + upstream.port();
    page("evil", "",
        local + "/dl/ok-1.0-py3-none-any.whl#sha256=" + Digests.sha256Hex(OK),
        "http://169.254.169.254/latest/meta-data/iam-1.0-py3-none-any.whl",
        "http://[fd00:ec2::254]/latest/v6meta-1.0-py3-none-any.whl",
        "http://10.0.0.7:8080/internal-1.0-py3-none-any.whl",
        "http://metadata.pantry.test/named-1.0-py3-none-any.whl",
        "http://internal.pantry.test/private-1.0-py3-none-any.whl");
    startMirror(List.of());

    String page = json("evil");

    assertTrue(page.contains("ok-1.0-py3-none-any.whl"), page);
    for (String refused : List.of("iam-", "v6meta-", "internal-", "named-", "private-")) {
      assertFalse(page.contains(refused), refused + " in " + page);
    }
    assertEquals(404, mirror.get(mirror.filePath("evil", "iam-1.0-py3-none-any.whl")).statusCode(), "not listed");
    assertArrayEquals(OK, mirror.get(mirror.filePath("evil", "ok-1.0-py3-none-any.whl")).body());
  }

  @Test
  void listing_baseHrefToMetadata_theRelativeLinkIsLeftOut() throws Exception {
    page("based", "<base href=\"http://169.254.169.254/latest/\">", "steal-1.0-py3-none-any.whl");
    startMirror(List.of());

    assertFalse(json("based").contains("steal-"), "a relative link resolves against <base href>, and is refused");
  }

  @Test
  void download_redirectToMetadataOrAPrivateName_is502WithTheReasonAndNoSecret() throws Exception {
    String local = "http://127.0.0.1:" + upstream.port();
    page("hop", "", local + "/dl/redir-1.0-py3-none-any.whl", local + "/dl/rebind-1.0-py3-none-any.whl");
    startMirror(List.of());
    json("hop");

    HttpResponse<byte[]> metadata = mirror.get(mirror.filePath("hop", "redir-1.0-py3-none-any.whl"));
    HttpResponse<byte[]> rebind = mirror.get(mirror.filePath("hop", "rebind-1.0-py3-none-any.whl"));

    assertEquals(502, metadata.statusCode());
    assertTrue(text(metadata).contains("refused to connect to 169.254.169.254, a link-local address"),
        text(metadata));
    assertEquals(502, rebind.statusCode());
    assertTrue(text(rebind).contains("refused to connect to 10.255.255.1, a private address"), text(rebind));
    assertFalse(mirror.hasBlob(Digests.sha256Hex(OK)));
  }

  @Test
  void fileHosts_linkOrRedirectToAnotherHost_refused_ownAndListedHostsFetched() throws Exception {
    String listed = "http://files.pantry.test:" + upstream.port();
    page("hosts", "",
        listed + "/dl/ok-1.0-py3-none-any.whl#sha256=" + Digests.sha256Hex(OK),
        "http://localhost:" + upstream.port() + "/dl/other-1.0-py3-none-any.whl",
        listed + "/dl/elsewhere-1.0-py3-none-any.whl");
    startMirror(List.of("files.pantry.test"));

    String page = json("hosts");
    HttpResponse<byte[]> ok = mirror.get(mirror.filePath("hosts", "ok-1.0-py3-none-any.whl"));
    HttpResponse<byte[]> hop = mirror.get(mirror.filePath("hosts", "elsewhere-1.0-py3-none-any.whl"));

    assertFalse(page.contains("other-1.0"), "localhost is not a file host of this upstream: " + page);
    assertArrayEquals(OK, ok.body());
    assertEquals(502, hop.statusCode());
    assertTrue(text(hop).contains("not one of upstream main's file hosts"), text(hop));
  }
}
