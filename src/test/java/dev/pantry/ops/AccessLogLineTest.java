package dev.pantry.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessLogLineTest {
  private static final Instant T = Instant.parse("2026-11-02T10:00:00Z");

  private static AccessEntry entry(String query, String referer, String agent) {
    return new AccessEntry(T, "203.0.113.7", "GET", "/files/main/a/a-1.0-py3-none-any.whl", query, "HTTP/1.1", 200,
        5120, 3, "HIT", referer, agent);
  }

  @Test
  void ncsa_plainRequest_isCombinedFormatWithCacheAndTime() {
    assertEquals("203.0.113.7 - - [02/Nov/2026:10:00:00 +0000] \"GET /files/main/a/a-1.0-py3-none-any.whl HTTP/1.1\""
        + " 200 5120 \"-\" \"pip/24.0\" HIT 3ms", AccessLogLine.ncsa(entry(null, null, "pip/24.0")));
  }

  @Test
  void ncsa_entriesOfDifferentSeconds_eachGetTheirOwnTime() {
    // Each second is formatted once and kept: a line of the next second (or of an earlier one, written late by a
    // request that found the queue full) must not take the kept one.
    StringBuilder b = new StringBuilder();
    for (Instant t : new Instant[] {T, T.plusMillis(999), T.plusSeconds(1), T, T.plusSeconds(86_400)}) {
      AccessLogLine.ncsa(new AccessEntry(t, "::1", "HEAD", "/p", null, "HTTP/2.0", 304, 0, 0, null, null, null), b)
          .append('\n');
    }

    assertEquals(String.join("\n",
        "::1 - - [02/Nov/2026:10:00:00 +0000] \"HEAD /p HTTP/2.0\" 304 - \"-\" \"-\" - 0ms",
        "::1 - - [02/Nov/2026:10:00:00 +0000] \"HEAD /p HTTP/2.0\" 304 - \"-\" \"-\" - 0ms",
        "::1 - - [02/Nov/2026:10:00:01 +0000] \"HEAD /p HTTP/2.0\" 304 - \"-\" \"-\" - 0ms",
        "::1 - - [02/Nov/2026:10:00:00 +0000] \"HEAD /p HTTP/2.0\" 304 - \"-\" \"-\" - 0ms",
        "::1 - - [03/Nov/2026:10:00:00 +0000] \"HEAD /p HTTP/2.0\" 304 - \"-\" \"-\" - 0ms", ""), b.toString());
  }

  @Test
  void ncsa_signatureQueryAndUserInfoReferer_areRedacted() {
    String line = AccessLogLine.ncsa(entry("X-Amz-Signature=abc123&X-Amz-Expires=300&page=2",
        "https://bob:hunter2@example.com/x?token=s3cr3t", "pip"));
    assertTrue(line.contains("?X-Amz-Signature=REDACTED&X-Amz-Expires=300&page=2 HTTP/1.1"), line);
    assertTrue(line.contains("\"https://example.com/x?token=REDACTED\""), line);
    assertFalse(line.contains("abc123") || line.contains("hunter2") || line.contains("s3cr3t") || line.contains("bob"));
  }

  @Test
  void ncsa_quotesAndControlCharacters_stayOnOneLine() {
    String line = AccessLogLine.ncsa(entry(null, null, "evil\"agent\nnext"));
    assertTrue(line.contains("\"evil\\\"agent\\x0anext\""), line);
    assertEquals(1, line.lines().count());
  }

  @Test
  void json_entry_isOneObjectWithRedactedQuery() {
    String line = AccessLogLine.json(entry("sig=0123456789abcdef&x=1", null, "uv/0.4"));
    assertEquals("{\"time\":\"2026-11-02T10:00:00Z\",\"client\":\"203.0.113.7\",\"method\":\"GET\","
        + "\"path\":\"/files/main/a/a-1.0-py3-none-any.whl\",\"query\":\"sig=REDACTED&x=1\",\"protocol\":\"HTTP/1.1\","
        + "\"status\":200,\"bytes\":5120,\"duration_ms\":3,\"cache\":\"HIT\",\"user_agent\":\"uv/0.4\"}", line);
  }

  @Test
  void query_longOpaqueValue_isRedactedWhateverItsName() {
    assertEquals("x=REDACTED&y=short", Redaction.query("x=" + "A".repeat(40) + "&y=short"));
  }
}
