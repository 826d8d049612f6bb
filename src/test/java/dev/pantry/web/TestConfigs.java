package dev.pantry.web;

import dev.pantry.config.Credentials;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.config.UpstreamPolicy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/** Configs for mirrors under test: one public upstream "pypi", no retries (failures show at once). */
final class TestConfigs {
  private TestConfigs() {}

  static PantryConfig of(URI indexUrl, Path data) {
    return PantryConfig.of(new UpstreamConfig("pypi", indexUrl, Credentials.none()), data)
        .withPolicy(new UpstreamPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 5, Duration.ofSeconds(30)));
  }
}
