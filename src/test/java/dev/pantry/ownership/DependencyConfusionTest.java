package dev.pantry.ownership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pantry.config.CacheSettings;
import dev.pantry.config.Credentials;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.metadata.Owner;
import dev.pantry.testing.FakeUpstream;
import dev.pantry.testing.Pip;
import dev.pantry.testing.TestClock;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 10's attack, on real servers: the private registry ({@code gitlab}, GitLab-like: credentials, and a 302 to
 * the public index for any name it does not know) is listed first, the public index ({@code pypi}) second, and the
 * public index offers every private name in a higher version. The mirror must serve the private release or a clear
 * error, never the public impostor.
 */
final class DependencyConfusionTest {
  static final Wheel SHARED_PRIVATE = WheelBuilder.build("corp-auth", "1.0", List.of(), null);
  static final Wheel SHARED_IMPOSTOR = WheelBuilder.build("corp-auth", "99.0", List.of(), null);
  static final Wheel PUBLIC_ONLY = WheelBuilder.build("open-tool", "2.0", List.of(), null);
  static final Duration TTL = Duration.ofMinutes(10);

  @TempDir Path data;
  private final TestClock clock = new TestClock();
  private FakeUpstream upstream;
  private TestMirror mirror;

  @BeforeEach
  void start() throws Exception {
    upstream = FakeUpstream.start(TestMirror.USER, TestMirror.TOKEN);
    upstream.addPrivate(SHARED_PRIVATE);
    upstream.addPublic(SHARED_IMPOSTOR);
    upstream.addPublic(PUBLIC_ONLY);
    upstream.faultsOnly("registry");
    mirror = TestMirror.of(config()).clock(clock).start();
  }

  @AfterEach
  void stop() throws Exception {
    mirror.close();
    upstream.close();
  }

