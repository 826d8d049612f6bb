package dev.pantry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pantry.config.Credentials;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Secret;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import dev.pantry.web.PantryServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A real data directory made by running the mirror ({@link PantryServer}) against {@link FakeUpstream} and
 * downloading wheels through it, and the command line run against it in-process.
 *
 * <p>Catalog: {@code alpha} 1.0, 1.1, 2.0rc1, 2.0; {@code beta} 0.9 (yanked), 1.0; {@code gamma} 3.0.
 */
final class MirrorFixture implements AutoCloseable {
  static final Wheel ALPHA_10 = WheelBuilder.build("alpha", "1.0", List.of(), null);
  static final Wheel ALPHA_11 = WheelBuilder.build("alpha", "1.1", List.of(), null);
  static final Wheel ALPHA_20RC1 = WheelBuilder.build("alpha", "2.0rc1", List.of(), null);
  static final Wheel ALPHA_20 = WheelBuilder.build("alpha", "2.0", List.of(), null);
  static final Wheel BETA_09 = WheelBuilder.build("beta", "0.9", List.of(), null);
  static final Wheel BETA_10 = WheelBuilder.build("beta", "1.0", List.of(), null);
  static final Wheel GAMMA_30 = WheelBuilder.build("gamma", "3.0", List.of(), null);
  static final List<Wheel> ALL = List.of(ALPHA_10, ALPHA_11, ALPHA_20RC1, ALPHA_20, BETA_09, BETA_10, GAMMA_30);

  final FakeUpstream upstream;
  final Path data;
  final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private @Nullable PantryServer server;

  /** What a command printed and returned. */
  record Run(int code, String out, String err) {}

  private MirrorFixture(Path data) {
    this.data = data;
    this.upstream = FakeUpstream.start("deploy", "s3cret");
    for (Wheel w : ALL) {
      upstream.addPrivate(w, w == BETA_09 ? "broken build" : null);
    }
  }

  /** Starts the fake upstream and the mirror on {@code data}. */
  static MirrorFixture start(Path data) throws Exception {
    MirrorFixture f = new MirrorFixture(data);
    f.startServer();
    return f;
  }

  PantryConfig config() {
    UpstreamConfig main = new UpstreamConfig("main", upstream.registryIndexUrl(),
        new Credentials.Basic("deploy", Secret.of("s3cret")));
    return PantryConfig.of(main, data).withPageTtl(Duration.ofHours(1));
  }

  void startServer() throws Exception {
    server = PantryServer.newServer(config()).start();
  }

  void stopServer() throws Exception {
    if (server != null) {
      server.close();
      server = null;
    }
  }

  URI uri() {
    if (server == null) {
      throw new IllegalStateException("the mirror is not running");
    }
    return server.uri();
  }

  static String fileUrlPath(Wheel w) {
    return "files/main/" + w.normalizedProject() + "/" + w.filename();
  }

  HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
    HttpRequest r = HttpRequest.newBuilder(uri().resolve(path)).timeout(Duration.ofSeconds(30)).build();
    return http.send(r, HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Downloads a wheel through the mirror and checks it is whole and right. */
  void download(Wheel w) throws Exception {
    HttpResponse<byte[]> r = get(fileUrlPath(w));
    assertEquals(200, r.statusCode(), () -> w.filename() + ": " + new String(r.body()));
    assertEquals(w.sha256(), sha256(r.body()), w.filename());
  }

  /** Downloads a wheel's PEP 658 metadata file through the mirror. */
  void downloadMetadata(Wheel w) throws Exception {
    HttpResponse<byte[]> r = get(fileUrlPath(w) + ".metadata");
    assertEquals(200, r.statusCode(), w.metadataFilename());
    assertEquals(w.metadataSha256(), sha256(r.body()));
  }

  /** Runs {@code pantry <args> --data <data>}. */
  Run cli(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--data");
    all.add(data.toString());
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** Where the blob with this sha256 lives. */
  Path blob(String sha256) {
    return data.resolve("blobs").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  boolean hasBlob(Wheel w) {
    return Files.isRegularFile(blob(w.sha256()));
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() throws Exception {
    try {
      stopServer();
    } finally {
      upstream.close();
    }
  }
}
