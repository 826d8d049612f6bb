package dev.pantry.testing;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Blocker;
import org.eclipse.jetty.util.Callback;

/**
 * An index on an {@link Origin} for what {@link FakeUpstream}'s knobs do not express: project pages with an ETag that
 * answer 304 to a matching If-None-Match, and files whose body stops at a gate until the test opens it, so a download
 * is provably still under way. Pages live at {@code /simple/<project>/}, files at {@code /dl/<filename>}. Thread-safe.
 */
public final class GatedIndex implements AutoCloseable {

  /** A file the origin serves. */
  public record File(String project, String filename, byte[] bytes, String sha256) {}

  private Origin origin;
  private final Map<String, File> files = new ConcurrentHashMap<>();
  private final Map<String, Integer> phantoms = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> fileGets = new ConcurrentHashMap<>();
  private final AtomicInteger pageGets = new AtomicInteger();
  private final AtomicInteger pageNotModified = new AtomicInteger();
  private volatile long gateAt = -1;
  private volatile CountDownLatch gate = new CountDownLatch(0);
  private volatile String pageVersion = "v1";

  private GatedIndex() {}

  public static GatedIndex start() {
    GatedIndex index = new GatedIndex();
    index.origin = Origin.start("gated", "127.0.0.1", new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        index.serve(request, response, callback);
        return true;
      }
    });
    return index;
  }

  /** Adds a file of {@code size} random (seeded) bytes to {@code project}'s page. */
  public File add(String project, String filename, int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    File f = new File(project, filename, bytes, sha256(bytes));
    files.put(filename, f);
    return f;
  }

  /**
   * Lists {@code count} more files on {@code project}'s page that the origin does not serve (each with its own
   * sha256): a large page, to be parsed and stored, never downloaded.
   */
  public void addListed(String project, int count) {
    phantoms.merge(project, count, Integer::sum);
  }

  /** From now on, file bodies stop after {@code bytes} bytes until {@link #open()}. */
  public void closeGateAt(long bytes) {
    gate = new CountDownLatch(1);
    gateAt = bytes;
  }

  public void open() {
    gate.countDown();
  }

  /** Changes the page's ETag (as if a file were uploaded). */
  public void bumpPageVersion(String version) {
    pageVersion = version;
  }

  public URI indexUrl() {
    return origin.url("/simple/");
  }

  public int fileGets(String filename) {
    AtomicInteger n = fileGets.get(filename);
    return n == null ? 0 : n.get();
  }

  public int pageGets() {
    return pageGets.get();
  }

  /** Page requests answered 304 because their If-None-Match matched. */
  public int pageNotModified() {
    return pageNotModified.get();
  }

  private void serve(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getDecodedPath();
    if (path.startsWith("/simple/") && path.endsWith("/") && path.length() > "/simple//".length()) {
      page(request, response, callback, path.substring("/simple/".length(), path.length() - 1));
    } else if (path.startsWith("/dl/") && files.containsKey(path.substring(4))) {
      file(response, callback, files.get(path.substring(4)));
    } else {
      send(response, callback, 404, "text/plain", "not found".getBytes(StandardCharsets.UTF_8));
    }
  }

  private void page(Request request, Response response, Callback callback, String project) {
    pageGets.incrementAndGet();
    String etag = "\"" + pageVersion + "\"";
    response.getHeaders().put(HttpHeader.ETAG, etag);
    if (etag.equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
      pageNotModified.incrementAndGet();
      response.setStatus(304);
      callback.succeeded();
      return;
    }
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>\n");
    for (File f : files.values()) {
      if (f.project().equals(project)) {
        html.append("<a href=\"../../dl/").append(f.filename()).append("#sha256=").append(f.sha256()).append("\">")
            .append(f.filename()).append("</a><br/>\n");
      }
    }
    for (int i = 0; i < phantoms.getOrDefault(project, 0); i++) {
      String name = project + "-" + i + ".0.tar.gz";
      html.append("<a href=\"../../dl/").append(name).append("#sha256=")
          .append(sha256((project + i).getBytes(StandardCharsets.UTF_8))).append("\">").append(name)
          .append("</a><br/>\n");
    }
    html.append("</body></html>\n");
    send(response, callback, 200, "text/html; charset=utf-8", html.toString().getBytes(StandardCharsets.UTF_8));
  }

  private void file(Response response, Callback callback, File f) throws Exception {
    fileGets.computeIfAbsent(f.filename(), k -> new AtomicInteger()).incrementAndGet();
    response.setStatus(200);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, f.bytes().length);
    long at = gateAt;
    int first = at < 0 ? f.bytes().length : (int) Math.min(at, f.bytes().length);
    try {
      write(response, false, ByteBuffer.wrap(f.bytes(), 0, first));
      if (first < f.bytes().length) {
        // Bounded, so a test that forgets to open the gate fails instead of hanging.
        gate.await(60, TimeUnit.SECONDS);
      }
      write(response, true, ByteBuffer.wrap(f.bytes(), first, f.bytes().length - first));
      callback.succeeded();
    } catch (IOException e) {
      callback.failed(e);
    }
  }

  private static void write(Response response, boolean last, ByteBuffer buf) throws IOException {
    try (Blocker.Callback blocker = Blocker.callback()) {
      response.write(last, buf, blocker);
      blocker.block();
    }
  }

  private static void send(Response response, Callback callback, int status, String type, byte[] body) {
    response.setStatus(status);
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
    response.write(true, ByteBuffer.wrap(body), callback);
  }

  public static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    gate.countDown();
    origin.close();
  }
}
