package dev.pantry.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real Caddy from the shipped {@code conf/Caddyfile}: handle_response on X-Accel-Redirect, then file_server. */
class CaddyOffloadTest extends ProxyOffloadContract {
  @Override
  String binaryName() {
    return "caddy";
  }

  @Override
  ProcessBuilder command(Path binary, Path prefix, int port, int pantryPort, Path blobs) throws IOException {
    String conf = Files.readString(Path.of("conf/Caddyfile"), StandardCharsets.UTF_8);
    // No admin endpoint: it would take the fixed port 2019, which parallel runs share.
    conf = replace(conf, "{\n\t# Pantry writes", "{\n\tadmin off\n\t# Pantry writes");
    conf = replace(conf, ":80 {", "http://127.0.0.1:" + port + " {");
    conf = replace(conf, "reverse_proxy pantry:8080 {", "reverse_proxy 127.0.0.1:" + pantryPort + " {");
    conf = replace(conf, "root * /var/lib/pantry/blobs", "root * " + blobs);
    Path file = prefix.resolve("Caddyfile");
    Files.writeString(file, conf);
    ProcessBuilder pb = new ProcessBuilder(binary.toString(), "run", "--config", file.toString(), "--adapter",
        "caddyfile");
    // Caddy keeps state under HOME / XDG directories: keep it in the test's directory.
    pb.environment().put("HOME", prefix.toString());
    pb.environment().put("XDG_CONFIG_HOME", prefix.resolve("config").toString());
    pb.environment().put("XDG_DATA_HOME", prefix.resolve("data").toString());
    return pb;
  }
}
