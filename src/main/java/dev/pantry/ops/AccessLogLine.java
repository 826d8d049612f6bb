package dev.pantry.ops;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Formats an {@link AccessEntry} as one log line, NCSA combined or JSON, with secrets redacted. */
public final class AccessLogLine {
  private static final DateTimeFormatter NCSA_TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.US).withZone(ZoneOffset.UTC);
  private static final JsonFactory JSON = new JsonFactory();

  private AccessLogLine() {}

  /**
   * NCSA combined format, then the cache status and the time taken:
   * {@code 203.0.113.7 - - [02/Nov/2026:10:00:00 +0000] "GET /files/… HTTP/1.1" 200 5120 "-" "pip/24.0" HIT 3ms}.
   * The user field is always {@code -}: an Authorization header is never read for the log.
   */
  public static String ncsa(AccessEntry e) {
    StringBuilder b = new StringBuilder(160);
    b.append(clean(e.client())).append(" - - [").append(NCSA_TIME.format(e.time())).append("] \"");
    quoted(b, e.method() + " " + e.path() + (e.query() == null ? "" : "?" + Redaction.query(e.query())) + " "
        + e.protocol());
    b.append("\" ").append(e.status()).append(' ').append(e.bytes() > 0 ? Long.toString(e.bytes()) : "-");
    b.append(" \"");
    String referer = Redaction.url(e.referer());
    quoted(b, referer == null ? "-" : referer);
    b.append("\" \"");
    quoted(b, e.userAgent() == null ? "-" : e.userAgent());
    b.append("\" ").append(e.cache() == null ? "-" : clean(e.cache())).append(' ').append(e.millis()).append("ms");
    return b.toString();
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
  private static void quoted(StringBuilder b, String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == 0x7f) {
        b.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
      } else {
        b.append(c);
      }
    }
  }

  /** Whitespace and control characters as {@code _}, so a field stays one token; by hand, as it runs per line. */
  private static String clean(String s) {
    char[] out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isWhitespace(c) || Character.isISOControl(c)) {
        if (out == null) {
          out = s.toCharArray();
        }
        out[i] = '_';
      }
    }
    return out == null ? s : new String(out);
  }
}
