package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.pantry.index.Links.Link;
import java.net.URI;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkResolverTest {
  private static final List<URI> BASES = List.of(
      Links.base(URI.create("https://h.example/a/b/page?x=1#frag")),
      Links.base(URI.create("https://h.example/simple/pkg/")),
      Links.base(URI.create("http://h.example:8080")),
      Links.base(URI.create("https://user@h.example/x/")));

  /** Pieces hrefs are made of: plain ones, and every kind the fast paths must leave to the full resolution. */
  private static final String[] PIECES = {
      "a", "f.whl", "pkg-1.0.tar.gz", "/", "/", "//", ".", "..", "./", "../", "%41", "%zz", "%4", ":", "?", "?q=1",
      "#sha256=AB", "#md5=00", "#", " ", "\t", "é", "[", "]", "@", "~", "+", "!", "$", "&", "'", "(", ")", "*", ",",
      ";", "=", "http://", "https://", "HTTPS://", "h.example", "cdn.example:443", "x:99999999", "-", "_", "\\",
  };

  @Test
  void resolve_randomHrefs_sameAsLinksResolve() {
    Random random = new Random(20261202);
    for (URI base : BASES) {
      LinkResolver resolver = new LinkResolver(base);
      for (int i = 0; i < 20_000; i++) {
        StringBuilder href = new StringBuilder();
        int pieces = 1 + random.nextInt(7);
        for (int p = 0; p < pieces; p++) {
          href.append(PIECES[random.nextInt(PIECES.length)]);
        }
        assertSame(base, href.toString(), resolver.resolve(href.toString()));
      }
      assertTrue(resolver.directories() > 0, "no href took the per-directory path");
    }
  }

  @ParameterizedTest
  @CsvSource({
      "../../files/huge_a-0.0.1.tar.gz#sha256=AB",
      "f.whl", "./f.whl", "sub/dir/f.whl", "../../../../f.whl", "a//b/f.whl",
      "https://files.example/packages/3c/7d/abc/f-1.0-py3-none-any.whl#sha256=00",
      "http://files.example:8080/f.whl", "https://files.example/../f.whl", "https://files.example/a/./f.whl",
      "f.whl?token=abc", "../f%20g.whl", "..", "../", "https://files.example", "/f.whl", "//cdn.example/f.whl",
  })
  void resolve_typicalHrefs_sameAsLinksResolve(String href) {
    for (URI base : BASES) {
      assertSame(base, href, new LinkResolver(base).resolve(href));
    }
  }

  @Test
  void resolve_oneDirectoryForAPage_rememberedOnce() {
    LinkResolver resolver = new LinkResolver(BASES.get(1));
    for (int i = 0; i < 1_000; i++) {
      Link link = resolver.resolve("../../files/pkg-" + i + ".tar.gz#sha256=ab");
      assertNotNull(link);
      assertEquals("https://h.example/files/pkg-" + i + ".tar.gz", link.url());
    }
    assertEquals(1, resolver.directories());
  }

  @Test
  void resolve_manyDirectories_boundedAndStillRight() {
    LinkResolver resolver = new LinkResolver(BASES.get(1));
    for (int i = 0; i < LinkResolver.MAX_DIRECTORIES * 3; i++) {
      assertEquals("https://h.example/simple/pkg/d" + i + "/f.whl", resolver.resolve("d" + i + "/f.whl").url());
    }
    assertEquals(LinkResolver.MAX_DIRECTORIES, resolver.directories());
  }

  @Test
  void resolve_directoryLeavingHttp_null() {
    assertNull(new LinkResolver(BASES.get(1)).resolve("javascript:alert(1)/f.whl"));
  }

  private static void assertSame(URI base, String href, Link fast) {
    Link full = Links.resolve(base, href);
    if (full == null || fast == null) {
      if (full != fast) {
        fail("'" + href + "' against " + base + ": full " + full + ", fast " + fast);
      }
      return;
    }
    assertEquals(full.url(), fast.url(), () -> "'" + href + "' against " + base);
    assertEquals(full.hashes(), fast.hashes(), () -> "'" + href + "' against " + base);
  }
}
