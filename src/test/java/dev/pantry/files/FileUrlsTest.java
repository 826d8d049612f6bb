package dev.pantry.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.pantry.metadata.FileKey;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FileUrlsTest {
  @ParameterizedTest
  @ValueSource(strings = {"demo-1.0-py3-none-any.whl", "odd name-1.0.tar.gz", "pct%41-1.0.tar.gz",
      "semi;colon-1.0.zip", "what?-1.0.zip", "hash#tag-1.0.zip", "plus+sign-1.0.zip", "naïve-1.0.tar.gz"})
  void parse_pathOfAnyListedName_roundTrips(String filename) {
    FileKey key = new FileKey("main", "demo", filename);

    FileUrls.Parsed parsed = FileUrls.parse("/" + FileUrls.path(key));

    assertEquals(key, assertInstanceOf(FileUrls.Parsed.Key.class, parsed).key());
  }

  @ParameterizedTest
  @ValueSource(strings = {"/files/main/demo/%zz.whl", "/files/main/demo/%C3.whl", "/files/main/demo/..%2Fx.whl",
      "/files/main/demo/..", "/files/main/Demo/x.whl", "/files/main/demo/a/b.whl", "/files/Main/demo/x.whl",
      "/files/main/demo/%00.whl"})
  void parse_unsafeOrNonCanonical_notFound(String raw) {
    assertInstanceOf(FileUrls.Parsed.Bad.class, FileUrls.parse(raw));
  }

  @ParameterizedTest
  @ValueSource(strings = {"%", "%4", "%G1", "%C3%28"})
  void decode_malformedEscapeOrUtf8_null(String segment) {
    assertNull(FileUrls.decode(segment));
  }
}
