package dev.pantry.testing;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * A public index on 127.0.0.1 with one project, {@code slow}, whose one file is sent in chunks with a pause between
 * them, so a download stays in flight long enough to stop a server under it.
 */
public final class SlowOrigin implements AutoCloseable {
  public static final String FILENAME = "slow-1.0-py3-none-any.whl";

  private final Origin origin;
  private final byte[] file;
  private final String sha256;
  private final int chunk;
  private final long pauseMillis;

  /** {@code chunks} chunks of {@code chunk} bytes, {@code pauseMillis} apart. */
  public SlowOrigin(int chunks, int chunk, long pauseMillis) {
    this.chunk = chunk;
    this.pauseMillis = pauseMillis;
    this.file = new byte[chunks * chunk];
    new Random(42).nextBytes(file);
    this.sha256 = dev.pantry.storage.Digests.sha256Hex(file);
    this.origin = Origin.start("slow", "127.0.0.1", new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        serve(request, response, callback);
        return true;
      }
    });
  }

  public URI indexUrl() {
    return origin.url("/simple/");
  }

  public byte[] file() {
    return file.clone();
  }

  public String sha256() {
    return sha256;
  }

  private void serve(Request request, Response response, Callback callback) throws Exception {
    String path = request.getHttpURI().getPath();
    if (path.equals("/simple/slow/")) {
      byte[] page = ("<!DOCTYPE html><html><body><a href=\"/packages/" + FILENAME + "#sha256=" + sha256 + "\">"
          + FILENAME + "</a></body></html>").getBytes(StandardCharsets.UTF_8);
      response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/html; charset=utf-8");
      response.write(true, java.nio.ByteBuffer.wrap(page), callback);
      return;
    }
    if (!path.equals("/packages/" + FILENAME)) {
      response.setStatus(404);
      callback.succeeded();
      return;
    }
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, file.length);
    try (OutputStream out = Content.Sink.asOutputStream(response)) {
      for (int at = 0; at < file.length; at += chunk) {
        out.write(file, at, chunk);
        out.flush();
        Thread.sleep(pauseMillis);
      }
      callback.succeeded();
    } catch (Exception e) {
      callback.failed(e);
    }
  }

  @Override
  public void close() {
    origin.close();
  }
}
