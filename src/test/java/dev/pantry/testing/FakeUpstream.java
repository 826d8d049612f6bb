package dev.pantry.testing;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Three real Jetty servers on 127.0.0.1 playing the upstreams a mirror meets behind a private GitLab registry.
 *
 * <ul>
 *   <li><b>registry</b>: a GitLab PyPI registry at {@code /api/v4/projects/7/packages/pypi/simple/}. Every request
 *       needs Basic {@code username:token} or {@code PRIVATE-TOKEN: token}, else 401 with
 *       {@code WWW-Authenticate: Basic realm="gitlab"}. Pages negotiate PEP 691 JSON or HTML; file links are
 *       absolute ({@code /files/<sha256>/<filename>#sha256=...}) and answer 302 to pre-signed storage URLs (also for
 *       {@code <filename>.metadata}). An unknown project answers 302 to the public index.
 *   <li><b>public</b>: a PyPI-like index at {@code /simple/}, no auth, relative links to {@code /packages/<file>};
 *       an unknown project is a 404.
 *   <li><b>storage</b>: {@code /bucket/<sha256>?X-Amz-Signature=...}: 400 if any Authorization or PRIVATE-TOKEN
 *       header arrives, 403 without a signature.
 * </ul>
 *
 * <p>Names not in PEP 503 normalized form (or without the trailing slash) get a 301 on both indexes. Files carry
 * Content-Length and answer HEAD. All methods are thread-safe. Every request is logged, before any failure switch
 * acts, until {@link #reset()}.
 */
public final class FakeUpstream implements AutoCloseable {

  /**
   * One request as an origin received it.
   *
   * @param origin  {@code "registry"}, {@code "public"} or {@code "storage"}
   * @param path    the decoded path
   * @param query   the raw query, empty when there was none
   * @param headers header name (looked up case-insensitively) to value; repeated headers joined by {@code ", "}
   */
  public record Recorded(String origin, String method, String path, String query, Map<String, String> headers) {
    public Recorded {
      Map<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      copy.putAll(headers);
      headers = Collections.unmodifiableMap(copy);
    }

    /** A header's value, case-insensitively, or null. */
    public @Nullable String header(String name) {
      return headers.get(name);
    }
  }

  private final Catalog catalog = new Catalog();
  private final Knobs knobs = new Knobs();
  private final RequestLog log = new RequestLog();
  private final AtomicReference<FakeOrigin.@Nullable Addresses> addresses = new AtomicReference<>();
  private final List<Origin> servers = new ArrayList<>();

  private FakeUpstream() {}

  /**
   * Starts the three servers on free loopback ports.
   *
   * @param username the Basic user name the registry accepts (GitLab ignores it for tokens; this fake does not)
   * @param token    the token the registry accepts as Basic password or as {@code PRIVATE-TOKEN}
   */
  public static FakeUpstream start(String username, String token) {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(token, "token");
    FakeUpstream upstream = new FakeUpstream();
    try {
      int registry = upstream.listen("registry",
          new RegistryOrigin(upstream.log, upstream.knobs, upstream.catalog, upstream.addresses, username, token));
      int pub = upstream.listen("public",
          new PublicOrigin(upstream.log, upstream.knobs, upstream.catalog, upstream.addresses));
      int storage = upstream.listen("storage",
          new StorageOrigin(upstream.log, upstream.knobs, upstream.catalog, upstream.addresses));
      upstream.addresses.set(new FakeOrigin.Addresses(base(registry), base(pub), base(storage)));
      return upstream;
    } catch (Exception e) {
      upstream.close();
      throw new IllegalStateException("could not start the fake upstream", e);
    }
  }

  private int listen(String name, FakeOrigin handler) {
    Origin origin = Origin.start("fake-" + name, "127.0.0.1", handler);
    servers.add(origin);
    return origin.port();
  }

  private static String base(int port) {
    return "http://127.0.0.1:" + port;
  }

  private FakeOrigin.Addresses addresses() {
    FakeOrigin.Addresses a = addresses.get();
    if (a == null) {
      throw new IllegalStateException("not started");
    }
    return a;
  }

  /** Publishes a wheel on the private registry (its bytes and metadata go to storage). */
  public void addPrivate(Wheel wheel) {
    addPrivate(wheel, null);
  }

  /**
   * Publishes a wheel on the private registry, yanked when {@code yankedReason} is not null (PEP 592; an empty
   * reason is a bare {@code data-yanked} / {@code "yanked": true}).
   */
  public void addPrivate(Wheel wheel, @Nullable String yankedReason) {
    catalog.addPrivate(wheel, yankedReason);
  }

  /** The registry forgets a project: from now on it forwards the name to the public index, as GitLab does. */
  public void removePrivate(String project) {
    catalog.removePrivate(Names.normalize(project));
  }

  /** Publishes a wheel on the public index with this PEP 700 upload time. */
  public void addPublic(Wheel wheel, Instant uploaded) {
    catalog.addPublic(wheel, uploaded);
  }

  /** Publishes a wheel on the public index. */
  public void addPublic(Wheel wheel) {
    catalog.addPublic(wheel);
  }

  /** {@code http://127.0.0.1:<port>/api/v4/projects/7/packages/pypi/simple/}; needs credentials. */
  public URI registryIndexUrl() {
    return URI.create(addresses().registry() + RegistryOrigin.SIMPLE);
  }

  /** {@code http://127.0.0.1:<port>/simple/}. */
  public URI publicIndexUrl() {
    return URI.create(addresses().publicIndex() + PublicOrigin.SIMPLE);
  }

  /** {@code http://127.0.0.1:<port>/}, the storage origin's root. */
  public URI storageBaseUrl() {
    return URI.create(addresses().storage() + "/");
  }

  /** Every request logged since start or the last {@link #reset()}, in arrival order. */
  public List<Recorded> requests() {
    return log.snapshot();
  }

  /** How many logged requests reached {@code origin} with a path ending in {@code pathSuffix}. */
  public int count(String origin, String pathSuffix) {
    return (int) log.snapshot().stream()
        .filter(r -> r.origin().equals(origin) && r.path().endsWith(pathSuffix))
        .count();
  }

  /** Clears the request log (not the failure switches; see {@link #clearFaults()}). */
  public void reset() {
    log.clear();
  }

  /** The next {@code n} registry or public requests (storage excluded) answer {@code status}. */
  public void failNext(int n, int status) {
    knobs.failNext(n, status);
  }

  /** Every request, on all three origins, waits {@code d} before being answered; {@code Duration.ZERO} stops it. */
  public void stall(Duration d) {
    knobs.stall(d);
  }

  /**
   * Storage and public serve this file (a wheel filename, or {@code <filename>.metadata}) with every byte
   * inverted: same length, wrong hash.
   */
  public void corruptFile(String filename) {
    knobs.corrupt(filename);
  }

  /** Storage and public send half this file's bytes under the full Content-Length, then drop the connection. */
  public void resetMidBody(String filename) {
    knobs.resetMidBody(filename);
  }

  /**
   * The project page for {@code project} (any spelling; it is normalized) becomes this raw body, whatever the
   * Accept header, on both the registry (after auth, instead of redirecting an unknown project) and the public
   * index.
   */
  public void setPageBody(String project, String contentType, byte[] body) {
    catalog.setRawPage(Names.normalize(project), new Catalog.RawPage(contentType, body.clone(), null));
  }

  /** As {@link #setPageBody(String, String, byte[])}, on the registry only: the public index keeps its page. */
  public void setRegistryPageBody(String project, String contentType, String body) {
    catalog.setRawPage(Names.normalize(project),
        new Catalog.RawPage(contentType, body.getBytes(StandardCharsets.UTF_8), "registry"));
  }

  /** The project list ({@code /simple/}) becomes this raw body, whatever the Accept header, on both origins. */
  public void setRootBody(String contentType, byte[] body) {
    catalog.setRawPage(FakeOrigin.ROOT, new Catalog.RawPage(contentType, body.clone(), null));
  }

  /** The project's page is generated from the catalog again. */
  public void clearPageBody(String project) {
    catalog.clearRawPage(Names.normalize(project));
  }

  /** Convenience for {@link #setPageBody(String, String, byte[])} with UTF-8 text. */
  public void setPageBody(String project, String contentType, String body) {
    setPageBody(project, contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  /** While true, registry and public answer 503 to everything; storage keeps serving. */
  public void down(boolean isDown) {
    knobs.down(isDown);
  }

  /**
   * From now on the failure switches (failures, down, stall) apply to one origin only: {@code "registry"},
   * {@code "public"} or {@code "storage"}. For a private registry failing while the public index is healthy.
   */
  public void faultsOnly(String origin) {
    knobs.only(origin);
  }

  /** Stops one origin ({@code "registry"}, {@code "public"} or {@code "storage"}): connections are refused. */
  public void stopOrigin(String origin) {
    servers.get(List.of("registry", "public", "storage").indexOf(origin)).close();
  }

  /** Turns off every failure switch: planned failures, stall, down, corrupt and reset files. */
  public void clearFaults() {
    knobs.clear();
  }

  /** Stops all three servers; ends any stall at once. Safe to call twice. */
  @Override
  public void close() {
    knobs.close();
    IllegalStateException failure = null;
    for (Origin server : servers) {
      try {
        server.close();
      } catch (RuntimeException e) {
        if (failure == null) {
          failure = new IllegalStateException("could not stop the fake upstream");
        }
        failure.addSuppressed(e);
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** Names the addresses, never the token. */
  @Override
  public String toString() {
    FakeOrigin.Addresses a = addresses.get();
    return a == null ? "FakeUpstream[not started]" : "FakeUpstream[" + a + "]";
  }
}
