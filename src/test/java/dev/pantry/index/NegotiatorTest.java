package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;

class NegotiatorTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', nullValues = "NONE", value = {
      // pip
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01 | JSON",
      // uv
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01 | JSON",
      // old pip and other HTML-only tools
      "text/html | HTML",
      // browsers
      "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8 | HTML",
      "text/html,application/xhtml+xml,*/*;q=0.8 | HTML",
      // curl
      "*/* | HTML",
      "'' | HTML",
      "'   ' | HTML",
      // PEP 691 forms
      "application/vnd.pypi.simple.v1+html | HTML_V1",
      "application/vnd.pypi.simple.latest+json | JSON",
      "application/vnd.pypi.simple.latest+html | HTML_V1",
      "application/vnd.pypi.simple.v1+html, application/vnd.pypi.simple.v1+json;q=0.5 | HTML_V1",
      "APPLICATION/VND.PYPI.SIMPLE.V1+JSON | JSON",
      // application/json accepted as JSON (documented kindness)
      "application/json | JSON",
      "application/* | JSON",
      "text/* | HTML",
      // q=0 excludes, even when a wider range would accept
      "text/html;q=0, */* | JSON",
      "*/*;q=0 | NONE",
      "text/html;q=0 | NONE",
      "application/vnd.pypi.simple.v1+json;q=0, application/*;q=1 | HTML_V1",
      // nothing we serve
      "text/plain | NONE",
      "image/png, application/xml | NONE",
      // specificity breaks q ties; full ties prefer HTML, then JSON
      "*/*;q=0.5, application/vnd.pypi.simple.v1+json;q=0.5 | JSON",
      "text/*;q=0.5, text/html;q=0.5, application/vnd.pypi.simple.v1+json;q=0.5 | HTML",
      "application/vnd.pypi.simple.v1+json;q=0.5, application/vnd.pypi.simple.v1+html;q=0.5 | JSON",
      // malformed q counts as 1; other parameters are ignored
      "application/vnd.pypi.simple.v1+json;q=abc, text/html;q=0.9 | JSON",
      "text/html;q=0.9, application/vnd.pypi.simple.v1+json;q=7 | JSON",
      "text/html;level=1;q=0.4, application/vnd.pypi.simple.v1+json;charset=utf-8;q=0.3 | HTML",
      "text/html ; Q=0.1 , application/vnd.pypi.simple.v1+json ; q=0.2 | JSON",
      // garbage: unreadable ranges are skipped; nothing readable means HTML
      "garbage | HTML",
      ";;;,,, | HTML",
      "*/html, text/plain | NONE",
      "garbage, application/vnd.pypi.simple.v1+json | JSON",
      "text/html;q=0.5, */json | HTML",
  })
  void negotiate_headers_expectedFormat(String header, String expected) {
    assertEquals(expected == null ? Optional.empty() : Optional.of(Format.valueOf(expected)),
        Negotiator.negotiate(header));
  }

  @ParameterizedTest
  @NullSource
  void negotiate_noHeader_html(String header) {
    assertEquals(Optional.of(Format.HTML), Negotiator.negotiate(header));
  }

  @Test
  void negotiate_moreRangesThanLimit_extraIgnored() {
    String header = "image/png, ".repeat(Negotiator.MAX_RANGES) + "application/vnd.pypi.simple.v1+json";
    // Ranges beyond the limit are ignored, so this one is never seen: nothing acceptable remains.
    assertEquals(Optional.empty(), Negotiator.negotiate(header));
    assertEquals(Optional.of(Format.JSON), Negotiator.negotiate("application/vnd.pypi.simple.v1+json, " + header));
  }
}
