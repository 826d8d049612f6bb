package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.header;
import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.storage.Digests;
import dev.pantry.testing.Origin;
import dev.pantry.testing.TestMirror;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links with no sha256 (issue 13, hashes): a link with no hash at all gets the sha256 the mirror computed on the
 * page it serves; a link with only md5, sha384 or sha512 is verified against that hash, and a wrong one is never
 * served or cached.
 */
class MirrorHashesTest {
  private static final byte[] BYTES = "the real contents of a wheel".getBytes(StandardCharsets.UTF_8);

  @TempDir Path data;
  private Origin upstream;
  private TestMirror mirror;

  @BeforeEach
  void start() throws Exception {
    upstream = Origin.start("hashes");
    for (String name : new String[] {"nohash", "md5ok", "md5bad", "sha512bad", "sha384ok"}) {
      upstream.on("/dl/" + name + "-1.0-py3-none-any.whl", Origin.bytes(200, "application/octet-stream", BYTES));
    }
    String link = "<a href=\"/dl/%s-1.0-py3-none-any.whl%s\">%s-1.0-py3-none-any.whl</a><br>\n";
    String page = "<html><body>\n"
        + String.format(link, "nohash", "", "nohash")
        + String.format(link, "md5ok", "#md5=" + hex("MD5", BYTES), "md5ok")
        + String.format(link, "md5bad", "#md5=" + hex("MD5", "other".getBytes(StandardCharsets.UTF_8)), "md5bad")
        + String.format(link, "sha512bad", "#sha512=" + hex("SHA-512", new byte[1]), "sha512bad")
        + String.format(link, "sha384ok", "#sha384=" + hex("SHA-384", BYTES), "sha384ok")
        + "</body></html>";
    upstream.on("/simple/hashes/", Origin.text(200, page));
    mirror = TestMirror.of(TestMirror.plainConfig(upstream.url("/simple/"), data)).start();
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    upstream.close();
  }

  private static String hex(String algorithm, byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
  }

  private HttpResponse<byte[]> file(String name) throws Exception {
    return mirror.get(mirror.filePath("hashes", name + "-1.0-py3-none-any.whl"));
  }

  @Test
  void noHash_afterTheDownload_thePageCarriesTheComputedSha256() throws Exception {
    String before = text(mirror.get("simple/hashes/"));
    assertFalse(before.contains("nohash-1.0-py3-none-any.whl#sha256="), before);

    assertArrayEquals(BYTES, file("nohash").body());
    String after = text(mirror.get("simple/hashes/"));

    assertTrue(after.contains("nohash-1.0-py3-none-any.whl#sha256=" + Digests.sha256Hex(BYTES)), after);
    assertEquals("HIT", header(file("nohash"), "X-Pantry-Cache"));
  }

  @Test
  void otherHashOnly_rightOnes_servedAndCached() throws Exception {
    mirror.get("simple/hashes/");

    assertArrayEquals(BYTES, file("md5ok").body());
    assertArrayEquals(BYTES, file("sha384ok").body());
    assertEquals("HIT", header(file("md5ok"), "X-Pantry-Cache"));
  }

  @Test
  void otherHashOnly_wrongOnes_neverServedNorCached() throws Exception {
    mirror.get("simple/hashes/");

    for (String name : new String[] {"md5bad", "sha512bad"}) {
      HttpResponse<byte[]> r = file(name);
      assertEquals(502, r.statusCode(), name + ": " + text(r));
      assertTrue(text(r).contains("does not match its " + (name.startsWith("md5") ? "md5" : "sha512")), text(r));
      assertEquals(502, file(name).statusCode(), "tried again, refused again");
    }
    assertFalse(mirror.hasBlob(Digests.sha256Hex(BYTES)), "no blob of the bytes that failed");
  }
}
