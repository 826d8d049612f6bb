package dev.pantry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.admin.ServerInfo;
import dev.pantry.testing.TestMirror;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AdminEndpointTest {
  @TempDir Path data;
  TestMirror mirror;

  @BeforeEach
  void setUp() throws Exception {
    mirror = CliCatalog.start(data);
    mirror.download(CliCatalog.GAMMA_30);
  }

  @AfterEach
  void tearDown() throws Exception {
    mirror.close();
  }

  @Test
  void serverFile_whileServing_namesThisProcessForItsOwnerOnly_andGoesAtStop() throws Exception {
    Path file = ServerInfo.path(data);
    ServerInfo info = ServerInfo.read(data).orElseThrow();

    assertEquals(ProcessHandle.current().pid(), info.pid());
    assertEquals(mirror.uri(), info.url());
    assertEquals(64, info.secret().reveal().length());
    assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    assertFalse(info.toString().contains(info.secret().reveal()), "the secret never prints");

    mirror.stopServer();

    assertFalse(Files.exists(file));
  }

  @Test
  void adminEndpoint_withoutSecret_is401WithChallenge() throws Exception {
    HttpResponse<String> r = send("GET", "admin/stats", null);

    assertEquals(401, r.statusCode());
    assertTrue(r.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Bearer"));
  }

  @Test
  void adminEndpoint_wrongSecret_is401ForEveryPath() throws Exception {
    String wrong = "0".repeat(64);

    assertEquals(401, send("GET", "admin/stats", wrong).statusCode());
    assertEquals(401, send("POST", "admin/prune?project=gamma", wrong).statusCode());
    assertEquals(401, send("GET", "admin/no-such-thing", wrong).statusCode());
    assertEquals(401, send("GET", "admin/stats", "").statusCode(), "an empty bearer is no credential");
    assertTrue(CliCatalog.hasBlob(mirror, CliCatalog.GAMMA_30), "nothing ran");
  }

  @Test
  void adminEndpoint_withSecret_answersAndRefusesUnknownOperations() throws Exception {
    String secret = ServerInfo.read(data).orElseThrow().secret().reveal();

    HttpResponse<String> stats = send("GET", "admin/stats", secret);
    assertEquals(200, stats.statusCode());
    assertEquals("no-store", stats.headers().firstValue("Cache-Control").orElse(""));
    assertEquals(1, TestJson.number(TestJson.object(stats.body()), "files"));
    assertEquals(404, send("GET", "admin/no-such-thing", secret).statusCode());
    assertEquals(405, send("GET", "admin/prune?project=gamma", secret).statusCode());
    assertEquals(400, send("POST", "admin/prune?max-size=lots", secret).statusCode());
    assertTrue(CliCatalog.hasBlob(mirror, CliCatalog.GAMMA_30));
  }

  @Test
  void staleServerFile_ofDeadProcess_commandOpensTheCacheItself() throws Exception {
    mirror.stopServer();
    Process gone = new ProcessBuilder("true").start();
    gone.waitFor();
    Files.writeString(ServerInfo.path(data), "{\"url\":\"http://127.0.0.1:9/\",\"pid\":" + gone.pid()
        + ",\"secret\":\"" + "1".repeat(64) + "\"}");

    TestMirror.Run run = mirror.cli("stats", "--json");

    assertEquals(0, run.code(), run.err());
    assertEquals(1, TestJson.number(TestJson.object(run.out()), "files"));
  }

  @Test
  void noCache_atDataDirectory_isNotFoundAndCreatesNothing() throws Exception {
    Path elsewhere = data.resolve("typo");
    java.io.StringWriter err = new java.io.StringWriter();

    int code = Main.run(new java.io.PrintWriter(new java.io.StringWriter()), new java.io.PrintWriter(err),
        "stats", "--data", elsewhere.toString());

    assertEquals(1, code);
    assertTrue(err.toString().startsWith("pantry: no cache in "), err.toString());
    assertFalse(Files.exists(elsewhere));
  }

  private HttpResponse<String> send(String method, String path, String secret) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(mirror.uri().resolve(path)).timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (secret != null) {
      b.header("Authorization", "Bearer " + secret);
    }
    return java.net.http.HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }
}
