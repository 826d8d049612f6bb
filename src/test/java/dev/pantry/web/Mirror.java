package dev.pantry.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pantry.config.Credentials;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Secret;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A real mirror in front of {@link FakeUpstream}, with a small catalog downloaded through it, and an HTTP client.
 * Upstreams: {@code pub} (the public index, first) and {@code gitlab} (the private registry with credentials that
 * must never show in the UI or the API).
 */
final class Mirror implements AutoCloseable {
  static final String USER = "ci-bot-user";
  static final String TOKEN = "s3cret-upstream-token";

  static final Wheel ALPHA_1 = WheelBuilder.build("alpha", "1.0", List.of(), null);
  static final Wheel ALPHA_2RC = WheelBuilder.build("alpha", "2.0rc1", List.of(), ">=3.8");
  static final Wheel ALPHA_2 = WheelBuilder.build("alpha", "2.0", List.of(), ">=3.8");
  static final Wheel BETA = WheelBuilder.build("Beta_Pkg", "0.1", List.of(), null);
  static final Wheel GAMMA = WheelBuilder.build("gamma", "1.0", List.of("alpha>=1"), null);
  static final Wheel SECRET_OLD = WheelBuilder.build("secret-tool", "1.0", List.of(), null);
  static final Wheel SECRET_NEW = WheelBuilder.build("secret-tool", "1.1", List.of(), null);

  /** What {@link #populate()} downloads: every wheel above except {@link #ALPHA_2RC} and {@link #SECRET_OLD}. */
  static final List<Wheel> DOWNLOADED = List.of(ALPHA_1, ALPHA_2, BETA, GAMMA, SECRET_NEW);

  final FakeUpstream upstream;
  final PantryServer server;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Mirror(FakeUpstream upstream, PantryServer server) {
    this.upstream = upstream;
    this.server = server;
  }

  static Mirror start(Path dataDir, @Nullable String adminToken) throws Exception {
    FakeUpstream upstream = FakeUpstream.start(USER, TOKEN);
    try {
      for (Wheel w : List.of(ALPHA_1, ALPHA_2RC, ALPHA_2, BETA, GAMMA)) {
        upstream.addPublic(w);
      }
      upstream.addPrivate(SECRET_OLD, "broken build");
      upstream.addPrivate(SECRET_NEW);
      PantryConfig config = PantryConfig.of(new UpstreamConfig("pub", upstream.publicIndexUrl(),
              new Credentials.None()), dataDir)
          .withUpstreams(List.of(
              new UpstreamConfig("pub", upstream.publicIndexUrl(), new Credentials.None()),
              new UpstreamConfig("gitlab", upstream.registryIndexUrl(),
                  new Credentials.Basic(USER, Secret.of(TOKEN)))))
          .withAdminToken(adminToken == null ? null : Secret.of(adminToken));
      PantryServer server = PantryServer.newServer(config).start();
      return new Mirror(upstream, server);
    } catch (Exception | Error e) {
      upstream.close();
      throw e;
    }
  }

  /** Downloads {@link #DOWNLOADED} through the mirror (each once, ALPHA_2 twice: one miss, one hit). */
  Mirror populate() throws Exception {
    for (Wheel w : DOWNLOADED) {
      download(w);
    }
    download(ALPHA_2);
    server.flushStats();
    return this;
  }

  static String upstreamOf(Wheel w) {
    return w.project().startsWith("secret") ? "gitlab" : "pub";
  }

  /** Fetches a wheel through the mirror and checks its bytes. */
  void download(Wheel w) throws Exception {
    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(
            uri("files/" + upstreamOf(w) + "/" + w.normalizedProject() + "/" + w.filename())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), "download of " + w.filename());
    assertArrayEquals(w.bytes(), r.body(), "bytes of " + w.filename());
  }

  URI uri(String path) {
    return server.uri().resolve(path);
  }

  HttpResponse<String> send(String method, String path, String... headers) throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  HttpResponse<String> get(String path, String... headers) throws IOException, InterruptedException {
    return send("GET", path, headers);
  }

  /** GETs an API path, expects 200 with JSON, returns the parsed tree. */
  @Nullable Object json(String path) throws IOException, InterruptedException {
    HttpResponse<String> r = get(path);
    assertEquals(200, r.statusCode(), () -> path + ": " + r.body());
    assertEquals("application/json", r.headers().firstValue("Content-Type").orElse(""));
    return JsonTree.parse(r.body());
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      throw new IllegalStateException("the mirror did not stop cleanly", e);
    } finally {
      upstream.close();
    }
  }
}
