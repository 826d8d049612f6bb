package dev.pantry.cli;

import dev.pantry.config.ConfigLoader;
import dev.pantry.config.PantryConfig;
import dev.pantry.ops.HangupSignal;
import dev.pantry.runtime.MemoryReturn;
import dev.pantry.server.PantryServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.Callable;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code pantry serve}: runs the mirror until stopped. */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = "Run the mirror.",
    footerHeading = "%nExamples:%n",
    footer = {
      "  pantry serve",
      "  pantry serve --listen 0.0.0.0:8080 --data /var/lib/pantry",
      "  PANTRY_UPSTREAM_USERNAME=ci PANTRY_UPSTREAM_PASSWORD=$TOKEN \\",
      "    pantry serve --upstream https://gitlab.example.com/api/v4/projects/7/packages/pypi/simple/",
      "",
      "Credentials come from PANTRY_UPSTREAM_USERNAME/PANTRY_UPSTREAM_PASSWORD, --upstream-password-file,",
      "PANTRY_UPSTREAM_HEADER/PANTRY_UPSTREAM_HEADER_VALUE (e.g. PRIVATE-TOKEN), or the config file."
    })
final class ServeCommand implements Callable<Integer> {
  @Option(names = "--config", paramLabel = "FILE", description = "Properties file; see conf/pantry.properties.")
  @Nullable Path config;

  @Option(names = "--listen", paramLabel = "HOST:PORT", description = "Address to listen on (default 127.0.0.1:8080).")
  @Nullable String listen;

  @Option(names = "--data", paramLabel = "DIR", description = "Cache directory (default ./data).")
  @Nullable Path data;

  @Option(names = "--upstream", paramLabel = "URL",
      description = "Upstream simple index (default " + PantryConfig.DEFAULT_UPSTREAM + ").")
  @Nullable String upstream;

  @Option(names = "--upstream-password-file", paramLabel = "FILE",
      description = "File holding the upstream password or token.")
  @Nullable Path passwordFile;

  @Option(names = "--offline", description = "Never contact the upstream; serve only what is cached.")
  boolean offline;

  @Option(names = "--port-file", paramLabel = "FILE",
      description = "Write the port listened on to FILE once serving (useful with --listen HOST:0).")
  @Nullable Path portFile;

  @Override
  public Integer call() throws Exception {
    ConfigLoader.Flags flags = new ConfigLoader.Flags(config, listen, data, upstream, passwordFile, offline);
    PantryConfig cfg = ConfigLoader.load(flags);
    // A reload (SIGHUP, POST /admin/reload) reads the same file, environment and flags afresh.
    MemoryReturn.apply();
    try (PantryServer server = PantryServer.newServer(cfg, () -> ConfigLoader.load(flags)).start()) {
      HangupSignal.install(() -> server.reload("SIGHUP"));
      // The floor holds from the end of the warm-up on: that startup burst is given back in full, as any other.
      server.pantry().warmUp(MemoryReturn::keepFloor);
      if (portFile != null) {
        writePort(portFile, server.uri().getPort());
      }
      server.join();
    }
    return 0;
  }

  /** Written to a temp name and renamed, so a reader polling for the file never sees it half written. */
  private static void writePort(Path file, int port) throws IOException {
    Path abs = file.toAbsolutePath();
    Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
    Files.writeString(tmp, port + "\n", StandardCharsets.US_ASCII);
    Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }
}
