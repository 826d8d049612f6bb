package dev.pantry.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pantry.config.ConfigLoader;
import dev.pantry.config.PantryConfig;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Http;
import dev.pantry.testing.Pip;
import dev.pantry.testing.PrometheusText;
import dev.pantry.testing.TestClock;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two upstreams configured as a user would, in {@code pantry.properties}: the private registry {@code gitlab} first,
 * {@code pypi} second. The root page union, early claims and shadows, routing rules (and their live reload), the
 * minimum age, and an empty 200 from a Nexus-like registry.
 */
final class SeveralUpstreamsTest {
  static final String ADMIN = "admin-secret-for-tests";
  static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
  static final Wheel CORP = WheelBuilder.build("corp-auth", "1.0", List.of(), null);
  static final Wheel IMPOSTOR = WheelBuilder.build("corp-auth", "99.0", List.of(), null);
  static final Wheel TOOL_OLD = WheelBuilder.build("open-tool", "1.0", List.of(), null);
  static final Wheel TOOL_FRESH = WheelBuilder.build("open-tool", "2.0", List.of(), null);
  static final Wheel INTERNAL = WheelBuilder.build("internal-cli", "1.0", List.of(), null);
  static final Wheel INTERNAL_PUBLIC = WheelBuilder.build("internal-cli", "5.0", List.of(), null);

