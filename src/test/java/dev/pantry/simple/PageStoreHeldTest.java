package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pantry.index.Format;
import dev.pantry.index.Rendering;
import dev.pantry.testing.Stores;
import dev.pantry.upstream.Outcome;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a stored page keeps in memory: every variant of a small page, only the compressed ones of a large page. */
class PageStoreHeldTest {
  private static final byte[] LARGE = "<a href=\"f/x-1.whl\">x-1.whl</a><br>\n".repeat(40_000)
      .getBytes(StandardCharsets.US_ASCII); // 1.4 MB
  private static final byte[] SMALL = "{\"files\":[]}".getBytes(StandardCharsets.US_ASCII);

  @TempDir Path data;
  private Stores stores;
  private PageStore pages;

  @BeforeEach
  void open() throws Exception {
    stores = Stores.onDisk(data);
    pages = new PageStore(stores.meta, stores.renderings, stores.coordinator, 64L << 20);
  }

  @AfterEach
  void close() {
    stores.close();
  }

  @Test
  void save_largePlainRendering_heldCompressedOnly_plainReadFromTheStore() throws Exception {
    StoredPage page = pages.save("pypi", "big", Rendering.of(LARGE), Rendering.of(SMALL), 1_000,
        Outcome.Validators.none(), 40_000, null);

    assertHeldCompressedOnly(page);
  }

  @Test
  void load_largePlainRenderingFromTheStore_heldCompressedOnly() throws Exception {
    pages.save("pypi", "big", Rendering.of(LARGE), Rendering.of(SMALL), 1_000, Outcome.Validators.none(), 40_000,
        null);
    PageStore restarted = new PageStore(stores.meta, stores.renderings, stores.coordinator, 64L << 20);

    assertHeldCompressedOnly(restarted.load("pypi", "big").orElseThrow());
  }

  private static void assertHeldCompressedOnly(StoredPage page) throws Exception {
    assertNull(page.memory(Format.HTML, Encoding.IDENTITY), "a large plain rendering is not held");
    assertNotNull(page.memory(Format.HTML, Encoding.GZIP));
    assertNotNull(page.memory(Format.HTML, Encoding.ZSTD));
    assertArrayEquals(SMALL, page.memory(Format.JSON, Encoding.IDENTITY).toByteArray(), "a small one is");
    try (InputStream in = page.open(Format.HTML, Encoding.IDENTITY)) {
      assertArrayEquals(LARGE, in.readAllBytes(), "the plain rendering comes from the store");
    }
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(
        page.memory(Format.HTML, Encoding.GZIP).toByteArray()))) {
      assertArrayEquals(LARGE, in.readAllBytes(), "the held gzip variant is the page");
    }
  }
}
