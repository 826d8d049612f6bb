package dev.pantry.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * Reads the {@link OpsSettings} keys (see the "Operations" part of {@code conf/pantry.properties}) through the
 * loader's layered lookup. Every failure is an {@link IllegalArgumentException} naming the key.
 */
final class OpsKeys {
  /** (file key, environment variable) to the value in force, or null. */
  private final BiFunction<String, String, @Nullable String> lookup;

  OpsKeys(BiFunction<String, String, @Nullable String> lookup) {
    this.lookup = lookup;
  }

  OpsSettings settings() {
    OpsSettings d = OpsSettings.defaults();
    String path = get("access-log.path", "PANTRY_ACCESS_LOG_PATH");
    String header = get("client-ip-header", "PANTRY_CLIENT_IP_HEADER");
    String prefix = get("offload.prefix", "PANTRY_OFFLOAD_PREFIX");
    return new OpsSettings(
        choice("access-log", "PANTRY_ACCESS_LOG", OpsSettings.AccessLogFormat.class, d.accessLog()),
        path == null || path.isBlank() ? null : Path.of(path),
        new OpsSettings.RateLimits(
            limit("rate-limit", "PANTRY_RATE_LIMIT", OpsSettings.Limit.OFF),
            limitOrNull("rate-limit.simple", "PANTRY_RATE_LIMIT_SIMPLE"),
            limitOrNull("rate-limit.files", "PANTRY_RATE_LIMIT_FILES"),
            limit("rate-limit.upstream", "PANTRY_RATE_LIMIT_UPSTREAM", OpsSettings.Limit.OFF)),
        header == null || header.isBlank() ? null : header,
        proxies(get("trusted-proxies", "PANTRY_TRUSTED_PROXIES")),
        choice("offload", "PANTRY_OFFLOAD", OpsSettings.Offload.class, d.offload()),
        prefix == null || prefix.isBlank() ? null : prefix,
        duration("readiness.window", "PANTRY_READINESS_WINDOW", d.readinessWindow()),
        duration("shutdown.timeout", "PANTRY_SHUTDOWN_TIMEOUT", d.shutdownTimeout()),
        bool("warm-up", "PANTRY_WARM_UP", d.warmUp()));
  }

  private @Nullable String get(String key, String env) {
    String v = lookup.apply(key, env);
    return v == null ? null : v.strip();
  }

  /** {@code <key>.rate} (requests per second, decimals allowed) and {@code <key>.burst} (default: twice the rate). */
  private OpsSettings.Limit limit(String key, String env, OpsSettings.Limit fallback) {
    OpsSettings.Limit l = limitOrNull(key, env);
    return l == null ? fallback : l;
  }

  private OpsSettings.@Nullable Limit limitOrNull(String key, String env) {
    String rate = get(key + ".rate", env + "_RATE");
    String burst = get(key + ".burst", env + "_BURST");
    if (rate == null || rate.isEmpty()) {
      if (burst != null && !burst.isEmpty()) {
        throw new IllegalArgumentException(key + ".burst is set but " + key + ".rate is not");
      }
      return null;
    }
    double perSecond;
    try {
      perSecond = Double.parseDouble(rate);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ".rate: not a number of requests per second: '" + rate + "'");
    }
    int b;
    try {
      b = burst == null || burst.isEmpty() ? (int) Math.max(1, Math.ceil(perSecond * 2)) : Integer.parseInt(burst);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + ".burst: not a whole number: '" + burst + "'");
    }
    try {
      return new OpsSettings.Limit(perSecond, b);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }

  private List<IpRange> proxies(@Nullable String list) {
    if (list == null || list.isBlank()) {
      return List.of();
    }
    try {
      return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(IpRange::parse)
          .toList();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("trusted-proxies: " + e.getMessage());
    }
  }

  private <E extends Enum<E>> E choice(String key, String env, Class<E> type, E fallback) {
    String v = get(key, env);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      String allowed = Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT))
          .reduce((a, b) -> a + ", " + b).orElse("");
      throw new IllegalArgumentException(key + ": '" + v + "' is not one of " + allowed);
    }
  }

  private boolean bool(String key, String env, boolean fallback) {
    String v = get(key, env);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
      throw new IllegalArgumentException(key + " must be true or false, got '" + v + "'");
    }
    return Boolean.parseBoolean(v);
  }

  private Duration duration(String key, String env, Duration fallback) {
    String v = get(key, env);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Units.parseDuration(v);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(key + ": " + e.getMessage());
    }
  }
}
