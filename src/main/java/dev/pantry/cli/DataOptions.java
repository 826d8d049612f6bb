package dev.pantry.cli;

import dev.pantry.config.ConfigLoader;
import dev.pantry.config.PantryConfig;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine.Option;

/** {@code --data} and {@code --config}, shared with {@code serve}: the maintenance commands find the cache the same way. */
final class DataOptions {
  @Option(names = "--data", paramLabel = "DIR", description = "Cache directory (default ./data, or the config's).")
  @Nullable Path data;

  @Option(names = "--config", paramLabel = "FILE", description = "Properties file; see conf/pantry.properties.")
  @Nullable Path config;

  /** The configuration after file, environment and flags are layered, as {@code serve} would use it. */
  PantryConfig config() {
    return ConfigLoader.load(ConfigLoader.Flags.of(config, data));
  }
}
