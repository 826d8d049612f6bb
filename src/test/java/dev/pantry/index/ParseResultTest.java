package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ParseResultTest {

  @Test
  void malformed_reasonWithNewlines_isOneLine() {
    var m = new ParseResult.Malformed<ProjectPage>("bad\r\nX-Injected: yes\u0000");
    assertEquals("bad X-Injected: yes", m.reason());
  }

  @Test
  void malformed_longReason_truncated() {
    var m = new ParseResult.Malformed<ProjectPage>("x".repeat(1000));
    assertEquals(ParseResult.Malformed.MAX_REASON, m.reason().length());
    assertTrue(m.reason().endsWith("…"));
  }

  @Test
  void parsed_nullValue_refused() {
    assertThrows(NullPointerException.class, () -> new ParseResult.Parsed<ProjectPage>(null));
  }

  @Test
  void patternMatch_sealedResult_exhaustive() {
    ParseResult<ProjectList> r = new ParseResult.Parsed<>(new ProjectList(java.util.List.of("a")));
    boolean parsed = r instanceof ParseResult.Parsed<ProjectList> p && p.value().names().size() == 1;
    assertTrue(parsed);
    assertFalse(r instanceof ParseResult.Malformed<ProjectList>);
  }
}
