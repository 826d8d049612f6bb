package dev.pantry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpsKeysTest {
  @TempDir
  Path dir;

  private OpsSettings load(Map<String, String> env, String... lines) throws Exception {
    Path file = dir.resolve("pantry.properties");
    Files.writeString(file, String.join("\n", lines));
    return new ConfigLoader(env).resolve(ConfigLoader.Flags.of(file, dir)).ops();
  }

  @Test
  void resolve_noKeys_givesTheDefaults() throws Exception {
    assertEquals(OpsSettings.defaults(), load(Map.of()));
  }

  @Test
  void resolve_everyKey_isRead() throws Exception {
    OpsSettings ops = load(Map.of(),
        "access-log = json",
        "access-log.path = /var/log/pantry/access.log",
        "rate-limit.rate = 50",
        "rate-limit.burst = 200",
        "rate-limit.files.rate = 0.5",
        "rate-limit.upstream.rate = 2",
        "rate-limit.upstream.burst = 20",
        "client-ip-header = X-Forwarded-For",
        "trusted-proxies = 127.0.0.1, 10.0.0.0/8, ::1",
        "offload = nginx",
        "offload.prefix = /_blobs/",
        "readiness.window = 2m",
        "shutdown.timeout = 45s",
        "warm-up = false");
    assertEquals(OpsSettings.AccessLogFormat.JSON, ops.accessLog());
    assertEquals(Path.of("/var/log/pantry/access.log"), ops.accessLogPath());
    assertEquals(new OpsSettings.Limit(50, 200), ops.rateLimits().general());
    assertNull(ops.rateLimits().simple());
    assertEquals(new OpsSettings.Limit(0.5, 1), ops.rateLimits().files());
    assertEquals(new OpsSettings.Limit(2, 20), ops.rateLimits().upstream());
    assertEquals("X-Forwarded-For", ops.clientIpHeader());
    assertEquals(List.of(IpRange.parse("127.0.0.1"), IpRange.parse("10.0.0.0/8"), IpRange.parse("::1")),
        ops.trustedProxies());
    assertEquals(OpsSettings.Offload.NGINX, ops.offload());
    assertEquals("/_blobs/", ops.offloadPrefix());
    assertEquals(Duration.ofMinutes(2), ops.readinessWindow());
    assertEquals(Duration.ofSeconds(45), ops.shutdownTimeout());
    assertFalse(ops.warmUp());
  }

  @Test
  void resolve_environment_overridesTheFile() throws Exception {
    OpsSettings ops = load(Map.of("PANTRY_OFFLOAD", "sendfile", "PANTRY_RATE_LIMIT_UPSTREAM_RATE", "4"),
        "offload = nginx");
    assertEquals(OpsSettings.Offload.SENDFILE, ops.offload());
    assertEquals(new OpsSettings.Limit(4, 8), ops.rateLimits().upstream());
  }

  @Test
  void resolve_badValues_nameTheKey() {
    assertEquals("access-log: 'xml' is not one of off, ncsa, json",
        assertThrows(IllegalArgumentException.class, () -> load(Map.of(), "access-log = xml")).getMessage());
    assertEquals("trusted-proxies: not an IP address or CIDR block: 'proxy.internal'",
        assertThrows(IllegalArgumentException.class, () -> load(Map.of(), "trusted-proxies = proxy.internal"))
            .getMessage());
    assertEquals("rate-limit.rate: not a number of requests per second: 'fast'",
        assertThrows(IllegalArgumentException.class, () -> load(Map.of(), "rate-limit.rate = fast")).getMessage());
    assertEquals("warm-up must be true or false, got 'yes'",
        assertThrows(IllegalArgumentException.class, () -> load(Map.of(), "warm-up = yes")).getMessage());
    assertEquals("rate-limit.upstream.burst is set but rate-limit.upstream.rate is not",
        assertThrows(IllegalArgumentException.class, () -> load(Map.of(), "rate-limit.upstream.burst = 3"))
            .getMessage());
    assertEquals("offload.prefix must end with '/', got '/blobs'",
        assertThrows(IllegalArgumentException.class, () -> load(Map.of(), "offload.prefix = /blobs")).getMessage());
  }

  @Test
  void shippedExample_loads() throws Exception {
    Path example = Path.of("conf/pantry.properties");
    PantryConfig c = new ConfigLoader(Map.of()).resolve(ConfigLoader.Flags.of(example, dir));
    assertEquals(OpsSettings.defaults(), c.ops());
  }
}
