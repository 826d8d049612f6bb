package dev.pantry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pantry.config.Credentials;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.server.PantryServer;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HealthcheckCommandTest {
  @TempDir
  Path data;

  @Test
  void healthcheck_runningServer_exitsZero() throws Exception {
    PantryConfig c = PantryConfig.of(new UpstreamConfig("main", URI.create("http://127.0.0.1:9/simple/"),
        new Credentials.None()), data);
    try (PantryServer server = PantryServer.newServer(c).start()) {
      assertEquals(0, Main.run("healthcheck", "--url", server.uri().toString()));
      assertEquals(0, Main.run("healthcheck", "--ready", "--url", server.uri().toString()));
    }
  }

  @Test
  void healthcheck_nothingListening_exitsOne() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    assertEquals(1, Main.run("healthcheck", "--timeout", "2", "--url", "http://127.0.0.1:" + port + "/"));
  }
}
