package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PageFetcherTest {
  @Test
  void originPrefix_plainUrl_isSchemeAndAuthorityWithTheSlash() {
    assertEquals("https://files.example/", PageFetcher.originPrefix("https://files.example/a/b.whl"));
    assertEquals("http://127.0.0.1:8080/", PageFetcher.originPrefix("http://127.0.0.1:8080/x"));
  }

  @Test
  void originPrefix_userInfoEscapesOrNoPath_isNullSoTheUrlIsParsed() {
    assertNull(PageFetcher.originPrefix("https://user@evil.example/x"), "user-info could hide the host");
    assertNull(PageFetcher.originPrefix("https://evil%2eexample/x"));
    assertNull(PageFetcher.originPrefix("https://files.example"));
    assertNull(PageFetcher.originPrefix("https://files.example?x=/y"));
    assertNull(PageFetcher.originPrefix("https://files.example#/y"));
    assertNull(PageFetcher.originPrefix("https://a\\\\b.example/x"));
    assertNull(PageFetcher.originPrefix("files/x.whl"));
  }
}
