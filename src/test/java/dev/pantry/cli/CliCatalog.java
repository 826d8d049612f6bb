package dev.pantry.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pantry.storage.Digests;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A real data directory made by running the mirror against the fake registry and downloading wheels through it, for
 * the command line to work on. Catalog: {@code alpha} 1.0, 1.1, 2.0rc1, 2.0; {@code beta} 0.9 (yanked), 1.0;
 * {@code gamma} 3.0.
 */
final class CliCatalog {
  static final Wheel ALPHA_10 = WheelBuilder.build("alpha", "1.0", List.of(), null);
  static final Wheel ALPHA_11 = WheelBuilder.build("alpha", "1.1", List.of(), null);
  static final Wheel ALPHA_20RC1 = WheelBuilder.build("alpha", "2.0rc1", List.of(), null);
  static final Wheel ALPHA_20 = WheelBuilder.build("alpha", "2.0", List.of(), null);
  static final Wheel BETA_09 = WheelBuilder.build("beta", "0.9", List.of(), null);
  static final Wheel BETA_10 = WheelBuilder.build("beta", "1.0", List.of(), null);
  static final Wheel GAMMA_30 = WheelBuilder.build("gamma", "3.0", List.of(), null);
  static final List<Wheel> ALL = List.of(ALPHA_10, ALPHA_11, ALPHA_20RC1, ALPHA_20, BETA_09, BETA_10, GAMMA_30);

  private CliCatalog() {}

  /** The fake registry publishing the catalog, and a mirror of it on {@code data}. */
  static TestMirror start(Path data) throws Exception {
    TestMirror mirror = TestMirror.on(data).config(c -> c.withPageTtl(Duration.ofHours(1))).start();
    for (Wheel w : ALL) {
      mirror.upstream.addPrivate(w, w == BETA_09 ? "broken build" : null);
    }
    return mirror;
  }

  static String fileUrlPath(Wheel w) {
    return TestMirror.filePath("main", w);
  }

  /** Downloads a wheel's PEP 658 metadata file through the mirror. */
  static void downloadMetadata(TestMirror mirror, Wheel w) throws Exception {
    HttpResponse<byte[]> r = mirror.get(fileUrlPath(w) + ".metadata");
    assertEquals(200, r.statusCode(), w.metadataFilename());
    assertEquals(w.metadataSha256(), Digests.sha256Hex(r.body()));
  }

  static boolean hasBlob(TestMirror mirror, Wheel w) {
    return mirror.hasBlob(w.sha256());
  }

  static String sha256(byte[] bytes) {
    return Digests.sha256Hex(bytes);
  }
}
