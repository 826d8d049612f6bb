package dev.pantry.mirror;

import dev.pantry.config.Credentials;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Secret;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.web.PantryServer;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

/**
 * A running mirror in front of a {@link FakeUpstream}, and a JDK HTTP client to talk to it. The mirror's only
 * upstream is the fake GitLab registry (id {@code main}); the fake itself sends unknown projects to its public index.
 */
final class Mirror implements AutoCloseable {
  static final String USER = "deploy";
  static final String TOKEN = "glpat-Xq7TOKEN-do-not-leak";
  static final String BASIC = "Basic "
      + Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
  static final String PIP_ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";

  /** Follows no redirects, so tests see the mirror's 301s; HTTP/1.1 so no h2c upgrade dance. */
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(5))
      .build();

  final FakeUpstream upstream;
  final Path data;
  final PantryConfig config;
  private PantryServer server;

  private Mirror(FakeUpstream upstream, Path data, PantryConfig config, PantryServer server) {
    this.upstream = upstream;
    this.data = data;
    this.config = config;
    this.server = server;
  }

  /** Basic {@code deploy:<token>} credentials. */
  static Credentials basic() {
    return new Credentials.Basic(USER, Secret.of(TOKEN));
  }

  /** GitLab's {@code PRIVATE-TOKEN} header. */
  static Credentials privateToken() {
    return new Credentials.Header("PRIVATE-TOKEN", Secret.of(TOKEN));
  }

  static PantryConfig config(FakeUpstream upstream, Path data, Credentials credentials) {
    return PantryConfig.of(new UpstreamConfig("main", upstream.registryIndexUrl(), credentials), data);
  }

  /** Starts a fresh fake upstream and a mirror of its registry, the config adjusted by {@code tweak}. */
  static Mirror start(Path data, Credentials credentials, UnaryOperator<PantryConfig> tweak) throws Exception {
    FakeUpstream upstream = FakeUpstream.start(USER, TOKEN);
    try {
      return start(upstream, tweak.apply(config(upstream, data, credentials)));
    } catch (Exception | Error e) {
      upstream.close();
      throw e;
    }
  }

  static Mirror start(Path data, Credentials credentials) throws Exception {
    return start(data, credentials, c -> c);
  }

  /** A mirror with {@code config} in front of an upstream the caller already started; closing closes both. */
  static Mirror start(FakeUpstream upstream, PantryConfig config) throws Exception {
    PantryServer server = PantryServer.newServer(config);
    try {
      server.start();
    } catch (Exception e) {
      server.close();
      throw e;
    }
    return new Mirror(upstream, config.dataDir(), config, server);
  }

  /** Stops this mirror and starts another on the same data directory with {@code config}. */
  void restart(PantryConfig newConfig) throws Exception {
    server.close();
    server = PantryServer.newServer(newConfig);
    server.start();
  }

  URI uri(String pathAndQuery) {
    return server.uri().resolve(pathAndQuery);
  }

  URI base() {
    return server.uri();
  }

  HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
    return send("GET", uri(path), headers);
  }

  static HttpResponse<byte[]> send(String method, URI uri, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse("");
  }

  /** The upstream's three origins as {@code host:port}: none may appear in anything the mirror serves. */
  List<String> upstreamAuthorities() {
    return List.of(upstream.registryIndexUrl().getRawAuthority(), upstream.publicIndexUrl().getRawAuthority(),
        upstream.storageBaseUrl().getRawAuthority());
  }

  /** Every regular file under {@code <data>/<dir>}. */
  List<Path> filesUnder(String dir) throws IOException {
    Path root = data.resolve(dir);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root, 8)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /** The credential headers each request to {@code origin} carried, one string per request. */
  List<String> credentialsSeenBy(String origin) {
    return upstream.requests().stream()
        .filter(r -> r.origin().equals(origin))
        .map(r -> "Authorization=" + r.header("Authorization") + " PRIVATE-TOKEN=" + r.header("PRIVATE-TOKEN"))
        .toList();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException("could not stop the mirror", e);
    } finally {
      upstream.close();
    }
  }
}
