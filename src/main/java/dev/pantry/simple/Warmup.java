package dev.pantry.simple;

import dev.pantry.config.UpstreamConfig;
import dev.pantry.storage.Digests;
import dev.pantry.upstream.Outcome;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs what a fetched page goes through before its first response (parsing, as HTML and as PEP 691 JSON, the
 * rewrite, both renderings and their digests) over made-up pages, on one background thread after the server starts,
 * until the JIT has compiled it. Until then, the first large page a replica fetches runs interpreted or at C1: a
 * 30,000-link page took 0.7–1.3 s there. Nothing is fetched, stored or recorded, and no client waits for it;
 * {@code warm-up = false} turns it off.
 *
 * <p>It stops when two rounds in a row added almost no JIT time, not after a fixed count. On two cores C2 compiles
 * the page code in a queue that takes seconds; what it had not finished when a fixed 12 rounds stopped was compiled
 * again during the first real page (seen as hundreds of compilations inside that request), which then took
 * 0.45–0.48 s. Running until the JIT settled (30–45 rounds, 3.5–5.5 s) brought it to 0.30–0.39 s.
 */
public final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  static final int MIN_ROUNDS = 12;
  /** The bound: on a machine this slow the warm-up stops anyway, at about 10 s of one core. */
  static final int MAX_ROUNDS = 80;
  /** Rounds run when the JVM cannot say how long its JIT worked. */
  static final int FIXED_ROUNDS = 40;
  /** JIT time of a round below which the round counts as settled. */
  static final long SETTLED_MILLIS = 10;
  static final int LINKS = 3_000;
  private static final String PROJECT = "warm-up";
  private static final URI PAGE_URL = URI.create("https://warm-up.invalid/simple/warm-up/");

  private Warmup() {}

  /** What a warm-up did. */
  record Done(int rounds, int links) {}

  /** Starts the warm-up on a daemon thread; {@code then} runs on it once the warm-up is over, however it ended. */
  public static Thread start(PageFetcher fetcher, UpstreamConfig up, Runnable then) {
    Thread t = new Thread(() -> {
      long started = System.nanoTime();
      try {
        LongSupplier jit = jitMillis();
        Done done = jit == null ? run(fetcher, up, FIXED_ROUNDS, FIXED_ROUNDS, LINKS, () -> 0)
            : run(fetcher, up, MIN_ROUNDS, MAX_ROUNDS, LINKS, jit);
        LOG.debug("page pipeline warmed up: {} rounds, {} links in {} ms", done.rounds(), done.links(),
            (System.nanoTime() - started) / 1_000_000);
      } catch (RuntimeException e) {
        LOG.warn("page pipeline warm-up stopped (pages are served all the same): {}", e.toString());
      } finally {
        then.run();
      }
    }, "pantry-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return t;
  }

  /**
   * Renders made-up pages of {@code links} links each, alternately given as HTML and as JSON: at least
   * {@code minRounds}, then until two rounds in a row each added less than {@link #SETTLED_MILLIS} to
   * {@code jitMillis}, and at most {@code maxRounds}.
   *
   * @throws IllegalStateException when a made-up page does not render (a bug: the pipeline rejects its own output)
   */
  static Done run(PageFetcher fetcher, UpstreamConfig up, int minRounds, int maxRounds, int links,
      LongSupplier jitMillis) {
    byte[] html = page(links);
    byte[] json = new byte[0];
    int total = 0;
    int settled = 0;
    int round = 0;
    long jit = jitMillis.getAsLong();
    while (round < maxRounds && (round < minRounds || settled < 2)) {
      boolean asJson = round % 2 == 1;
      Outcome.Fetched<byte[]> f = new Outcome.Fetched<>(PAGE_URL, asJson ? json : html,
          asJson ? "application/vnd.pypi.simple.v1+json" : "text/html", Outcome.Validators.none());
      PageFetcher.Rendered r = fetcher.render(up, PROJECT, f, link -> null, Map::of, System.currentTimeMillis());
      if (!(r instanceof PageFetcher.Rendered.Page p)) {
        throw new IllegalStateException("a made-up page did not render: " + r);
      }
      PageStore.sha256Hex(p.html());
      PageStore.sha256Hex(p.json());
      json = p.json().toByteArray();
      total += p.count();
      round++;
      long now = jitMillis.getAsLong();
      settled = now - jit < SETTLED_MILLIS ? settled + 1 : 0;
      jit = now;
    }
    return new Done(round, total);
  }

  /** The JIT's total compilation time so far, or null when this JVM does not measure it. */
  private static @Nullable LongSupplier jitMillis() {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    return jit == null || !jit.isCompilationTimeMonitoringSupported() ? null : jit::getTotalCompilationTime;
  }

  /** A PEP 503 page shaped like a real one: relative links, sha256 fragments, some with data-requires-python. */
  static byte[] page(int links) {
    StringBuilder b = new StringBuilder(links * 200);
    b.append("<!DOCTYPE html>\n<html><head><meta name=\"pypi:repository-version\" content=\"1.0\">")
        .append("<title>Links for warm-up</title></head><body><h1>Links for warm-up</h1>\n");
    for (int i = 0; i < links; i++) {
      String version = (i / 1000) + "." + (i / 10 % 100) + "." + (i % 10);
      String file = i % 3 == 0 ? "warm_up-" + version + ".tar.gz" : "warm_up-" + version + "-py3-none-any.whl";
      b.append("<a href=\"../../packages/").append(i % 256).append('/').append(file).append("#sha256=")
          .append(Digests.sha256Hex(file.getBytes(StandardCharsets.US_ASCII))).append('"');
      if (i % 2 == 0) {
        b.append(" data-requires-python=\"&gt;=3.").append(i % 12).append('"');
      }
      b.append('>').append(file).append("</a><br/>\n");
    }
    return b.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
  }
}
