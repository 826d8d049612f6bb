package dev.pantry.files;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pantry.storage.Blob;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jetty.http.DateGenerator;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.PreEncodedHttpField;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.jspecify.annotations.Nullable;

/**
 * HTTP for a verified blob: GET and HEAD, its sha256 as a strong ETag, {@code Cache-Control: immutable},
 * {@code If-Match}, {@code If-None-Match}, {@code If-Modified-Since}, {@code If-Unmodified-Since}, single and multipart
 * byte ranges with 416, and {@code If-Range} (a stale validator gets the whole file with 200), per RFC 9110. Files are
 * never compressed, so there is no {@code Vary}.
 */
final class BlobResponse {
  static final String IMMUTABLE = "public, max-age=31536000, immutable";
  static final String OCTET_STREAM = "application/octet-stream";
  // Header fields every hit sends, encoded once: Jetty copies their bytes instead of sanitizing each character.
  private static final HttpField CONTENT_TYPE = new PreEncodedHttpField(HttpHeader.CONTENT_TYPE, OCTET_STREAM);
  private static final HttpField NOSNIFF = new PreEncodedHttpField("X-Content-Type-Options", "nosniff");
  private static final HttpField CACHE_HIT = new PreEncodedHttpField("X-Pantry-Cache", "HIT");
  private static final HttpField CACHE_MISS = new PreEncodedHttpField("X-Pantry-Cache", "MISS");
  private static final HttpField FOREVER = new PreEncodedHttpField(HttpHeader.CACHE_CONTROL, IMMUTABLE);
  private static final HttpField BYTE_RANGES = new PreEncodedHttpField(HttpHeader.ACCEPT_RANGES, "bytes");
  /**
   * Each blob's validators, encoded once for the blobs asked for most. The bytes never change; the time they were
   * stored can (stored again after a removal), so a kept entry counts only for the same second.
   */
  private static final Cache<String, Validators> VALIDATORS = Caffeine.newBuilder().maximumSize(8192)
      .executor(Runnable::run).build();

  private record Validators(HttpField etag, HttpField lastModified, long storedSecond) {
    static Validators of(Blob blob) {
      return new Validators(new PreEncodedHttpField(HttpHeader.ETAG, BlobResponse.etag(blob.sha256())),
          new PreEncodedHttpField(HttpHeader.LAST_MODIFIED, DateGenerator.formatDate(blob.storedAt())),
          blob.storedAt().getEpochSecond());
    }
  }

  private static Validators validators(Blob blob) {
    Validators v = VALIDATORS.getIfPresent(blob.sha256());
    if (v == null || v.storedSecond() != blob.storedAt().getEpochSecond()) {
      v = Validators.of(blob);
      VALIDATORS.put(blob.sha256(), v);
    }
    return v;
  }

  private BlobResponse() {}

  /** The ETag of a blob: its sha256, quoted. */
  static String etag(String sha256) {
    return "\"" + sha256 + "\"";
  }

  /** The headers every file answer carries, cached or not. */
  static void common(Response response, String sha256OrNull, String cacheStatus) {
    HttpFields.Mutable h = response.getHeaders();
    fixed(h, cacheStatus);
    if (!sha256OrNull.isEmpty()) {
      h.add(HttpHeader.ETAG, etag(sha256OrNull));
      h.add(FOREVER);
    }
  }

  private static void fixed(HttpFields.Mutable h, String cacheStatus) {
    // add, not put: a file's response starts with no headers, so there is nothing to replace or scan for.
    h.add(CONTENT_TYPE);
    h.add(NOSNIFF);
    h.add(cacheStatus.equals("HIT") ? CACHE_HIT : cacheStatus.equals("MISS") ? CACHE_MISS
        : new PreEncodedHttpField("X-Pantry-Cache", cacheStatus));
  }

  /** Answers {@code request} with {@code blob}'s bytes from {@code body}, then completes {@code callback}. */
  static void send(Request request, Response response, Callback callback, Blob blob, BlobBody body,
      String cacheStatus) {
    String etag = etag(blob.sha256());
    Instant modified = blob.storedAt();
    HttpFields req = request.getHeaders();
    HttpFields.Mutable h = response.getHeaders();
    Validators v = validators(blob);
    fixed(h, cacheStatus);
    h.add(v.etag());
    h.add(FOREVER);
    h.add(v.lastModified());
    h.add(BYTE_RANGES);
    int precondition = preconditions(req, etag, modified);
    if (precondition != 0) {
      response.setStatus(precondition);
      if (precondition == 304) {
        h.remove(HttpHeader.CONTENT_TYPE);
        callback.succeeded();
      } else {
        h.put(HttpHeader.CONTENT_LENGTH, 0);
        response.write(true, null, callback);
      }
      return;
    }
    boolean head = HttpMethod.HEAD.is(request.getMethod());
    String ifRange = req.get(HttpHeader.IF_RANGE);
    ByteRanges.Parsed ranges = ifRange != null && !ifRangeMatches(ifRange, etag, modified)
        ? new ByteRanges.Parsed.Whole() : ByteRanges.parse(req.get(HttpHeader.RANGE), blob.size());
    if (ranges instanceof ByteRanges.Parsed.Unsatisfiable) {
      response.setStatus(416);
      h.put(HttpHeader.CONTENT_RANGE, "bytes */" + blob.size());
      h.put(HttpHeader.CONTENT_LENGTH, 0);
      response.write(true, null, callback);
    } else if (ranges instanceof ByteRanges.Parsed.Ranges r && r.ranges().size() == 1) {
      ByteRanges.Range one = r.ranges().get(0);
      response.setStatus(206);
      h.put(HttpHeader.CONTENT_RANGE, one.contentRange(blob.size()));
      h.put(HttpHeader.CONTENT_LENGTH, one.length());
      write(response, callback, body, one.first(), one.length(), head);
    } else if (ranges instanceof ByteRanges.Parsed.Ranges r) {
      multipart(response, callback, blob, body, r.ranges(), head);
    } else {
      response.setStatus(200);
      h.put(HttpHeader.CONTENT_LENGTH, blob.size());
      write(response, callback, body, 0, blob.size(), head);
    }
  }

