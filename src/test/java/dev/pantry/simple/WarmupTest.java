package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.index.PageParser;
import dev.pantry.index.ParseResult;
import dev.pantry.index.ProjectPage;
import java.net.URI;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class WarmupTest {
  private static final UpstreamConfig UP =
      new UpstreamConfig("pypi", URI.create("https://pypi.invalid/simple/"), Credentials.none());

  @Test
  void page_madeUp_parsesAsARealPageWithEveryLinkAndItsHash() {
    ParseResult<ProjectPage> parsed = PageParser.parseProject(Warmup.page(500), "text/html",
        URI.create("https://warm-up.invalid/simple/warm-up/"), "warm-up");

    ProjectPage page = ((ParseResult.Parsed<ProjectPage>) parsed).value();
    assertEquals(500, page.files().size());
    assertTrue(page.files().stream().allMatch(f -> f.hashes().containsKey("sha256")));
    assertEquals(250, page.files().stream().filter(f -> f.requiresPython() != null).count());
  }

  @Test
  void run_htmlThenJsonRounds_everyLinkComesThroughEachRound() {
    // Odd rounds parse the JSON the previous round rendered: both upstream formats are exercised.
    assertEquals(new Warmup.Done(5, 5 * 400), Warmup.run(new PageFetcher(), UP, 5, 5, 400, () -> 0));
  }

  @Test
  void run_jitStillCompiling_goesOnUntilTwoSettledRounds() {
    // Each round adds 50 ms of JIT time until the 7th; from then on none: rounds 7 and 8 are the settled two.
    long[] jit = {0};
    int[] reads = {0};
    Warmup.Done done = Warmup.run(new PageFetcher(), UP, 3, 20, 50, () -> reads[0]++ < 7 ? jit[0] += 50 : jit[0]);

    assertEquals(8, done.rounds());
  }

  @Test
  void run_jitNeverSettles_stopsAtTheBound() {
    long[] jit = {0};
    assertEquals(6, Warmup.run(new PageFetcher(), UP, 2, 6, 50, () -> jit[0] += 100).rounds());
  }

  @Test
  void run_jitSettledAtOnce_stillRunsTheMinimum() {
    assertEquals(4, Warmup.run(new PageFetcher(), UP, 4, 20, 50, () -> 7).rounds());
  }

  @Test
  void start_runsOnADaemonThreadFinishesByItself_thenRunsWhatFollows() throws InterruptedException {
    AtomicReference<String> after = new AtomicReference<>();
    Thread t = Warmup.start(new PageFetcher(), UP, () -> after.set(Thread.currentThread().getName()));

    assertTrue(t.isDaemon(), "a warm-up never holds the process up");
    assertNull(after.get(), "what follows the warm-up waits for it");
    t.join(TimeUnit.SECONDS.toMillis(60));
    assertFalse(t.isAlive(), "the warm-up is bounded");
    assertEquals("pantry-warm-up", after.get());
  }
}
