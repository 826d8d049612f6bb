package dev.pantry.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PageFormatTest {

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", value = {
      "NULL | TEXT_HTML",
      "*/* | TEXT_HTML",
      "text/html | TEXT_HTML",
      "application/vnd.pypi.simple.v1+json | JSON_V1",
      "application/vnd.pypi.simple.latest+json | JSON_V1",
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01 | JSON_V1",
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.2, text/html; q=0.01 | JSON_V1",
      "application/vnd.pypi.simple.v1+json; q=0.5, text/html | TEXT_HTML",
      "application/vnd.pypi.simple.v1+html, text/html; q=0.5 | HTML_V1",
      "application/xml | TEXT_HTML",
      "application/*; q=0.9, text/html; q=0.1 | HTML_V1",
  })
  void negotiate_acceptHeader_picksPreferredFormat(String accept, PageFormat expected) {
    assertEquals(expected, PageFormat.negotiate(accept));
  }
}
