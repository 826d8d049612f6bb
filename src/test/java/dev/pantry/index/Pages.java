package dev.pantry.index;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/** Test helpers: parse a string body and unwrap the result, failing the test with the reason when it is malformed. */
final class Pages {

  static final URI PAGE = URI.create("https://pypi.example/simple/demo/");
  static final String HTML = "text/html; charset=utf-8";
  static final String JSON = "application/vnd.pypi.simple.v1+json";

  private Pages() {}

  static ProjectPage html(String body) {
    return html(body, PAGE);
  }

  static ProjectPage html(String body, URI pageUrl) {
    return parsed(PageParser.parseProject(bytes(body), HTML, pageUrl, "demo"));
  }

  static ProjectPage json(String body) {
    return parsed(PageParser.parseProject(bytes(body), JSON, PAGE, "demo"));
  }

  static String malformed(byte[] body, String contentType) {
    ParseResult<ProjectPage> r = PageParser.parseProject(body, contentType, PAGE, "demo");
    return assertInstanceOf(ParseResult.Malformed.class, r, () -> "expected malformed, got " + r).reason();
  }

  static <T> T parsed(ParseResult<T> r) {
    if (r instanceof ParseResult.Malformed<T> m) {
      throw new AssertionError("expected a parsed page, got malformed: " + m.reason());
    }
    return ((ParseResult.Parsed<T>) r).value();
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** An HTML page around the given anchors, as PyPI writes it. */
  static String htmlPage(String anchors) {
    return "<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.1\">"
        + "<title>Links for demo</title></head><body><h1>Links for demo</h1>\n" + anchors + "\n</body></html>\n";
  }
}