  private static void write(Response response, Callback callback, BlobBody body, long offset, long length,
      boolean head) {
    if (head) {
      response.write(true, null, callback);
    } else {
      body.write(response, offset, length, true, callback);
    }
  }

  /**
   * A multipart/byteranges body (RFC 9110 section 14.6): each part its own Content-Type and Content-Range, written
   * one after the other from the blob, with an exact Content-Length.
   */
  private static void multipart(Response response, Callback callback, Blob blob, BlobBody body,
      List<ByteRanges.Range> ranges, boolean head) {
    String boundary = MultiPart.generateBoundary(null, 24);
    List<ByteBuffer> heads = new ArrayList<>();
    long length = 0;
    for (ByteRanges.Range r : ranges) {
      byte[] h = ((heads.isEmpty() ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + OCTET_STREAM
          + "\r\nContent-Range: " + r.contentRange(blob.size()) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      heads.add(ByteBuffer.wrap(h));
      length += h.length + r.length();
    }
    ByteBuffer tail = ByteBuffer.wrap(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    length += tail.remaining();
    response.setStatus(206);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "multipart/byteranges; boundary=" + boundary);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
    if (head) {
      response.write(true, null, callback);
      return;
    }
    new IteratingCallback() {
      private int part;
      private boolean headSent;

      @Override
      protected Action process() {
        if (part == ranges.size()) {
          if (tail.hasRemaining()) {
            response.write(true, tail, this);
            return Action.SCHEDULED;
          }
          return Action.SUCCEEDED;
        }
        if (!headSent) {
          headSent = true;
          response.write(false, heads.get(part), this);
        } else {
          ByteRanges.Range r = ranges.get(part++);
          headSent = false;
          body.write(response, r.first(), r.length(), false, this);
        }
        return Action.SCHEDULED;
      }

      @Override
      protected void onCompleteSuccess() {
        callback.succeeded();
      }

      @Override
      protected void onCompleteFailure(Throwable cause) {
        callback.failed(cause);
      }
    }.iterate();
  }

  /**
   * The status a failed precondition answers with (412, or 304 for a matching If-None-Match or an unchanged
   * If-Modified-Since), or 0 to go on. RFC 9110 section 13.2.2 order; validators are compared strongly for If-Match,
   * weakly for If-None-Match.
   */
  static int preconditions(HttpFields req, String etag, Instant modified) {
    String ifMatch = req.get(HttpHeader.IF_MATCH);
    if (ifMatch != null) {
      if (!matches(ifMatch, etag, false)) {
        return 412;
      }
    } else {
      Instant since = date(req.get(HttpHeader.IF_UNMODIFIED_SINCE));
      if (since != null && modified.getEpochSecond() > since.getEpochSecond()) {
        return 412;
      }
    }
    String ifNoneMatch = req.get(HttpHeader.IF_NONE_MATCH);
    if (ifNoneMatch != null) {
      return matches(ifNoneMatch, etag, true) ? 304 : 0;
    }
    Instant since = date(req.get(HttpHeader.IF_MODIFIED_SINCE));
    return since != null && modified.getEpochSecond() <= since.getEpochSecond() ? 304 : 0;
  }

  /** Whether a list of entity tags (or {@code *}) matches; weak comparison ignores {@code W/}. */
  static boolean matches(String list, String etag, boolean weak) {
    for (String candidate : list.split(",")) {
      String c = candidate.strip();
      if (c.equals("*")) {
        return true;
      }
      if (c.startsWith("W/")) {
        if (!weak) {
          continue;
        }
        c = c.substring(2);
      }
      if (c.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * RFC 9110 section 13.1.5: an entity tag matches only by strong comparison (a weak tag never does); a date matches
   * only when it equals the file's Last-Modified.
   */
  static boolean ifRangeMatches(String value, String etag, Instant lastModified) {
    String v = value.strip();
    if (v.startsWith("W/")) {
      return false;
    }
    if (v.startsWith("\"")) {
      return v.equals(etag);
    }
    Instant d = date(v);
    return d != null && d.getEpochSecond() == lastModified.getEpochSecond();
  }

  private static @Nullable Instant date(@Nullable String value) {
    if (value == null) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** An empty buffer, for writes that only end a response. */
  static ByteBuffer empty() {
    return ByteBuffer.allocate(0);
  }
}
