package dev.pantry.testing;

import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A public index on 127.0.0.1 with one project, {@code slow}, whose one file is sent in chunks with a pause between
 * them, so a download stays in flight long enough to stop a server under it.
 */
public final class SlowOrigin implements AutoCloseable {
  public static final String FILENAME = "slow-1.0-py3-none-any.whl";

  private final Server server = new Server();
  private final byte[] file;
  private final String sha256;
  private final int chunk;
  private final long pauseMillis;

  /** {@code chunks} chunks of {@code chunk} bytes, {@code pauseMillis} apart. */
  public SlowOrigin(int chunks, int chunk, long pauseMillis) throws Exception {
    this.chunk = chunk;
    this.pauseMillis = pauseMillis;
    this.file = new byte[chunks * chunk];
    new Random(42).nextBytes(file);
    this.sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(file));
    ServerConnector connector = new ServerConnector(server, 1, 1);
    connector.setHost("127.0.0.1");
    server.addConnector(connector);
    server.setHandler(new Handler.Abstract() {
      @Override
      public boolean handle(Request request, Response response, Callback callback) throws Exception {
        serve(request, response, callback);
        return true;
      }
    });
    server.setStopTimeout(0);
    server.start();
  }

  public URI indexUrl() {
    return URI.create("http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort() + "/simple/");
  }

  public byte[] file() {
    return file.clone();
  }

  public String sha256() {
    return sha256;
  }

  private void serve(Request request, Response response, Callback callback) throws Exception {
    String path = Request.getPathInContext(request);
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
    try {
      server.stop();
    } catch (Exception e) {
      throw new IllegalStateException("could not stop the slow origin", e);
    }
  }
}
