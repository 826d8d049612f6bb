package dev.pantry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** A small blocking HTTP client for tests against loopback servers; no redirects followed. */
public final class Http {
  private static final HttpClient CLIENT = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(10))
      .followRedirects(HttpClient.Redirect.NEVER)
      .version(HttpClient.Version.HTTP_1_1)
      .build();

  private Http() {}

  /** GET with optional header name/value pairs; the body as bytes. */
  public static HttpResponse<byte[]> get(URI uri, String... headers) {
    return send(request(uri, headers).GET().build());
  }

  /** GET, the body as UTF-8 text. */
  public static String text(URI uri, String... headers) {
    return new String(get(uri, headers).body(), StandardCharsets.UTF_8);
  }

  /** POST with an empty body. */
  public static HttpResponse<byte[]> post(URI uri, String... headers) {
    return send(request(uri, headers).POST(HttpRequest.BodyPublishers.noBody()).build());
  }

  /** HEAD with optional header name/value pairs. */
  public static HttpResponse<byte[]> head(URI uri, String... headers) {
    return send(request(uri, headers).method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
  }

  private static HttpRequest.Builder request(URI uri, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b;
  }

  private static HttpResponse<byte[]> send(HttpRequest request) {
    try {
      return CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The body as UTF-8 text. */
  public static String body(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }
}
