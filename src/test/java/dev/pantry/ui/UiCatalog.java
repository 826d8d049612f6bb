package dev.pantry.ui;

import dev.pantry.config.Secret;
import dev.pantry.testing.TestMirror;
import dev.pantry.testing.Wheel;
import dev.pantry.testing.WheelBuilder;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The catalog the UI's tests browse: a mirror with two upstreams, {@code pub} (the public index, first) and
 * {@code gitlab} (the private registry, whose credentials must never show in the UI or the API), and a few files
 * downloaded through it.
 */
final class UiCatalog {
  static final Wheel ALPHA_1 = WheelBuilder.build("alpha", "1.0", List.of(), null);
  static final Wheel ALPHA_2RC = WheelBuilder.build("alpha", "2.0rc1", List.of(), ">=3.8");
  static final Wheel ALPHA_2 = WheelBuilder.build("alpha", "2.0", List.of(), ">=3.8");
  static final Wheel BETA = WheelBuilder.build("Beta_Pkg", "0.1", List.of(), null);
  static final Wheel GAMMA = WheelBuilder.build("gamma", "1.0", List.of("alpha>=1"), null);
  static final Wheel SECRET_OLD = WheelBuilder.build("secret-tool", "1.0", List.of(), null);
  static final Wheel SECRET_NEW = WheelBuilder.build("secret-tool", "1.1", List.of(), null);

  /** What {@link #populate} downloads: every wheel above except {@link #ALPHA_2RC} and {@link #SECRET_OLD}. */
  static final List<Wheel> DOWNLOADED = List.of(ALPHA_1, ALPHA_2, BETA, GAMMA, SECRET_NEW);

  private UiCatalog() {}

  /** A started mirror of the catalog, with admin actions when {@code adminToken} is given. */
  static TestMirror start(Path data, @Nullable String adminToken) throws Exception {
    TestMirror mirror = TestMirror.on(data).twoUpstreams()
        .config(c -> c.withAdminToken(adminToken == null ? null : Secret.of(adminToken))).start();
    for (Wheel w : List.of(ALPHA_1, ALPHA_2RC, ALPHA_2, BETA, GAMMA)) {
      mirror.upstream.addPublic(w);
    }
    mirror.upstream.addPrivate(SECRET_OLD, "broken build");
    mirror.upstream.addPrivate(SECRET_NEW);
    return mirror;
  }

  static String upstreamOf(Wheel w) {
    return w.project().startsWith("secret") ? "gitlab" : "pub";
  }

  /** Downloads {@link #DOWNLOADED} through the mirror (each once, ALPHA_2 twice: one miss, one hit). */
  static TestMirror populate(TestMirror mirror) throws Exception {
    for (Wheel w : DOWNLOADED) {
      mirror.download(upstreamOf(w), w);
    }
    mirror.download(upstreamOf(ALPHA_2), ALPHA_2);
    mirror.flushStats();
    return mirror;
  }
}