  PantryConfig config() {
    UpstreamConfig gitlab = new UpstreamConfig("gitlab", upstream.registryIndexUrl(), TestMirror.basic());
    UpstreamConfig pypi = new UpstreamConfig("pypi", upstream.publicIndexUrl(), new Credentials.None());
    return TestMirror.plainConfig(upstream.publicIndexUrl(), data).withUpstreams(List.of(gitlab, pypi))
        .withPageTtl(TTL)
        .withTimeouts(new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2)));
  }

  private String page(String project) throws Exception {
    HttpResponse<byte[]> r = mirror.get("simple/" + project + "/");
    assertEquals(200, r.statusCode(), TestMirror.text(r));
    return TestMirror.text(r);
  }

  private Optional<Owner> owner(String project) {
    return mirror.server().pantry().ownership().owner(project);
  }

  private void expire() {
    clock.advance(TTL.plusSeconds(1));
  }

  @Test
  void project_offeredByBoth_isThePrivatePageOnly_andThePrivateOwnsIt() throws Exception {
    String html = page("corp-auth");

    assertTrue(html.contains(SHARED_PRIVATE.filename()), html);
    assertFalse(html.contains(SHARED_IMPOSTOR.filename()), "files are never merged across upstreams: " + html);
    assertTrue(html.contains("/files/gitlab/corp-auth/"), html);
    assertEquals("gitlab", owner("corp-auth").orElseThrow().upstreamId());
    assertEquals(0, upstream.count("public", "/simple/corp-auth/"), "the public index is never asked");
    mirror.download("gitlab", SHARED_PRIVATE);
  }

  @Test
  void project_thePrivateRegistryForwardsElsewhere_belongsToTheNextUpstreamUnderItsOwnName() throws Exception {
    String html = page("open-tool");

    assertTrue(html.contains("/files/pypi/open-tool/" + PUBLIC_ONLY.filename()), html);
    Owner o = owner("open-tool").orElseThrow();
    assertEquals("pypi", o.upstreamId());
    assertTrue(o.direct(), "found at pypi's own origin, not through gitlab's redirect");
    mirror.download("pypi", PUBLIC_ONLY);
  }

  @Test
  void project_nobodyHasIt_is404() throws Exception {
    HttpResponse<byte[]> r = mirror.get("simple/no-such-thing/");

    assertEquals(404, r.statusCode());
    assertTrue(owner("no-such-thing").isEmpty());
  }

  @Test
  void project_thePrivateNameVanishesAndIsForwarded_servesTheLastGoodPageStale_neverTheImpostor() throws Exception {
    page("corp-auth");
    upstream.removePrivate("corp-auth");
    expire();

    HttpResponse<byte[]> r = mirror.get("simple/corp-auth/");

    assertEquals(200, r.statusCode());
    assertEquals("STALE", TestMirror.header(r, "X-Pantry-Cache"));
    assertTrue(TestMirror.text(r).contains(SHARED_PRIVATE.filename()));
    assertFalse(TestMirror.text(r).contains(SHARED_IMPOSTOR.filename()), TestMirror.text(r));
    assertEquals(0, upstream.count("public", "/simple/corp-auth/"), "the forward is not followed");
    assertEquals("gitlab", owner("corp-auth").orElseThrow().upstreamId(), "ownership is sticky");

    mirror.restart();
    expire();
    HttpResponse<byte[]> again = mirror.get("simple/corp-auth/");
    assertFalse(TestMirror.text(again).contains(SHARED_IMPOSTOR.filename()), "and after a restart");
    assertEquals(0, upstream.count("public", "/simple/corp-auth/"));
  }

  @Test
  void project_ownedButOfferedNowhereAndNothingCached_is404NamingTheOwnerAndTheWayOut() throws Exception {
    mirror.server().pantry().ownership().claim("corp-gone", "gitlab", true);

    HttpResponse<byte[]> r = mirror.get("simple/corp-gone/");

    assertEquals(404, r.statusCode());
    assertTrue(TestMirror.text(r).contains("belongs to upstream gitlab"), TestMirror.text(r));
    assertTrue(TestMirror.text(r).contains("pantry release corp-gone"), TestMirror.text(r));
  }

  @Test
  void release_ofAVanishedName_letsTheNextUpstreamHaveIt_andIsLogged() throws Exception {
    page("corp-auth");
    upstream.removePrivate("corp-auth");
    expire();
    assertFalse(page("corp-auth").contains(SHARED_IMPOSTOR.filename()));

    TestMirror.Run run = mirror.cli("release", "Corp_Auth");

    assertEquals(0, run.code(), run.err());
    assertTrue(run.out().contains("released 'corp-auth' from upstream gitlab"), run.out());
    String html = page("corp-auth");
    assertTrue(html.contains("/files/pypi/corp-auth/" + SHARED_IMPOSTOR.filename()), "an admin's decision: " + html);
    assertEquals("pypi", owner("corp-auth").orElseThrow().upstreamId());
    TestMirror.Run none = mirror.cli("release", "never-owned");
    assertEquals(1, none.code());
    assertTrue(none.err().contains("no owner is recorded for 'never-owned'"), none.err());
  }

  @ParameterizedTest
  @ValueSource(ints = {500, 401, 403, 503})
  void project_thePrivateRegistryFails_failsClosedWithoutAskingThePublicIndex(int status) throws Exception {
    upstream.failNext(100, status);

    HttpResponse<byte[]> r = mirror.get("simple/corp-auth/");

    assertTrue(r.statusCode() >= 500, r.statusCode() + " " + TestMirror.text(r));
    assertTrue(TestMirror.text(r).contains(String.valueOf(status)), TestMirror.text(r));
    assertEquals(0, upstream.count("public", "/simple/corp-auth/"), "no fall-through to the public index");
    assertTrue(owner("corp-auth").isEmpty(), "a failure decides nothing");
  }

  @Test
  void project_thePrivateRegistryTimesOut_failsClosed() throws Exception {
    upstream.stall(Duration.ofSeconds(4));

    HttpResponse<byte[]> r = mirror.get("simple/corp-auth/");

    assertEquals(504, r.statusCode(), TestMirror.text(r));
    assertEquals(0, upstream.count("public", "/simple/corp-auth/"));
  }

  @Test
  void project_thePrivateRegistryRefusesConnections_failsClosed_andAnOwnedPageIsServedStale() throws Exception {
    page("corp-auth");
    upstream.stopOrigin("registry");

    HttpResponse<byte[]> unowned = mirror.get("simple/open-tool/");
    expire();
    HttpResponse<byte[]> owned = mirror.get("simple/corp-auth/");

    assertTrue(unowned.statusCode() >= 500, TestMirror.text(unowned));
    assertEquals(0, upstream.count("public", "/simple/open-tool/"));
    assertEquals(200, owned.statusCode());
    assertEquals("STALE", TestMirror.header(owned, "X-Pantry-Cache"));
    assertFalse(TestMirror.text(owned).contains(SHARED_IMPOSTOR.filename()));
  }

  @Test
  void file_ofAProjectOwnedByAnotherUpstream_is404_andNothingIsFetched() throws Exception {
    page("corp-auth");

    HttpResponse<byte[]> r = mirror.get(TestMirror.filePath("pypi", SHARED_IMPOSTOR));

    assertEquals(404, r.statusCode());
    assertTrue(TestMirror.text(r).contains("belongs to upstream gitlab"), TestMirror.text(r));
    assertEquals(0, upstream.count("public", SHARED_IMPOSTOR.filename()));
    assertEquals(0, upstream.count("public", "/simple/corp-auth/"));
  }

  @Test
  void file_urlForTheImpostorBeforeAnyPage_decidesTheOwnerFirst_andRefuses() throws Exception {
    HttpResponse<byte[]> r = mirror.get(TestMirror.filePath("pypi", SHARED_IMPOSTOR));

    assertEquals(404, r.statusCode(), TestMirror.text(r));
    assertEquals("gitlab", owner("corp-auth").orElseThrow().upstreamId());
    assertEquals(0, upstream.count("public", SHARED_IMPOSTOR.filename()));
  }

  @Test
  void offline_servesTheOwnersCopyOnly() throws Exception {
    page("corp-auth");
    page("open-tool");
    mirror.restart(config().withCache(new CacheSettings(0, Duration.ofDays(7), true)));

    HttpResponse<byte[]> r = mirror.get("simple/corp-auth/");

    assertEquals("STALE", TestMirror.header(r, "X-Pantry-Cache"));
    assertTrue(TestMirror.text(r).contains("/files/gitlab/corp-auth/"), TestMirror.text(r));
    assertTrue(page("open-tool").contains("/files/pypi/open-tool/"));
  }

  @Test
  void singleUpstream_aDirectPageLaterOnlyForwarded_isTreatedAsVanished() throws Exception {
    mirror.close();
    PantryConfig one = TestMirror.plainConfig(upstream.registryIndexUrl(), data).withPageTtl(TTL)
        .withUpstreams(List.of(new UpstreamConfig("gitlab", upstream.registryIndexUrl(), TestMirror.basic())));
    mirror = TestMirror.of(one).clock(clock).start();
    page("corp-auth");
    assertTrue(page("open-tool").contains("/files/gitlab/open-tool/"), "a forward is followed as before");
    upstream.removePrivate("corp-auth");
    expire();

    HttpResponse<byte[]> r = mirror.get("simple/corp-auth/");

    assertEquals("STALE", TestMirror.header(r, "X-Pantry-Cache"));
    assertFalse(TestMirror.text(r).contains(SHARED_IMPOSTOR.filename()), TestMirror.text(r));
    assertTrue(page("open-tool").contains("/files/gitlab/open-tool/"), "a name that always forwarded still does");
  }

  /** What pip resolves {@code corp-auth} to through the mirror: the one file it downloaded. */
  private String pipDownload(Path dir) throws Exception {
    Path into = Files.createDirectories(dir);
    Pip.Result r = Pip.run(into, Duration.ofSeconds(180), "download", "--no-deps", "--dest", into.toString(),
        "--index-url", mirror.uri("simple/").toString(), "corp-auth");
    assertTrue(r.ok(), r.output());
    try (Stream<Path> files = Files.list(into)) {
      return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".whl")).findFirst().orElseThrow();
    }
  }

  @Test
  void pip_getsThePrivateRelease_online_afterItVanishes_afterARestart_andOffline() throws Exception {
    assumeTrue(Pip.available(), "python3 -m pip is not available");
    assertEquals(SHARED_PRIVATE.filename(), pipDownload(data.resolve("pip-online")));

    upstream.removePrivate("corp-auth");
    expire();
    assertEquals(SHARED_PRIVATE.filename(), pipDownload(data.resolve("pip-vanished")));

    mirror.restart();
    expire();
    assertEquals(SHARED_PRIVATE.filename(), pipDownload(data.resolve("pip-restarted")));

    mirror.restart(config().withCache(new CacheSettings(0, Duration.ofDays(7), true)));
    assertEquals(SHARED_PRIVATE.filename(), pipDownload(data.resolve("pip-offline")));
    assertEquals(0, upstream.count("public", "/simple/corp-auth/"));
  }
}
