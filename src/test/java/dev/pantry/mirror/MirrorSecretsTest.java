package dev.pantry.mirror;

import static dev.pantry.testing.TestMirror.TOKEN;
import static dev.pantry.testing.TestMirror.text;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.ConfigLoader;
import dev.pantry.config.Credentials;
import dev.pantry.config.PantryConfig;
import dev.pantry.config.Secret;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.config.UpstreamPolicy;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The upstream token never shows: not in config printouts, not in anything the mirror serves. */
class MirrorSecretsTest {
  static final Wheel DEMO = WheelBuilder.build("pantry-demo", "1.0", List.of(), ">=3.8");
  static final String BASIC_PAYLOAD = TestMirror.BASIC.substring("Basic ".length());

  @TempDir
  Path data;

  private static void assertNoToken(String printed) {
    assertFalse(printed.contains(TOKEN), printed);
    assertFalse(printed.contains(BASIC_PAYLOAD), printed);
  }

  @Test
  void toString_ofConfigRecords_neverShowsTheToken() {
    URI url = URI.create("https://gitlab.example.com/api/v4/projects/7/packages/pypi/simple/");
    Credentials basic = new Credentials.Basic(TestMirror.USER, Secret.of(TOKEN));
    Credentials header = new Credentials.Header("PRIVATE-TOKEN", Secret.of(TOKEN));
    UpstreamConfig withBasic = new UpstreamConfig("main", url, basic);
    UpstreamConfig withHeader = new UpstreamConfig("main", url, header);
    PantryConfig config = PantryConfig.of(withBasic, data).withAdminToken(Secret.of(TOKEN));

    List<String> printed = List.of(basic.toString(), header.toString(), withBasic.toString(), withHeader.toString(),
        config.toString(), config.withUpstreams(List.of(withHeader)).toString(), Secret.of(TOKEN).toString());

    printed.forEach(MirrorSecretsTest::assertNoToken);
    assertTrue(config.toString().contains("[redacted]"), config.toString());
    assertTrue(basic.toString().contains(TestMirror.USER), "the user name is no secret: " + basic);
  }

  @Test
  void toString_ofLoadedConfig_neverShowsTokensFromTheEnvironment() {
    PantryConfig basic = new ConfigLoader(Map.of(
        "PANTRY_UPSTREAM", "https://gitlab.example.com/simple/",
        "PANTRY_UPSTREAM_USERNAME", TestMirror.USER,
        "PANTRY_UPSTREAM_PASSWORD", TOKEN,
        "PANTRY_ADMIN_TOKEN", TOKEN)).resolve(ConfigLoader.Flags.none());
    PantryConfig header = new ConfigLoader(Map.of(
        "PANTRY_UPSTREAM", "https://gitlab.example.com/simple/",
        "PANTRY_UPSTREAM_HEADER", "PRIVATE-TOKEN",
        "PANTRY_UPSTREAM_HEADER_VALUE", TOKEN)).resolve(ConfigLoader.Flags.none());

    assertNoToken(basic.toString());
    assertNoToken(header.toString());
    assertEquals(TOKEN, ((Credentials.Header) header.upstreams().get(0).credentials()).value().reveal());
  }

  @Test
  void everythingTheMirrorServes_neverShowsTheToken() throws Exception {
    try (TestMirror mirror = TestMirror.on(data).credentials(TestMirror.basic()).config(c -> c.withPolicy(
        new UpstreamPolicy(1, Duration.ofMillis(10), Duration.ofMillis(10), 100, Duration.ofSeconds(1)))).start()) {
      mirror.upstream.addPrivate(DEMO);
      mirror.upstream.setPageBody("broken", "application/vnd.pypi.simple.v1+json", "{ nope");
      List<HttpResponse<byte[]>> responses = new ArrayList<>();
      for (String accept : List.of("text/html", TestMirror.PIP_ACCEPT)) {
        responses.add(mirror.get("", "Accept", accept));
        responses.add(mirror.get("simple/", "Accept", accept));
        responses.add(mirror.get("simple/pantry-demo/", "Accept", accept));
        responses.add(mirror.get("simple/broken/", "Accept", accept));
        responses.add(mirror.get("simple/no-such-project/", "Accept", accept));
      }
      responses.add(mirror.get("files/main/pantry-demo/" + DEMO.filename()));
      responses.add(mirror.get("files/main/pantry-demo/nope-1.0-py3-none-any.whl"));
      responses.add(mirror.get("simple/pantry-demo/", "Accept", "image/png"));
      mirror.upstream.down(true);
      responses.add(mirror.get("simple/down-now/"));
      mirror.upstream.clearFaults();
      mirror.upstream.corruptFile(DEMO.metadataFilename());
      responses.add(mirror.get("files/main/pantry-demo/" + DEMO.metadataFilename()));

      List<Integer> statuses = new ArrayList<>();
      for (HttpResponse<byte[]> r : responses) {
        statuses.add(r.statusCode());
        assertNoToken(text(r));
        assertNoToken(r.headers().map().toString());
      }
      assertTrue(statuses.contains(200) && statuses.contains(404) && statuses.contains(406)
          && statuses.contains(502), statuses.toString());
    }
  }
}
