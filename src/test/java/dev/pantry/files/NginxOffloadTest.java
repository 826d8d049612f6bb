package dev.pantry.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A real nginx from the shipped {@code conf/nginx.conf}: X-Accel-Redirect to an internal location. */
class NginxOffloadTest extends ProxyOffloadContract {
  @Override
  String binaryName() {
    return "nginx";
  }

  @Override
  ProcessBuilder command(Path binary, Path prefix, int port, int pantryPort, Path blobs) throws IOException {
    Files.createDirectories(prefix.resolve("logs"));
    String conf = Files.readString(Path.of("conf/nginx.conf"), StandardCharsets.UTF_8);
    String temp = "    client_body_temp_path " + prefix.resolve("client_body") + ";\n"
        + "    proxy_temp_path " + prefix.resolve("proxy") + ";\n"
        + "    fastcgi_temp_path " + prefix.resolve("fastcgi") + ";\n"
        + "    uwsgi_temp_path " + prefix.resolve("uwsgi") + ";\n"
        + "    scgi_temp_path " + prefix.resolve("scgi") + ";\n";
    conf = replace(conf, "worker_processes auto;", "worker_processes 1;"
        // As root, workers would run as "nobody" and could not read the test's private temp directories.
        + ("root".equals(System.getProperty("user.name")) ? "\nuser root;" : ""));
    conf = replace(conf, "http {\n", "http {\n" + temp);
    conf = replace(conf, "server 127.0.0.1:8080;", "server 127.0.0.1:" + pantryPort + ";");
    conf = replace(conf, "listen 80;", "listen 127.0.0.1:" + port + ";");
    conf = replace(conf, "alias /var/lib/pantry/blobs/;", "alias " + blobs + "/;");
    Path file = prefix.resolve("nginx.conf");
    Files.writeString(file, conf);
    return new ProcessBuilder(binary.toString(), "-p", prefix.toString(), "-c", file.toString(), "-g",
        "daemon off; pid " + prefix.resolve("nginx.pid") + "; error_log stderr;");
  }
}
