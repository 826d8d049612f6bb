package dev.pantry.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pantry.testing.GatedIndex;
import dev.pantry.testing.PantryProcess;
import dev.pantry.testing.SharedBackends;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three real replica processes on one PostgreSQL database and one bucket. The replica downloading a file and another
 * one waiting for it are killed with {@code kill -9}; the survivor takes the download over once the dead one's claim
 * lapses, and serves the whole file.
 */
class ClusterKillIT {
  @TempDir Path dir;
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<PantryProcess> replicas = new ArrayList<>();
  private SharedBackends shared;
  private GatedIndex origin;
  private Path jar;
  private Path config;

  @BeforeEach
  void start() throws Exception {
    String jarProperty = System.getProperty("pantry.jar");
    assumeTrue(jarProperty != null && Files.isRegularFile(Path.of(jarProperty)), "needs -Dpantry.jar (failsafe)");
    jar = Path.of(jarProperty);
    shared = SharedBackends.start(dir, "kill/");
    config = shared.writeConfig(dir, "metadata.claim-lease = 2s");
    origin = GatedIndex.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (PantryProcess p : replicas) {
      p.close();
    }
    origin.close();
    shared.close();
  }

  private PantryProcess replica(int i) throws Exception {
    return PantryProcess.start(jar, dir.resolve("replica-" + i), origin.indexUrl(), dir.resolve("replica-" + i
        + ".log"), "--config", config.toString());
  }

  private CompletableFuture<HttpResponse<byte[]>> fetch(PantryProcess p, String path) {
    return http.sendAsync(HttpRequest.newBuilder(p.base.resolve(path)).timeout(Duration.ofSeconds(90)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void killTheDownloadingReplicaAndAWaitingOne_theSurvivorTakesOverAndServesTheWholeFile() throws Exception {
    GatedIndex.File big = origin.add("big", "big-1.0-py3-none-any.whl", 4 << 20, 9);
    for (int i = 0; i < 3; i++) {
      replicas.add(replica(i));
    }
    String path = "files/main/big/" + big.filename();
    assertEquals(200, http.send(HttpRequest.newBuilder(replicas.get(0).base.resolve("simple/big/")).build(),
        HttpResponse.BodyHandlers.discarding()).statusCode());
    origin.closeGateAt(1 << 20);

    CompletableFuture<HttpResponse<byte[]>> leader = fetch(replicas.get(0), path);
    for (int i = 0; i < 200 && origin.fileGets(big.filename()) == 0; i++) {
      Thread.sleep(25);
    }
    assertEquals(1, origin.fileGets(big.filename()), "the first replica is downloading");
    CompletableFuture<HttpResponse<byte[]>> waiting = fetch(replicas.get(1), path);
    CompletableFuture<HttpResponse<byte[]>> survivor = fetch(replicas.get(2), path);
    Thread.sleep(1_000);
    assertEquals(1, origin.fileGets(big.filename()), "the others wait for the first one's claim");

    replicas.get(0).kill();
    replicas.get(1).kill();
    origin.open();

    HttpResponse<byte[]> r = survivor.get(60, TimeUnit.SECONDS);
    assertEquals(200, r.statusCode());
    assertArrayEquals(big.bytes(), r.body(), "the whole file, byte for byte");
    assertEquals(2, origin.fileGets(big.filename()), "the survivor took the download over, once");
    assertTrue(leader.isDone() && waiting.isDone(), "the killed replicas' clients were cut off");

    PantryProcess restarted = replica(0);
    replicas.set(0, restarted);
    HttpResponse<byte[]> hit = fetch(restarted, path).get(60, TimeUnit.SECONDS);
    assertEquals("HIT", hit.headers().firstValue("X-Pantry-Cache").orElse(""));
    assertArrayEquals(big.bytes(), hit.body());
    for (PantryProcess p : replicas) {
      assertFalse(shared.anySecretIn(p.logText()), "a database or S3 secret in " + p.log);
    }
  }
}
