package dev.pantry.cli;

import dev.pantry.config.ConfigLoader;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code pantry healthcheck}: asks a running mirror's {@code /healthz} (or {@code /readyz}); exit 0 when it answers
 * 200, 1 otherwise. For container HEALTHCHECKs on images without curl.
 */
@Command(
    name = "healthcheck",
    mixinStandardHelpOptions = true,
    description = "Exit 0 when the local mirror answers /healthz with 200, else 1.",
    footerHeading = "%nExamples:%n",
    footer = {"  pantry healthcheck", "  pantry healthcheck --ready --url http://127.0.0.1:8080/"})
final class HealthcheckCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Option(names = "--url", paramLabel = "URL",
      description = "The mirror's base URL (default: from PANTRY_LISTEN, else http://127.0.0.1:8080/).")
  @Nullable String url;

  @Option(names = "--ready", description = "Ask /readyz instead of /healthz.")
  boolean ready;

  @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "5", description = "Give up after this long.")
  int timeout;

  @Override
  public Integer call() {
    URI target = base().resolve(ready ? "readyz" : "healthz");
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(timeout)).build();
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(timeout)).build(),
          HttpResponse.BodyHandlers.ofString());
      spec.commandLine().getOut().println(target + ": " + r.statusCode());
      return r.statusCode() == 200 ? 0 : 1;
    } catch (IOException e) {
      spec.commandLine().getErr().println(target + ": " + e.getClass().getSimpleName());
      return 1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return 1;
    }
  }

  private URI base() {
    if (url != null) {
      return URI.create(url.endsWith("/") ? url : url + "/");
    }
    String listen = System.getenv("PANTRY_LISTEN");
    if (listen == null || listen.isBlank()) {
      return URI.create("http://127.0.0.1:8080/");
    }
    String[] hostPort = ConfigLoader.parseListenAddress(listen);
    String host = hostPort[0].equals("0.0.0.0") || hostPort[0].equals("::") ? "127.0.0.1" : hostPort[0];
    return URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + hostPort[1] + "/");
  }
}
