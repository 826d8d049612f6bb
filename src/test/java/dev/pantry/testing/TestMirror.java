package dev.pantry.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pantry.cli.Main;
import dev.pantry.config.Credentials;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Secret;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.runtime.Backends;
import dev.pantry.server.PantryServer;
import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The one mirror fixture: a real {@link PantryServer} on a loopback port in front of a {@link FakeUpstream}, an HTTP
 * client to talk to it, the command line run in-process against its data directory, and questions to its store.
 *
 * <p>By default the mirror's one upstream is the fake GitLab registry (id {@code main}, Basic
 * {@code deploy:<token>}); {@link #twoUpstreams} puts the public index first and the registry second, as the UI's
 * tests have it. Closing stops the server and, when this fixture started it, the upstream.
 */
public final class TestMirror implements AutoCloseable {
  public static final String USER = "deploy";
  public static final String TOKEN = "glpat-Xq7TOKEN-do-not-leak";
  public static final String BASIC = "Basic "
      + Base64.getEncoder().encodeToString((USER + ":" + TOKEN).getBytes(StandardCharsets.UTF_8));
  public static final String PIP_ACCEPT =
      "application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html; q=0.1, text/html; q=0.01";

  /** Follows no redirects, so tests see the mirror's 301s; HTTP/1.1 so no h2c upgrade dance. */
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1)
      .followRedirects(HttpClient.Redirect.NEVER)
      .connectTimeout(Duration.ofSeconds(10))
      .build();

  /** The fake upstream, or null for a mirror of another index ({@link Builder#index}). */
  public final @Nullable FakeUpstream upstream;
  public final Path data;
  private final boolean ownsUpstream;
  private final Backends.Overrides overrides;
  private final Clock clock;
  private final @Nullable Supplier<PantryConfig> reload;
  private PantryConfig config;
  private @Nullable PantryServer server;

  /** What a command printed and returned. */
  public record Run(int code, String out, String err) {}

  private TestMirror(@Nullable FakeUpstream upstream, boolean ownsUpstream, PantryConfig config,
      Backends.Overrides overrides, Clock clock, @Nullable Supplier<PantryConfig> reload) {
    this.reload = reload;
    this.upstream = upstream;
    this.ownsUpstream = ownsUpstream;
    this.data = config.dataDir();
    this.config = config;
    this.overrides = overrides;
    this.clock = clock;
  }

  /** How a test wants its mirror. */
  public static final class Builder {
    private final Path data;
    private @Nullable FakeUpstream upstream;
    private UnaryOperator<PantryConfig> tweak = c -> c;
    private @Nullable BlobStore blobs;
    private Clock clock = Clock.systemUTC();
    private @Nullable Credentials credentials;
    private boolean two;
    private boolean publicIndex;
    private @Nullable URI index;
    private @Nullable PantryConfig fixed;
    private @Nullable Supplier<PantryConfig> reload;

    private Builder(Path data) {
      this.data = data;
    }

    /** In front of this upstream, which the caller closes. */
    public Builder upstream(FakeUpstream u) {
      this.upstream = u;
      return this;
    }

    /** Credentials for the registry (default Basic {@code deploy:<token>}). */
    public Builder credentials(Credentials c) {
      this.credentials = c;
      return this;
    }

    /** The fake's public index (no credentials) as the one upstream {@code main}, instead of its registry. */
    public Builder publicIndex() {
      this.publicIndex = true;
      return this;
    }

    /** Another index (a {@link GatedIndex}, say) as the one upstream {@code main}; no fake upstream is started. */
    public Builder index(URI indexUrl) {
      this.index = indexUrl;
      return this;
    }

    /** Upstreams {@code pub} (the public index, first) and {@code gitlab} (the registry, with credentials). */
    public Builder twoUpstreams() {
      this.two = true;
      return this;
    }

    public Builder config(UnaryOperator<PantryConfig> t) {
      UnaryOperator<PantryConfig> before = this.tweak;
      this.tweak = c -> t.apply(before.apply(c));
      return this;
    }

    /** A store in place of the data directory's (a bounded memory store plays a full disk). */
    public Builder blobs(BlobStore store) {
      this.blobs = store;
      return this;
    }

    /** What SIGHUP or {@code POST /admin/reload} loads (by default the config in force again). */
    public Builder reloadFrom(Supplier<PantryConfig> source) {
      this.reload = source;
      return this;
    }

    public Builder clock(Clock c) {
      this.clock = c;
      return this;
    }

    public TestMirror start() throws Exception {
      if (fixed != null) {
        TestMirror m = new TestMirror(null, false, tweak.apply(fixed), new Backends.Overrides(blobs), clock, reload);
        m.startServer();
        return m;
      }
      if (index != null) {
        PantryConfig base = PantryConfig.of(new UpstreamConfig("main", index, new Credentials.None()), data);
        TestMirror m = new TestMirror(null, false, tweak.apply(base), new Backends.Overrides(blobs), clock, reload);
        m.startServer();
        return m;
      }
      boolean owns = upstream == null;
      FakeUpstream u = owns ? FakeUpstream.start(USER, TOKEN) : upstream;
      try {
        Credentials creds = credentials != null ? credentials : basic();
        PantryConfig base = two ? TestMirror.twoUpstreams(u, data)
            : publicIndex ? PantryConfig.of(new UpstreamConfig("main", u.publicIndexUrl(), new Credentials.None()), data)
            : PantryConfig.of(new UpstreamConfig("main", u.registryIndexUrl(), creds), data);
        TestMirror m = new TestMirror(u, owns, tweak.apply(base), new Backends.Overrides(blobs), clock, reload);
        m.startServer();
        return m;
      } catch (Exception | Error e) {
        if (owns) {
          u.close();
        }
        throw e;
      }
    }
  }

  public static Builder on(Path data) {
    return new Builder(data);
  }

  /** A mirror of exactly {@code config}, whose upstreams the caller runs (and closes). */
  public static Builder of(PantryConfig config) {
    Builder b = new Builder(config.dataDir());
    b.fixed = config;
    return b;
  }

  /** A started mirror of a fresh fake upstream's registry. */
  public static TestMirror start(Path data) throws Exception {
    return on(data).start();
  }

  /** Basic {@code deploy:<token>} credentials. */
  public static Credentials basic() {
    return new Credentials.Basic(USER, Secret.of(TOKEN));
  }

  /** GitLab's {@code PRIVATE-TOKEN} header. */
  public static Credentials privateToken() {
    return new Credentials.Header("PRIVATE-TOKEN", Secret.of(TOKEN));
  }

  /** One upstream {@code pypi} at {@code indexUrl}, no credentials, one try per request (failures show at once). */
  public static PantryConfig plainConfig(URI indexUrl, Path data) {
    return PantryConfig.of(new UpstreamConfig("pypi", indexUrl, new Credentials.None()), data)
        .withPolicy(new dev.pantry.config.UpstreamPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 5,
            Duration.ofSeconds(30)));
  }

  /** {@code pub} (public index) first, {@code gitlab} (registry) second. */
  public static PantryConfig twoUpstreams(FakeUpstream u, Path data) {
    UpstreamConfig pub = new UpstreamConfig("pub", u.publicIndexUrl(), new Credentials.None());
    return PantryConfig.of(pub, data).withUpstreams(List.of(pub,
        new UpstreamConfig("gitlab", u.registryIndexUrl(), basic())));
  }

  public PantryConfig config() {
    return config;
  }

  public boolean running() {
    return server != null;
  }

  public PantryServer server() {
    if (server == null) {
      throw new IllegalStateException("the mirror is not running");
    }
    return server;
  }

  public void startServer() throws Exception {
    PantryServer s = PantryServer.newServer(config, reload != null ? reload : () -> config, overrides, clock);
    try {
      s.start();
    } catch (Exception e) {
      s.close();
      throw e;
    }
    server = s;
  }

  public void stopServer() throws Exception {
    if (server != null) {
      PantryServer s = server;
      server = null;
      s.close();
    }
  }

  /** Stops the server and starts another on the same data directory. */
  public void restart() throws Exception {
    stopServer();
    startServer();
  }

  /** Stops the server and starts another on the same data directory with {@code newConfig}. */
  public void restart(PantryConfig newConfig) throws Exception {
    stopServer();
    config = newConfig;
    startServer();
  }

  public URI base() {
    return server().uri();
  }

  /** Writes hit statistics counted so far to the index. */
  public void flushStats() {
    server().flushStats();
  }

  /** The mirror's base URI, as {@code base()}. */
  public URI uri() {
    return base();
  }

  public URI uri(String path) {
    return base().resolve(path.startsWith("/") ? path.substring(1) : path);
  }

  /** A GET; {@code headers} are name, value pairs. */
  public HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
    return send("GET", path, headers);
  }

  public HttpResponse<byte[]> head(String path, String... headers) throws IOException, InterruptedException {
    return send("HEAD", path, headers);
  }

  public HttpResponse<byte[]> send(String method, String path, String... headers)
      throws IOException, InterruptedException {
    return HTTP.send(request(uri(path), method, headers), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** A request whose body is read as UTF-8 text (the API and UI answers). */
  public HttpResponse<String> sendText(String method, String path, String... headers)
      throws IOException, InterruptedException {
    return HTTP.send(request(uri(path), method, headers), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
  }

  public HttpResponse<String> getText(String path, String... headers) throws IOException, InterruptedException {
    return sendText("GET", path, headers);
  }

  /** A GET whose body the caller reads at its own pace. */
  public HttpResponse<InputStream> open(String path, String... headers) throws IOException, InterruptedException {
    return HTTP.send(request(uri(path), "GET", headers), HttpResponse.BodyHandlers.ofInputStream());
  }

  /** GETs an API path, expects 200 with JSON, returns the parsed tree. */
  public @Nullable Object json(String path) throws IOException, InterruptedException {
    HttpResponse<byte[]> r = get(path);
    assertEquals(200, r.statusCode(), () -> path + ": " + text(r));
    assertEquals("application/json", header(r, "Content-Type"));
    return JsonTree.parse(text(r));
  }

  /** A request to any URI (a link a page gave, say); no redirects followed. */
  public static HttpResponse<byte[]> send(String method, URI uri, String... headers)
      throws IOException, InterruptedException {
    return HTTP.send(request(uri, method, headers), HttpResponse.BodyHandlers.ofByteArray());
  }

  public static HttpRequest request(URI uri, String method, String... headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
        .method(method, HttpRequest.BodyPublishers.noBody());
    for (int i = 0; i + 1 < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return b.build();
  }

  public static String text(HttpResponse<byte[]> response) {
    return new String(response.body(), StandardCharsets.UTF_8);
  }

  public static String header(HttpResponse<?> response, String name) {
    return response.headers().firstValue(name).orElse("");
  }

  /** {@code files/<upstream>/<project>/<filename>} of a wheel. */
  public static String filePath(String upstreamId, Wheel w) {
    return "files/" + upstreamId + "/" + w.normalizedProject() + "/" + w.filename();
  }

  /** {@code /files/<first upstream>/<project>/<filename>}. */
  public String filePath(String project, String filename) {
    return "/files/" + config.upstreams().get(0).id() + "/" + project + "/" + filename;
  }

  /** The path of a wheel of the first upstream. */
  public String filePath(Wheel w) {
    return filePath(config.upstreams().get(0).id(), w);
  }

  /** Fetches a wheel of the first upstream through the mirror and checks its bytes. */
  public void download(Wheel w) throws Exception {
    download(config.upstreams().get(0).id(), w);
  }

  public void download(String upstreamId, Wheel w) throws Exception {
    HttpResponse<byte[]> r = get(filePath(upstreamId, w));
    assertEquals(200, r.statusCode(), () -> "download of " + w.filename() + ": " + text(r));
    assertArrayEquals(w.bytes(), r.body(), "bytes of " + w.filename());
  }

  /** The store the running server keeps blobs in; with the server stopped, the data directory's own store. */
  public BlobStore blobs() {
    if (server != null) {
      return server.pantry().backends().blobs();
    }
    try {
      return new dev.pantry.storage.DiskBlobStore(dev.pantry.storage.DiskLayout.artifacts(data), clock);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  public boolean hasBlob(String sha256) {
    return blobs().find(sha256).isPresent();
  }

  /** How many blobs the store holds. */
  public long blobCount() throws IOException {
    long[] n = {0};
    blobs().forEach(sha -> n[0]++);
    return n[0];
  }

  /** How many files the temp area holds (uploads in progress, or left behind). */
  public long tempCount() throws IOException {
    return filesUnder("tmp").size();
  }

  /** The file a disk store keeps a blob in, as the store itself names it. */
  public Path blobFile(String sha256) {
    Optional<Blob> b = blobs().find(sha256);
    return Path.of(b.orElseThrow(() -> new AssertionError("no blob " + sha256)).local()
        .orElseThrow(() -> new AssertionError("the store keeps no local files")).absolutePath());
  }

  /** Runs {@code pantry <args> --data <data>} in this JVM. */
  public Run cli(String... args) {
    return cli(data, args);
  }

  public static Run cli(Path data, String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    List<String> all = new ArrayList<>(Arrays.asList(args));
    all.add("--data");
    all.add(data.toString());
    int code = Main.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  /** The upstream's three origins as {@code host:port}: none may appear in anything the mirror serves. */
  public List<String> upstreamAuthorities() {
    return List.of(upstream.registryIndexUrl().getRawAuthority(), upstream.publicIndexUrl().getRawAuthority(),
        upstream.storageBaseUrl().getRawAuthority());
  }

  /** Every regular file under {@code <data>/<dir>}, for checks that nothing secret reached the disk. */
  public List<Path> filesUnder(String dir) throws IOException {
    Path root = data.resolve(dir);
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    try (Stream<Path> s = Files.walk(root, 8)) {
      return s.filter(Files::isRegularFile).toList();
    }
  }

  /** The credential headers each request to {@code origin} carried, one string per request. */
  public List<String> credentialsSeenBy(String origin) {
    return upstream.requests().stream()
        .filter(r -> r.origin().equals(origin))
        .map(r -> "Authorization=" + r.header("Authorization") + " PRIVATE-TOKEN=" + r.header("PRIVATE-TOKEN"))
        .toList();
  }

  @Override
  public void close() throws Exception {
    try {
      stopServer();
    } finally {
      if (ownsUpstream && upstream != null) {
        upstream.close();
      }
    }
  }
}
