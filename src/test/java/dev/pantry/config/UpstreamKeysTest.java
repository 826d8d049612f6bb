package dev.pantry.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several upstreams from the file and the environment, each with settings of its own. */
final class UpstreamKeysTest {
  @TempDir Path dir;

  private PantryConfig load(Map<String, String> env, String... lines) throws Exception {
    Path file = dir.resolve("pantry.properties");
    Files.writeString(file, String.join("\n", lines) + "\n");
    return new ConfigLoader(env).resolve(ConfigLoader.Flags.of(file, dir.resolve("data")));
  }

  @Test
  void environmentAlone_configuresASecondUpstreamWithItsCredentials() throws Exception {
    PantryConfig c = load(Map.of(
        "PANTRY_UPSTREAMS", "gitlab, pypi",
        "PANTRY_UPSTREAM_GITLAB_URL", "https://gitlab.example/api/v4/projects/7/packages/pypi/simple/",
        "PANTRY_UPSTREAM_GITLAB_USERNAME", "deploy",
        "PANTRY_UPSTREAM_GITLAB_PASSWORD", "glpat-secret",
        "PANTRY_UPSTREAM_PYPI_URL", "https://pypi.org/simple/"));

    assertEquals(List.of("gitlab", "pypi"), c.upstreams().stream().map(UpstreamConfig::id).toList());
    Credentials.Basic basic = assertInstanceOf(Credentials.Basic.class, c.upstreams().get(0).credentials());
    assertEquals("deploy", basic.username());
    assertEquals("glpat-secret", basic.password().reveal());
    assertInstanceOf(Credentials.None.class, c.upstreams().get(1).credentials());
    assertEquals(List.of("files.pythonhosted.org"), c.upstreams().get(1).fileHosts());
  }

  @Test
  void secondUpstreamHeaderCredentials_fromTheEnvironment_overTheFile() throws Exception {
    PantryConfig c = load(Map.of("PANTRY_UPSTREAM_CORP_NEXUS_HEADER", "PRIVATE-TOKEN",
            "PANTRY_UPSTREAM_CORP_NEXUS_HEADER_VALUE", "env-token"),
        "upstreams = pypi, corp-nexus",
        "upstream.pypi.url = https://pypi.org/simple/",
        "upstream.corp-nexus.url = https://nexus.example/repository/pypi/simple/",
        "upstream.corp-nexus.header = X-Other",
        "upstream.corp-nexus.header-value = file-token");

    Credentials.Header h = assertInstanceOf(Credentials.Header.class, c.upstreams().get(1).credentials());
    assertEquals("PRIVATE-TOKEN", h.name());
    assertEquals("env-token", h.value().reveal());
  }

  @Test
  void unsuffixedVariables_stillConfigureTheFirstUpstreamOnly() throws Exception {
    PantryConfig c = load(Map.of("PANTRY_UPSTREAM", "https://first.example/simple/",
            "PANTRY_UPSTREAM_PASSWORD", "tok"),
        "upstreams = first, second",
        "upstream.second.url = https://second.example/simple/");

    assertEquals(URI.create("https://first.example/simple/"), c.upstreams().get(0).indexUrl());
    assertInstanceOf(Credentials.Basic.class, c.upstreams().get(0).credentials());
    assertInstanceOf(Credentials.None.class, c.upstreams().get(1).credentials());
  }

  @Test
  void perUpstreamSettings_overrideTheMirrorWideOnes_andTheRestInherit() throws Exception {
    PantryConfig c = load(Map.of("PANTRY_UPSTREAM_GITLAB_RETRY_ATTEMPTS", "5"),
        "upstreams = gitlab, pypi",
        "upstream.gitlab.url = https://gitlab.example/simple/",
        "upstream.gitlab.page-ttl = 1m",
        "upstream.gitlab.timeout.page = 5s",
        "upstream.gitlab.breaker.threshold = 2",
        "upstream.pypi.url = https://pypi.org/simple/",
        "page-ttl = 20m",
        "timeout.page = 90s");

    UpstreamConfig gitlab = c.upstreams().get(0);
    UpstreamConfig pypi = c.upstreams().get(1);
    assertEquals(Duration.ofMinutes(1), c.pageTtl(gitlab));
    assertEquals(Duration.ofMinutes(20), c.pageTtl(pypi));
    assertEquals(Duration.ofSeconds(5), gitlab.options().timeouts().page());
    assertEquals(Duration.ofSeconds(90), pypi.options().timeouts().page());
    assertEquals(5, gitlab.options().policy().attempts());
    assertEquals(2, gitlab.options().policy().breakerThreshold());
    assertEquals(3, pypi.options().policy().attempts());
    assertEquals(c.policy().breakerCoolDown(), gitlab.options().policy().breakerCoolDown());
  }

  @Test
  void routingRulesAndMinimumAge_areReadNormalized() throws Exception {
    PantryConfig c = load(Map.of(),
        "upstreams = gitlab, pypi",
        "upstream.gitlab.url = https://gitlab.example/simple/",
        "upstream.gitlab.pin = Corp_*, internal.tool",
        "upstream.pypi.url = https://pypi.org/simple/",
        "upstream.pypi.block = corp-*",
        "upstream.pypi.min-age = 7d",
        "upstream.pypi.min-age-exempt = security-fix-*");

    assertEquals(List.of("gitlab"), c.candidates("corp-auth").stream().map(UpstreamConfig::id).toList());
    assertEquals(List.of("gitlab"), c.candidates("internal-tool").stream().map(UpstreamConfig::id).toList());
    assertEquals(List.of("gitlab", "pypi"), c.candidates("requests").stream().map(UpstreamConfig::id).toList());
    UpstreamOptions pypi = c.upstreams().get(1).options();
    assertEquals(Duration.ofDays(7), pypi.minAgeFor("requests"));
    assertNull(pypi.minAgeFor("security-fix-1"));
    assertFalse(pypi.hideUndated());
  }

  @Test
  void badGlob_namesTheKey() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(Map.of(),
        "upstreams = a", "upstream.a.url = https://a.example/simple/", "upstream.a.block = bad/name"));
    assertTrue(e.getMessage().startsWith("upstream.a.block: "), e.getMessage());
  }

  @Test
  void missingUrlOfASecondUpstream_saysWhichKeyOrVariable() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> load(
        Map.of("PANTRY_UPSTREAM_B_PASSWORD", "do-not-show"), "upstreams = a, b", "upstream.a.url = https://a/simple/"));
    assertEquals("upstream.b.url is required (or PANTRY_UPSTREAM_B_URL)", e.getMessage());
  }

  @Test
  void nameGlob_matchesNormalizedNames() {
    assertTrue(new NameGlob("Corp_*").matches("corp-auth"));
    assertTrue(new NameGlob("a?c").matches("abc"));
    assertFalse(new NameGlob("a?c").matches("ac"));
    assertTrue(new NameGlob("*").matches("anything"));
    assertFalse(new NameGlob("corp-*").matches("corporate"));
  }
}
