package dev.pantry.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Http;
import dev.pantry.testing.Pip;
import dev.pantry.testing.SharedBackends;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three replicas sharing a PostgreSQL database and a bucket, behind a real nginx that balances round-robin with no
 * stickiness: what a user gets from the cluster is what one node gives.
 */
final class ThreeReplicasTest {
  static final Wheel LIB = WheelBuilder.build("cluster-lib", "1.0", List.of(), ">=3.7");
  static final Wheel APP = WheelBuilder.build("cluster-app", "1.0", List.of("cluster-lib>=1.0"), ">=3.7");

  @TempDir Path dir;
  private SharedBackends shared;
  private FakeUpstream upstream;
  private final List<TestMirror> replicas = new ArrayList<>();
  private Process nginx;
  private URI front;
  private Path cliConfig;

  @BeforeEach
  void start() throws Exception {
    shared = SharedBackends.start(dir, "c/");
    Path nginxBin = Stream.of("/usr/sbin/nginx", "/usr/bin/nginx").map(Path::of).filter(Files::isExecutable)
        .findFirst().orElse(null);
    assumeTrue(nginxBin != null, "nginx is not installed");
    upstream = FakeUpstream.start(TestMirror.USER, TestMirror.TOKEN);
    upstream.addPrivate(LIB);
    upstream.addPrivate(APP);
    for (int i = 0; i < 3; i++) {
      replicas.add(TestMirror.on(dir.resolve("replica-" + i)).upstream(upstream).config(shared.config()).start());
    }
    cliConfig = shared.writeConfig(dir, "upstream.main.url = " + upstream.registryIndexUrl());
    startNginx(nginxBin);
  }

  private void startNginx(Path binary) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path prefix = Files.createDirectories(dir.resolve("nginx"));
    StringBuilder servers = new StringBuilder();
    for (TestMirror r : replicas) {
      servers.append("    server 127.0.0.1:").append(r.base().getPort()).append(";\n");
    }
    String temp = String.join("", List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi").stream()
        .map(t -> "  " + t + "_temp_path " + prefix.resolve(t) + ";\n").toList());
    Files.writeString(prefix.resolve("nginx.conf"), (("root".equals(System.getProperty("user.name"))
        ? "user root;\n" : "") + "worker_processes 1;\nevents { worker_connections 256; }\nhttp {\n" + temp
        + "  access_log off;\n  upstream pantry {\n" + servers + "  }\n"
        + "  server {\n    listen 127.0.0.1:" + port + ";\n    location / {\n      proxy_pass http://pantry;\n"
        + "      proxy_http_version 1.1;\n      proxy_set_header Connection \"\";\n"
        + "      proxy_set_header Host $http_host;\n      proxy_buffering off;\n    }\n  }\n}\n"));
    nginx = new ProcessBuilder(binary.toString(), "-p", prefix.toString(), "-c", prefix.resolve("nginx.conf")
        .toString(), "-g", "daemon off; pid " + prefix.resolve("nginx.pid") + "; error_log stderr;")
        .redirectErrorStream(true).redirectOutput(prefix.resolve("output.log").toFile()).start();
    front = URI.create("http://127.0.0.1:" + port + "/");
    for (int i = 0; i < 100; i++) {
      try {
        if (Http.get(front.resolve("healthz")).statusCode() == 200) {
          return;
        }
      } catch (RuntimeException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("nginx did not start: " + Files.readString(prefix.resolve("output.log")));
  }

  @AfterEach
  void stop() throws Exception {
    if (nginx != null) {
      nginx.destroy();
      if (!nginx.waitFor(10, TimeUnit.SECONDS)) {
        nginx.destroyForcibly();
      }
    }
    for (TestMirror r : replicas) {
      r.close();
    }
    if (upstream != null) {
      upstream.close();
    }
    if (shared != null) {
      shared.close();
    }
  }

  private Map<String, byte[]> pipDownload(String name) throws IOException {
    Path into = Files.createDirectories(dir.resolve(name));
    Pip.Result r = Pip.run(into, Duration.ofSeconds(180), "download", "--dest", into.toString(), "--index-url",
        front.resolve("simple/").toString(), "cluster-app");
    assertTrue(r.ok(), r.output());
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> files = Files.list(into)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        out.put(f.getFileName().toString(), Files.readAllBytes(f));
      }
    }
    return out;
  }

  @Test
  void throughTheBalancer_pipResolvesTheTree_andWithTheUpstreamDownEveryReplicaStillServesIt() throws Exception {
    assumeTrue(Pip.available(), "python3 -m pip is not available");
    Map<String, byte[]> first = pipDownload("pip-1");
    assertEquals(List.of(APP.filename(), LIB.filename()), List.copyOf(first.keySet()));
    assertArrayEquals(LIB.bytes(), first.get(LIB.filename()));

    upstream.down(true);
    for (TestMirror r : replicas) {
      HttpResponse<byte[]> direct = r.get(r.filePath(LIB));
      assertEquals(200, direct.statusCode(), "replica " + r.base());
      assertArrayEquals(LIB.bytes(), direct.body());
    }
    Map<String, byte[]> again = pipDownload("pip-2");
    assertEquals(first.keySet(), again.keySet());
    assertArrayEquals(first.get(APP.filename()), again.get(APP.filename()));
  }

  @Test
  void thirtyColdRequestsThroughTheBalancer_oneUpstreamDownload() throws Exception {
    Http.get(front.resolve("simple/cluster-lib/"));
    upstream.stall(Duration.ofMillis(300));
    List<CompletableFuture<HttpResponse<byte[]>>> all = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      all.add(CompletableFuture.supplyAsync(() -> Http.get(front.resolve(TestMirror.filePath("main", LIB)))));
    }
    for (CompletableFuture<HttpResponse<byte[]>> f : all) {
      HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
      assertEquals(200, r.statusCode());
      assertArrayEquals(LIB.bytes(), r.body());
    }
    assertEquals(1, upstream.count("storage", "/" + LIB.sha256()), "one download for the whole cluster");
  }

  @Test
  void pruneFromTheCommandLine_withNoServerOfItsOwn_isSeenByAllThree() throws Exception {
    for (TestMirror r : replicas) {
      r.download(LIB);
    }
    int fetches = upstream.count("storage", "/" + LIB.sha256());

    TestMirror.Run run = TestMirror.cli(dir.resolve("cli-data"), "prune", "--project", "cluster-lib", "--config",
        cliConfig.toString());
    assertEquals(0, run.code(), run.out() + run.err());
    Thread.sleep(500);

    for (TestMirror r : replicas) {
      HttpResponse<byte[]> after = r.get(r.filePath(LIB));
      assertEquals(200, after.statusCode());
      assertArrayEquals(LIB.bytes(), after.body());
    }
    assertTrue(upstream.count("storage", "/" + LIB.sha256()) > fetches, "fetched again after the prune");
    assertTrue(!shared.anySecretIn(run.out() + run.err()));
  }
}
