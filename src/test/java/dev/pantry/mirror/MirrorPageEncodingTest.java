package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.PIP_ACCEPT;
import static dev.pantry.testing.TestMirror.header;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.luben.zstd.ZstdInputStream;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pages go out pre-compressed by Accept-Encoding: the same bytes, each coding its own ETag; files never are. */
class MirrorPageEncodingTest {
  @TempDir
  Path data;

  TestMirror mirror;
  final List<Wheel> wheels = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    mirror = TestMirror.on(data).start();
    for (int i = 0; i < 40; i++) {
      Wheel w = WheelBuilder.build("squeezed", "1." + i, List.of(), ">=3.8");
      wheels.add(w);
      mirror.upstream.addPublic(w);
    }
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
  }

  /** The page as stored: the first answer comes from the fresh rendering, compressed variants once it is written. */
  private void stored() throws Exception {
    assertEquals(200, page("identity").statusCode());
    mirror.server().pantry().pages().awaitListing("main", "squeezed");
  }

  @Test
  void page_eachAcceptedCoding_decodesToTheSameBytesWithItsOwnEtag() throws Exception {
    stored();
    byte[] plain = page("identity").body();
    Set<String> etags = new HashSet<>();
    for (String coding : List.of("identity", "gzip", "zstd")) {
      HttpResponse<byte[]> r = page(coding);
      assertEquals(200, r.statusCode());
      assertEquals(coding.equals("identity") ? "" : coding, header(r, "Content-Encoding"));
      assertEquals("Accept, Accept-Encoding", header(r, "Vary"));
      assertEquals(String.valueOf(r.body().length), header(r, "Content-Length"));
      assertArrayEquals(plain, decode(coding, r.body()), coding);
      if (!coding.equals("identity")) {
        assertTrue(r.body().length * 3 < plain.length, coding + " is " + r.body().length + " of " + plain.length);
      }
      etags.add(header(r, "ETag"));
    }
    assertEquals(3, etags.size(), etags.toString());
  }

  @Test
  void page_revalidatedWithItsCodingsEtag_is304_andAnotherCodingsEtag_is200() throws Exception {
    stored();
    String zstdTag = header(page("zstd"), "ETag");

    HttpResponse<byte[]> same = mirror.get("simple/squeezed/", "Accept", PIP_ACCEPT, "Accept-Encoding", "zstd",
        "If-None-Match", zstdTag);
    HttpResponse<byte[]> other = mirror.get("simple/squeezed/", "Accept", PIP_ACCEPT, "Accept-Encoding", "gzip",
        "If-None-Match", zstdTag);

    assertEquals(304, same.statusCode());
    assertEquals(0, same.body().length);
    assertEquals(200, other.statusCode());
    assertEquals("gzip", header(other, "Content-Encoding"));
  }

  @Test
  void page_qValues_pickTheHighestAndTiesTheSmallerCoding() throws Exception {
    stored();
    assertEquals("gzip", header(page("zstd;q=0.5, gzip"), "Content-Encoding"));
    assertEquals("zstd", header(page("gzip, zstd"), "Content-Encoding"));
    assertEquals("", header(page("zstd;q=0, gzip;q=0"), "Content-Encoding"));
    assertEquals("", header(page("br"), "Content-Encoding"));
  }

  @Test
  void file_compressibleWheel_neverCompressedAndNoVary() throws Exception {
    Wheel w = wheels.get(0);
    mirror.get("simple/squeezed/");

    HttpResponse<byte[]> r = mirror.get("files/main/squeezed/" + w.filename(), "Accept-Encoding", "zstd, gzip");

    assertEquals(200, r.statusCode());
    assertEquals("", header(r, "Content-Encoding"));
    assertEquals("", header(r, "Vary"));
    assertArrayEquals(w.bytes(), r.body());
  }

  private HttpResponse<byte[]> page(String acceptEncoding) throws IOException, InterruptedException {
    return mirror.get("simple/squeezed/", "Accept", PIP_ACCEPT, "Accept-Encoding", acceptEncoding);
  }

  private static byte[] decode(String coding, byte[] body) throws IOException {
    InputStream in = new ByteArrayInputStream(body);
    try (InputStream decoded = coding.equals("gzip") ? new GZIPInputStream(in)
        : coding.equals("zstd") ? new ZstdInputStream(in) : in) {
      return decoded.readAllBytes();
    }
  }
}