  @TempDir Path dir;
  private final TestClock clock = new TestClock(NOW);
  private FakeUpstream upstream;
  private TestMirror mirror;
  private Path configFile;
  private final List<String> extra = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    upstream = FakeUpstream.start(TestMirror.USER, TestMirror.TOKEN);
    upstream.addPrivate(CORP);
    upstream.addPrivate(INTERNAL);
    upstream.addPublic(IMPOSTOR, NOW.minus(Duration.ofDays(400)));
    upstream.addPublic(INTERNAL_PUBLIC, NOW.minus(Duration.ofDays(400)));
    upstream.addPublic(TOOL_OLD, NOW.minus(Duration.ofDays(30)));
    upstream.addPublic(TOOL_FRESH, NOW.minus(Duration.ofHours(5)));
    Files.writeString(dir.resolve("admin"), ADMIN);
    Files.writeString(dir.resolve("token"), TestMirror.TOKEN);
    configFile = dir.resolve("pantry.properties");
  }

  private void startMirror(String... lines) throws Exception {
    extra.clear();
    extra.addAll(List.of(lines));
    writeConfig();
    ConfigLoader loader = new ConfigLoader(Map.of());
    ConfigLoader.Flags flags = ConfigLoader.Flags.of(configFile, dir.resolve("data"));
    PantryConfig initial = loader.resolve(flags);
    mirror = TestMirror.of(initial).clock(clock).reloadFrom(() -> loader.resolve(flags)).start();
  }

  private void writeConfig() throws Exception {
    List<String> lines = new ArrayList<>(List.of(
        "listen = 127.0.0.1:0",
        "upstreams = gitlab, pypi",
        "upstream.gitlab.url = " + upstream.registryIndexUrl(),
        "upstream.gitlab.username = " + TestMirror.USER,
        "upstream.gitlab.password-file = " + dir.resolve("token"),
        "upstream.pypi.url = " + upstream.publicIndexUrl(),
        "admin-token-file = " + dir.resolve("admin"),
        "retry.attempts = 1",
        "access-log = off"));
    lines.addAll(extra);
    Files.writeString(configFile, String.join("\n", lines) + "\n");
  }

  @AfterEach
  void stop() throws Exception {
    if (mirror != null) {
      mirror.close();
    }
    upstream.close();
  }

  private String page(String project) throws Exception {
    HttpResponse<byte[]> r = mirror.get("simple/" + project + "/");
    assertEquals(200, r.statusCode(), TestMirror.text(r));
    return TestMirror.text(r);
  }

  @Test
  void root_isTheUnionOfBothLists_eachNameOnce_inBothFormats() throws Exception {
    startMirror();
    String html = mirror.getText("simple/", "Accept", "text/html").body();
    String json = mirror.getText("simple/", "Accept", "application/vnd.pypi.simple.v1+json").body();

    for (String name : List.of("corp-auth", "internal-cli", "open-tool")) {
      assertEquals(1, html.split("href=\"" + name + "/\"", -1).length - 1, name + " once: " + html);
      assertEquals(1, json.split("\"name\":\"" + name + "\"", -1).length - 1, name + " once: " + json);
    }
  }

  @Test
  void root_claimsThePrivateNamesBeforeAnyIsAsked_andReportsShadows() throws Exception {
    startMirror();
    mirror.server().pantry().pages().refreshRoots();

    Ownership ownership = mirror.server().pantry().ownership();
    assertEquals("gitlab", ownership.owner("corp-auth").orElseThrow().upstreamId());
    assertEquals("gitlab", ownership.owner("internal-cli").orElseThrow().upstreamId());
    assertTrue(ownership.owner("open-tool").isEmpty(), "a public name is decided when asked for");
    List<Shadows.Shadow> shadows = mirror.server().pantry().shadows().all();
    assertEquals(List.of(new Shadows.Shadow("corp-auth", "gitlab", "pypi"),
        new Shadows.Shadow("internal-cli", "gitlab", "pypi")), shadows);
    var metrics = PrometheusText.parse(Http.text(mirror.uri("metrics")));
    assertEquals(2, metrics.sum("pantry_shadowed_projects", "shadowed_by", "pypi"));
    String api = mirror.getText("api/shadows").body();
    assertTrue(api.contains("{\"project\":\"corp-auth\",\"owner\":\"gitlab\",\"shadowedBy\":\"pypi\"}"), api);
  }

  @Test
  void pin_aGlobToThePublicUpstream_theRegistryIsNeverAskedForIt() throws Exception {
    startMirror("upstream.pypi.pin = open-*");

    assertTrue(page("open-tool").contains("/files/pypi/open-tool/"));
    assertEquals(0, upstream.count("registry", "/open-tool/"));
  }

  @Test
  void block_aNameFromTheRegistry_itComesFromTheNextUpstream_andItsFileUrlsAreRefused() throws Exception {
    startMirror("upstream.gitlab.block = internal-cli");

    assertTrue(page("internal-cli").contains(INTERNAL_PUBLIC.filename()));
    assertEquals(0, upstream.count("registry", "/internal-cli/"));
    HttpResponse<byte[]> r = mirror.get(TestMirror.filePath("gitlab", INTERNAL));
    assertEquals(404, r.statusCode());
    assertTrue(TestMirror.text(r).contains("routing rule blocks"), TestMirror.text(r));
  }

  @Test
  void reload_aRuleThatBlocksTheRecordedOwner_failsClosed_andAPinWins() throws Exception {
    startMirror();
    assertTrue(page("corp-auth").contains(CORP.filename()));

    extra.add("upstream.gitlab.block = corp-*");
    writeConfig();
    HttpResponse<byte[]> reload = Http.post(mirror.uri("admin/reload"), "Authorization", "Bearer " + ADMIN);
    assertEquals(200, reload.statusCode(), Http.body(reload));
    assertTrue(Http.body(reload).contains("upstream gitlab: routing rules changed"), Http.body(reload));
    HttpResponse<byte[]> blocked = mirror.get("simple/corp-auth/");
    assertEquals(404, blocked.statusCode());
    assertTrue(TestMirror.text(blocked).contains("a routing rule now blocks"), TestMirror.text(blocked));

    extra.add("upstream.pypi.pin = corp-auth");
    writeConfig();
    assertEquals(200, Http.post(mirror.uri("admin/reload"), "Authorization", "Bearer " + ADMIN).statusCode());
    assertTrue(page("corp-auth").contains(IMPOSTOR.filename()), "the admin's pin is obeyed");
  }

  @Test
  void minAge_hidesFreshFilesOfThatUpstream_andPipResolvesTheOlderRelease() throws Exception {
    assumeTrue(Pip.available(), "python3 -m pip is not available");
    startMirror("upstream.pypi.min-age = 7d");

    String html = page("open-tool");
    assertTrue(html.contains(TOOL_OLD.filename()), html);
    assertFalse(html.contains(TOOL_FRESH.filename()), "five hours old: " + html);
    assertEquals(404, mirror.get(TestMirror.filePath("pypi", TOOL_FRESH)).statusCode(), "and not fetchable");
    Path into = Files.createDirectories(dir.resolve("pip"));
    Pip.Result r = Pip.run(into, Duration.ofSeconds(180), "download", "--no-deps", "--dest", into.toString(),
        "--index-url", mirror.uri("simple/").toString(), "open-tool");
    assertTrue(r.ok(), r.output());
    try (Stream<Path> files = Files.list(into)) {
      assertEquals(List.of(TOOL_OLD.filename()), files.map(f -> f.getFileName().toString()).toList());
    }
  }

  @Test
  void minAge_exemptNamesShowEverything_andUndatedFilesFollowTheSetting() throws Exception {
    startMirror("upstream.pypi.min-age = 7d", "upstream.pypi.min-age-exempt = open-*",
        "upstream.gitlab.min-age = 7d", "upstream.gitlab.min-age-hide-undated = true");
    upstream.setRegistryPageBody("corp-auth", "text/html", "<html><body><a href=\"../../files/" + CORP.sha256() + "/"
        + CORP.filename() + "#sha256=" + CORP.sha256() + "\">" + CORP.filename() + "</a></body></html>");

    assertTrue(page("open-tool").contains(TOOL_FRESH.filename()));
    HttpResponse<byte[]> corp = mirror.get("simple/corp-auth/");
    assertEquals(200, corp.statusCode(), "the project is the registry's, whatever it shows");
    assertFalse(TestMirror.text(corp).contains(CORP.filename()), "no upload-time, and undated files are hidden");
    assertEquals(0, upstream.count("public", "/simple/corp-auth/"), "hiding files never hands the name on");
  }

  @Test
  void emptyPageFromTheRegistry_likeANexusGroup_meansNotHere() throws Exception {
    startMirror();
    upstream.setRegistryPageBody("open-tool", "text/html", "<!DOCTYPE html><html><body></body></html>");

    String html = page("open-tool");

    assertTrue(html.contains("/files/pypi/open-tool/"), html);
    assertEquals("pypi", mirror.server().pantry().ownership().owner("open-tool").orElseThrow().upstreamId());
  }
}
