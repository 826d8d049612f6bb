package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.index.Format;
import dev.pantry.index.Rendering;
import dev.pantry.metadata.PageRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PageBundleTest {
  private static final byte[] HTML = "<a href=x>x</a>".repeat(200).getBytes(StandardCharsets.UTF_8);
  private static final byte[] JSON = "{\"files\":[]}".repeat(200).getBytes(StandardCharsets.UTF_8);
  private static final PageRecord ROW = new PageRecord("main", "pkg", 1_234, "W/\"e\"", "Tue, 01 Dec 2026 00:00:00 GMT",
      "a".repeat(64), "b".repeat(64), 3, null, 0, "archived");

  @Test
  void record_ofAStoredBundle_isTheRowItWasStoredFor_namingTheBundle() {
    byte[] bundle = stored(PageBundle.compress(Rendering.of(HTML), Rendering.of(JSON), ROW));
    ByteBuffer head = ByteBuffer.wrap(bundle, 0, Math.min(bundle.length, PageBundle.maxHeader())).slice();

    PageRecord read = PageBundle.record(head, "c".repeat(64), bundle.length).orElseThrow();

    assertEquals(new PageRecord("main", "pkg", 1_234, "W/\"e\"", "Tue, 01 Dec 2026 00:00:00 GMT", "a".repeat(64),
        "b".repeat(64), 3, "c".repeat(64), bundle.length, "archived"), read);
  }

  @Test
  void record_rowTooLargeToCarry_bundleStoredWithout() {
    PageRecord huge = new PageRecord("main", "pkg", 1, "x".repeat(BundleRecord.MAX), null, "a", "b", 0, null, 0,
        null);
    byte[] bundle = stored(PageBundle.compress(Rendering.of(HTML), Rendering.of(JSON), huge));

    assertTrue(PageBundle.record(ByteBuffer.wrap(bundle), "c", bundle.length).isEmpty());
    assertTrue(PageBundle.parse(ByteBuffer.wrap(bundle), bundle.length).isPresent(), "the page itself is fine");
  }

  @Test
  void record_bundleOfTheFirstLayout_hasNone() {
    byte[] legacy = bundle(List.of(Encoding.IDENTITY, Encoding.GZIP), List.of(Encoding.IDENTITY, Encoding.GZIP));

    assertTrue(PageBundle.record(ByteBuffer.wrap(legacy), "c", legacy.length).isEmpty());
    assertTrue(PageBundle.record(ByteBuffer.wrap(new byte[3]), "c", 3).isEmpty(), "nor do a few stray bytes");
  }

  @Test
  void build_thenParse_everyCodingOfBothFormats() {
    PageBundle.Parts parts = PageBundle.compress(Rendering.of(HTML), Rendering.of(JSON), ROW);
    byte[] bundle = stored(parts);

    PageBundle parsed = PageBundle.parse(ByteBuffer.wrap(bundle), bundle.length).orElseThrow();

    assertTrue(parsed.has(Encoding.ZSTD), "zstd-jni loads on this platform");
    for (Encoding e : Encoding.values()) {
      assertTrue(parsed.slot(Format.HTML, e).length() > 0, e.name());
      assertTrue(parsed.slot(Format.JSON, e).length() > 0, e.name());
    }
    assertEquals(HTML.length, parsed.slot(Format.HTML, Encoding.IDENTITY).length());
    assertEquals(parts.size(), bundle.length);
  }

  @Test
  void slices_ofAStoredBundle_areEachVariantAsHeldFromItsParts() {
    PageBundle.Parts parts = PageBundle.compress(Rendering.of(HTML), Rendering.of(JSON), ROW);
    byte[] bundle = stored(parts);
    PageBundle parsed = PageBundle.parse(ByteBuffer.wrap(bundle), bundle.length).orElseThrow();

    // A page read back from the store serves the same bytes as the page held when it was written.
    Map<PageBundle.Variant, Rendering> held = parts.held();
    Map<PageBundle.Variant, Rendering> read = parsed.slices(bundle);
    assertEquals(held.keySet(), read.keySet());
    held.forEach((v, r) -> assertArrayEquals(r.toByteArray(), read.get(v).toByteArray(), v.toString()));
    assertArrayEquals(JSON, read.get(new PageBundle.Variant(Format.JSON, Encoding.IDENTITY)).toByteArray());
  }

  /** The bundle as the store keeps it: its buffers, one after the other. */
  private static byte[] stored(PageBundle.Parts parts) {
    ByteBuffer out = ByteBuffer.allocate((int) parts.size());
    parts.buffers().forEach(out::put);
    return out.array();
  }

  @Test
  void parse_bundleWrittenBeforeZstd_isValidWithoutIt() {
    byte[] legacy = bundle(List.of(Encoding.IDENTITY, Encoding.GZIP), List.of(Encoding.IDENTITY, Encoding.GZIP));

    PageBundle parsed = PageBundle.parse(ByteBuffer.wrap(legacy), legacy.length).orElseThrow();

    assertFalse(parsed.has(Encoding.ZSTD));
    assertEquals(Encoding.GZIP, Encoding.choose("zstd, gzip", parsed.has(Encoding.ZSTD)));
  }

  @Test
  void parse_zstdForOneFormatOnly_isNotABundleOfOurs() {
    byte[] odd = bundle(List.of(Encoding.IDENTITY, Encoding.GZIP, Encoding.ZSTD),
        List.of(Encoding.IDENTITY, Encoding.GZIP));

    assertTrue(PageBundle.parse(ByteBuffer.wrap(odd), odd.length).isEmpty());
  }

  @Test
  void choose_acceptEncoding_highestQThenTheSmallerCoding() {
    assertEquals(Encoding.ZSTD, Encoding.choose("gzip, zstd", true));
    assertEquals(Encoding.GZIP, Encoding.choose("gzip, zstd", false));
    assertEquals(Encoding.GZIP, Encoding.choose("zstd;q=0.4, gzip;q=0.5", true));
    assertEquals(Encoding.ZSTD, Encoding.choose("*", true));
    assertEquals(Encoding.IDENTITY, Encoding.choose("identity", true));
    assertEquals(Encoding.IDENTITY, Encoding.choose("br, deflate", true));
    assertEquals(Encoding.IDENTITY, Encoding.choose(null, true));
    assertEquals(Encoding.GZIP, Encoding.choose("gzip;q=1, identity;q=0.5", true));
  }

  /** A bundle laid out by hand (18 header bytes per variant), as {@link PageBundle.Parts#buffers} lays them out. */
  private static byte[] bundle(List<Encoding> html, List<Encoding> json) {
    int n = html.size() + json.size();
    int header = 8 + 4 + n * 18;
    int each = 10;
    ByteBuffer b = ByteBuffer.allocate(header + n * each);
    b.put("PNTRYPG1".getBytes(StandardCharsets.US_ASCII)).putInt(n);
    long offset = header;
    for (Encoding e : html) {
      b.put((byte) Format.HTML.ordinal()).put((byte) e.ordinal()).putLong(offset).putLong(each);
      offset += each;
    }
    for (Encoding e : json) {
      b.put((byte) Format.JSON.ordinal()).put((byte) e.ordinal()).putLong(offset).putLong(each);
      offset += each;
    }
    return b.array();
  }
}
