package dev.pantry.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.jspecify.annotations.Nullable;

/** The config file's keys with the environment laid over them, and the readers every key shares. */
record Layered(Properties file, Map<String, String> env) {

  /** The environment's {@code envName}, else the file's {@code key}. */
  @Nullable String get(String key, @Nullable String envName) {
    String e = envName == null ? null : env.get(envName);
    return e != null ? e : file(key);
  }

  @Nullable String file(String key) {
    String v = file.getProperty(key);
    return v == null ? null : v.strip();
  }

  /** A secret from a flag's file, the environment, the file's {@code key-file}, or the file's {@code key}. */
  @Nullable Secret secret(String key, @Nullable String envName, @Nullable Path flagFile) {
    if (flagFile != null) {
      return readSecret(flagFile, "--upstream-password-file");
    }
    if (envName != null && env.get(envName) != null) {
      return Secret.of(env.get(envName));
    }
    String path = file(key + "-file");
    if (path != null) {
      return readSecret(Path.of(path), key + "-file");
    }
    String inline = file(key);
    return inline == null ? null : Secret.of(inline);
  }

  static Secret readSecret(Path file, String what) {
    try {
      return Secret.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalArgumentException(what + ": cannot read " + file + " (" + e.getClass().getSimpleName() + ")");
    }
  }

  static Duration duration(String key, @Nullable String value, String fallback) {
    String v = value != null ? value : fallback;
    try {
      return Units.parseDuration(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }

  static int integer(String key, @Nullable String value, String fallback) {
    String v = value != null ? value : fallback;
    try {
      return Integer.parseInt(v.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ": not a whole number: '" + v + "'");
    }
  }
}
