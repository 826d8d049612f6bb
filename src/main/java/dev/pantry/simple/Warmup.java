package dev.pantry.simple;

import dev.pantry.config.UpstreamConfig;
import dev.pantry.storage.Digests;
import dev.pantry.upstream.Outcome;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs what a fetched page goes through before its first response (parsing, as HTML and as PEP 691 JSON, the
 * rewrite, both renderings and their digests) over made-up pages, once, on one background thread after the server
 * starts. Until the JIT has compiled that code, the first large page a replica fetches runs interpreted: a
 * 30,000-link page took 0.7–1.3 s there, 0.4 s after the warm-up. Nothing is fetched, stored or recorded, and no client
 * waits for it; {@code warm-up = false} turns it off.
 */
public final class Warmup {
  private static final Logger LOG = LoggerFactory.getLogger(Warmup.class);
  /** 1.3 s on this 2-core machine, about 3 s of CPU with the JIT's own work, spent once per start. */
  static final int ROUNDS = 12;
  static final int LINKS = 3_000;
  private static final String PROJECT = "warm-up";
  private static final URI PAGE_URL = URI.create("https://warm-up.invalid/simple/warm-up/");

  private Warmup() {}

  /** Starts the warm-up on a daemon thread. */
  public static Thread start(PageFetcher fetcher, UpstreamConfig up) {
    Thread t = new Thread(() -> {
      long started = System.nanoTime();
      try {
        int links = run(fetcher, up, ROUNDS, LINKS);
        LOG.debug("page pipeline warmed up: {} links in {} ms", links, (System.nanoTime() - started) / 1_000_000);
      } catch (RuntimeException e) {
        LOG.warn("page pipeline warm-up stopped (pages are served all the same): {}", e.toString());
      }
    }, "pantry-warm-up");
    t.setDaemon(true);
    t.setPriority(Thread.MIN_PRIORITY);
    t.start();
    return t;
  }

  /**
   * Renders {@code rounds} made-up pages of {@code links} links each, alternately given as HTML and as JSON.
   *
   * @return the links that came through, all rounds together
   * @throws IllegalStateException when a made-up page does not render (a bug: the pipeline rejects its own output)
   */
  static int run(PageFetcher fetcher, UpstreamConfig up, int rounds, int links) {
    byte[] html = page(links);
    byte[] json = new byte[0];
    int total = 0;
    for (int i = 0; i < rounds; i++) {
      boolean asJson = i % 2 == 1;
      Outcome.Fetched<byte[]> f = new Outcome.Fetched<>(PAGE_URL, asJson ? json : html,
          asJson ? "application/vnd.pypi.simple.v1+json" : "text/html", Outcome.Validators.none());
      PageFetcher.Rendered r = fetcher.render(up, PROJECT, f, link -> null, Map::of, System.currentTimeMillis());
      if (!(r instanceof PageFetcher.Rendered.Page p)) {
        throw new IllegalStateException("a made-up page did not render: " + r);
      }
      Digests.sha256Hex(p.html());
      Digests.sha256Hex(p.json());
      json = p.json();
      total += p.count();
    }
    return total;
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
