package dev.pantry.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Formats an {@link AccessEntry} as one log line, NCSA combined or JSON, with secrets redacted. */
public final class AccessLogLine {
  private static final DateTimeFormatter NCSA_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON = new JsonFactory();
  /** The last second formatted: a busy log formats each second once, not once per line. */
  private static volatile Second lastSecond = new Second(Long.MIN_VALUE, "");

  private record Second(long epochSecond, String text) {}

  private AccessLogLine() {}

  /**
   * NCSA combined format, then the cache status and the time taken:
   * {@code 203.0.113.7 - - [02/Nov/2026:10:00:00 +0000] "GET /files/… HTTP/1.1" 200 5120 "-" "pip/24.0" HIT 3ms}.
   * The user field is always {@code -}: an Authorization header is never read for the log.
   */
  public static String ncsa(AccessEntry e) {
    return ncsa(e, new StringBuilder(160)).toString();
  }

  /** As {@link #ncsa(AccessEntry)}, appended to {@code b}: a batch of lines is built in one buffer. */
  static StringBuilder ncsa(AccessEntry e, StringBuilder b) {
    clean(b, e.client()).append(" - - [").append(ncsaTime(e.time())).append("] \"");
    quoted(b, e.method()).append(' ');
    quoted(b, e.path());
    if (e.query() != null) {
      quoted(b.append('?'), String.valueOf(Redaction.query(e.query())));
    }
    quoted(b.append(' '), e.protocol());
    b.append("\" ").append(e.status()).append(' ');
    if (e.bytes() > 0) {
      b.append(e.bytes());
    } else {
      b.append('-');
    }
    String referer = e.referer() == null ? null : Redaction.url(e.referer());
    quoted(b.append(" \""), referer == null ? "-" : referer);
    quoted(b.append("\" \""), e.userAgent() == null ? "-" : e.userAgent());
    b.append("\" ");
    if (e.cache() == null) {
      b.append('-');
    } else {
      clean(b, e.cache());
    }
    return b.append(' ').append(e.millis()).append("ms");
  }

  private static String ncsaTime(Instant t) {
    Second s = lastSecond;
    if (s.epochSecond() != t.getEpochSecond()) {
      s = new Second(t.getEpochSecond(), NCSA_TIME.format(t));
      lastSecond = s; // a race formats the same second twice, which is harmless
    }
    return s.text();
  }

  /** One JSON object; absent values are left out. */
  public static String json(AccessEntry e) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeStringField("time", e.time().toString());
      g.writeStringField("client", e.client());
      g.writeStringField("method", e.method());
      g.writeStringField("path", e.path());
      optional(g, "query", Redaction.query(e.query()));
      g.writeStringField("protocol", e.protocol());
      g.writeNumberField("status", e.status());
      g.writeNumberField("bytes", e.bytes());
      g.writeNumberField("duration_ms", e.millis());
      optional(g, "cache", e.cache());
      optional(g, "referer", Redaction.url(e.referer()));
      optional(g, "user_agent", e.userAgent());
      g.writeEndObject();
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
    return out.toString();
  }

  private static void optional(JsonGenerator g, String name, @Nullable String value) throws IOException {
    if (value != null) {
      g.writeStringField(name, value);
    }
  }

  /** Inside quotes: quotes, backslashes and control characters escaped as Apache does, so a line stays one line. */
  private static StringBuilder quoted(StringBuilder b, String s) {
    int plain = 0;
    while (plain < s.length() && !escaped(s.charAt(plain))) {
      plain++;
    }
    b.append(s, 0, plain); // nearly always all of it: one copy rather than a call per character
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b;
  }

  private static boolean escaped(char c) {
    return c == '"' || c == '\\' || c < 0x20 || c == 0x7f;
  }

  /** Appends {@code s} with whitespace and control characters as {@code _}, so a field stays one token. */
  private static StringBuilder clean(StringBuilder b, String s) {
    int plain = 0;
    while (plain < s.length() && !blank(s.charAt(plain))) {
      plain++;
    }
    b.append(s, 0, plain);
    for (int i = plain; i < s.length(); i++) {
      char c = s.charAt(i);
      b.append(blank(c) ? '_' : c);
    }
    return b;
  }

  private static boolean blank(char c) {
    return Character.isWhitespace(c) || Character.isISOControl(c);
  }
}
