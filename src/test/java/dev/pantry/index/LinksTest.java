package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinksTest {

  private static final URI BASE = Links.base(URI.create("https://h.example/a/b/page?x=1#frag"));

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "f.whl                      | https://h.example/a/b/f.whl",
      "./f.whl                    | https://h.example/a/b/f.whl",
      "../f.whl                   | https://h.example/a/f.whl",
      "../../../../f.whl          | https://h.example/f.whl",
      "/f.whl                     | https://h.example/f.whl",
      "//cdn.example/f.whl        | https://cdn.example/f.whl",
      "?y=2                       | https://h.example/a/b/page?y=2",
      "f.whl?token=abc            | https://h.example/a/b/f.whl?token=abc",
      "http://other.example/f.whl | http://other.example/f.whl",
      "'  f\tg.whl\n '            | https://h.example/a/b/fg.whl",
      "f 1.whl                    | https://h.example/a/b/f%201.whl",
      "f%zz.whl                   | https://h.example/a/b/f%25zz.whl",
      "f[1].whl                   | https://h.example/a/b/f%5B1%5D.whl",
      "f.whl#sha256=AB            | https://h.example/a/b/f.whl",
  })
  void resolve_hrefs_absoluteHttpUrls(String href, String expected) {
    assertEquals(expected, Links.resolve(BASE, href).url());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {"javascript:alert(1)", "JavaScript:void(0)", "file:///etc/passwd",
      "data:text/html,x", "mailto:a@b", "ftp://h/f", "#sha256=ab", "''", "http:f.whl", "http://", "https:///path"})
  void resolve_nonHttpOrSelf_null(String href) {
    assertNull(Links.resolve(BASE, href));
  }

  @ParameterizedTest
  @CsvSource({
      "f.whl#sha256=AB, sha256, ab",
      "f.whl#SHA512=Cd, sha512, cd",
      "f.whl#sha3_256=01, sha3_256, 01",
  })
  void resolve_hashFragment_lowercased(String href, String name, String hex) {
    assertEquals(Map.of(name, hex), Links.resolve(BASE, href).hashes());
  }

  @ParameterizedTest
  @CsvSource({"f.whl#egg=c", "f.whl#sha256=", "f.whl#sha256=xyz", "f.whl#=ab", "f.whl#md5:ab", "f.whl"})
  void resolve_otherFragments_noHash(String href) {
    assertEquals(Map.of(), Links.resolve(BASE, href).hashes());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "/simple/requests/         | requests",
      "Django/                   | Django",
      "../zope.interface/?x=1#y  | zope.interface",
      "a%2Bb                     | a+b",
      "a+b                       | a+b",
      "caf%C3%A9                 | café",
      "bad%4                     | bad%4",
      "/                         | ''",
  })
  void lastSegment_hrefs_decodedName(String href, String expected) {
    assertEquals(expected, Links.lastSegment(href));
  }
}
