package dev.pantry.testing;

import static dev.pantry.testing.FakeUpstreamTest.get;
import static dev.pantry.testing.FakeUpstreamTest.location;
import static dev.pantry.testing.FakeUpstreamTest.text;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FakeUpstreamKnobsTest {

  static final Wheel PRIVATE = WheelBuilder.build("secret-lib", "1.0", List.of(), null);
  static final Wheel PUBLIC = WheelBuilder.build("open-lib", "2.0", List.of(), null);

  FakeUpstream upstream;

  @BeforeEach
  void start() {
    upstream = FakeUpstream.start("deploy", "s3cret");
    upstream.addPrivate(PRIVATE);
    upstream.addPublic(PUBLIC);
  }

  @AfterEach
  void stop() {
    upstream.close();
  }

  URI registryPage() {
    return upstream.registryIndexUrl().resolve("secret-lib/");
  }

  URI publicFile() {
    return upstream.publicIndexUrl().resolve("../packages/" + PUBLIC.filename());
  }

  URI presigned() throws Exception {
    URI file = upstream.registryIndexUrl().resolve("../files/" + PRIVATE.sha256() + "/" + PRIVATE.filename());
    return URI.create(location(get(file, "PRIVATE-TOKEN", "s3cret")));
  }

  @Test
  void failNext_two_failsTwoIndexRequestsThenRecovers() throws Exception {
    upstream.failNext(2, 502);

    assertEquals(502, get(registryPage(), "PRIVATE-TOKEN", "s3cret").statusCode());
    assertEquals(502, get(upstream.publicIndexUrl()).statusCode());
    assertEquals(200, get(registryPage(), "PRIVATE-TOKEN", "s3cret").statusCode());
  }

  @Test
  void down_true_answers503OnIndexesButStorageStillServes() throws Exception {
    URI signed = presigned();
    upstream.down(true);

    assertEquals(503, get(registryPage(), "PRIVATE-TOKEN", "s3cret").statusCode());
    assertEquals(503, get(publicFile()).statusCode());
    assertEquals(200, get(signed).statusCode());
    upstream.down(false);
    assertEquals(200, get(publicFile()).statusCode());
  }

  @Test
  void corruptFile_keepsLengthButChangesBytes() throws Exception {
    upstream.corruptFile(PUBLIC.filename());
    upstream.corruptFile(PRIVATE.filename());

    byte[] fromPublic = get(publicFile()).body();
    byte[] fromStorage = get(presigned()).body();

    assertEquals(PUBLIC.size(), fromPublic.length);
    assertNotEquals(PUBLIC.sha256(), WheelBuilder.sha256Hex(fromPublic));
    assertEquals(PRIVATE.size(), fromStorage.length);
    assertNotEquals(PRIVATE.sha256(), WheelBuilder.sha256Hex(fromStorage));
  }

  @Test
  void corruptFile_twiceThenCleared_staysCorruptThenServesTheRealBytes() throws Exception {
    upstream.corruptFile(PUBLIC.filename());

    byte[] first = get(publicFile()).body();
    byte[] second = get(publicFile()).body();
    upstream.clearFaults();
    byte[] cleared = get(publicFile()).body();

    assertNotEquals(PUBLIC.sha256(), WheelBuilder.sha256Hex(first));
    assertNotEquals(PUBLIC.sha256(), WheelBuilder.sha256Hex(second));
    assertArrayEquals(PUBLIC.bytes(), cleared);
  }

  @Test
  void resetMidBody_clientGetsFullLengthHeaderThenHalfTheBytesThenAnError() throws Exception {
    upstream.resetMidBody(PUBLIC.filename());
    HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(publicFile()).timeout(Duration.ofSeconds(10)).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    byte[] buffer = new byte[PUBLIC.size()];
    int received = 0;
    IOException failure = null;

    try (InputStream in = response.body()) {
      // Bounded: every pass reads at least one byte or leaves.
      while (received < buffer.length) {
        int n = in.read(buffer, received, buffer.length - received);
        if (n < 0) {
          break;
        }
        received += n;
      }
    } catch (IOException e) {
      failure = e;
    }

    assertNotNull(failure, "a truncated body must end in an error; received " + received);
    assertTrue(received <= PUBLIC.size() / 2, "received " + received);
    assertEquals(String.valueOf(PUBLIC.size()), response.headers().firstValue("Content-Length").orElseThrow());
    assertEquals(200, response.statusCode());
    upstream.clearFaults();
    assertArrayEquals(PUBLIC.bytes(), get(publicFile()).body());
  }

  @Test
  void stall_longerThanClientTimeout_clientTimesOut() {
    upstream.stall(Duration.ofSeconds(30));
    HttpRequest request = HttpRequest.newBuilder(upstream.publicIndexUrl()).timeout(Duration.ofMillis(300)).build();

    // close() in @AfterEach ends the stall, so the server thread does not wait the full 30 s.
    assertThrows(HttpTimeoutException.class,
        () -> HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.discarding()));
  }

  @Test
  void setPageBody_servesRawBodyOnBothIndexes() throws Exception {
    upstream.setPageBody("Secret.Lib", "text/html", "<html><a href=broken");
    upstream.setPageBody("unknown-lib", "application/vnd.pypi.simple.v1+json", "{\"meta\":");

    HttpResponse<byte[]> registry = get(registryPage(), "Authorization", FakeUpstreamTest.BASIC);
    HttpResponse<byte[]> unknown =
        get(upstream.registryIndexUrl().resolve("unknown-lib/"), "Authorization", FakeUpstreamTest.BASIC);

    assertEquals("<html><a href=broken", text(registry));
    assertEquals("text/html", registry.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(200, unknown.statusCode());
    assertEquals("{\"meta\":", text(unknown));
    assertEquals("{\"meta\":", text(get(upstream.publicIndexUrl().resolve("unknown-lib/"))));
  }

  @Test
  void requests_recordsOriginPathQueryAndHeaders_untilReset() throws Exception {
    URI signed = presigned();
    get(signed);

    List<FakeUpstream.Recorded> log = upstream.requests();

    assertEquals(2, log.size());
    FakeUpstream.Recorded registry = log.get(0);
    assertEquals("registry", registry.origin());
    assertEquals("GET", registry.method());
    assertEquals("s3cret", registry.header("private-token"));
    FakeUpstream.Recorded storage = log.get(1);
    assertEquals("storage", storage.origin());
    assertEquals("/bucket/" + PRIVATE.sha256(), storage.path());
    assertTrue(storage.query().startsWith("X-Amz-Signature="), storage.query());
    assertFalse(storage.headers().containsKey("Authorization"));
    assertEquals(1, upstream.count("registry", PRIVATE.filename()));
    assertEquals(1, upstream.count("storage", PRIVATE.sha256()));
    upstream.reset();
    assertEquals(0, upstream.requests().size());
  }
}
