package dev.pantry.web;

import dev.pantry.cache.BlobStore;
import dev.pantry.cache.DiskBlobStore;
import dev.pantry.config.PantryConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

/** A real Pantry on a loopback port, and a plain HTTP/1.1 client to talk to it. */
final class LocalMirror implements AutoCloseable {
  final PantryServer server;
  final PantryConfig config;
  final HttpClient http = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  private LocalMirror(PantryServer server, PantryConfig config) {
    this.server = server;
    this.config = config;
  }

  static LocalMirror start(PantryConfig config) throws Exception {
    return start(config, new DiskBlobStore(config.dataDir()));
  }

  static LocalMirror start(PantryConfig config, BlobStore blobs) throws Exception {
    return new LocalMirror(PantryServer.newServer(config, blobs).start(), config);
  }

  URI uri(String path) {
    return server.uri().resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  /** A GET; {@code headers} are name, value pairs. */
  HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
    return http.send(request(path, "GET", headers), HttpResponse.BodyHandlers.ofByteArray());
  }

  HttpResponse<byte[]> head(String path, String... headers) throws IOException, InterruptedException {
    return http.send(request(path, "HEAD", headers), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A GET whose body the caller reads at its own pace. */
  HttpResponse<InputStream> open(String path) throws IOException, InterruptedException {
    return http.send(request(path, "GET"), HttpResponse.BodyHandlers.ofInputStream());
  }

  HttpRequest request(String path, String method, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  /** The mirror URL path of a file of the single upstream. */
  String filePath(String project, String filename) {
    return "/files/" + config.upstreams().get(0).id() + "/" + project + "/" + filename;
  }

  /** Where the blob with this sha256 lives in the data directory. */
  Path blob(String sha256) {
    return blobPath(config.dataDir(), sha256);
  }

  static Path blobPath(Path dataDir, String sha256) {
    return dataDir.resolve("blobs").resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
  }

  /** How many blobs the data directory holds. */
  long blobCount() throws IOException {
    try (Stream<Path> s = Files.walk(config.dataDir().resolve("blobs"))) {
      return s.filter(Files::isRegularFile).count();
    }
  }

  /** How many files the temp area holds. */
  long tempCount() throws IOException {
    try (Stream<Path> s = Files.list(config.dataDir().resolve("tmp"))) {
      return s.count();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      server.close();
    } catch (Exception e) {
      throw new IOException("cannot stop the mirror", e);
    }
  }
}
