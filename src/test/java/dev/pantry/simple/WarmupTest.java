package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.index.PageParser;
import dev.pantry.index.ParseResult;
import dev.pantry.index.ProjectPage;
import java.net.URI;
import java.util.concurrent.TimeUnit;
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
    assertEquals(5 * 400, Warmup.run(new PageFetcher(), UP, 5, 400));
  }

  @Test
  void start_runsOnADaemonThreadAndFinishesByItself() throws InterruptedException {
    Thread t = Warmup.start(new PageFetcher(), UP);

    assertTrue(t.isDaemon(), "a warm-up never holds the process up");
    t.join(TimeUnit.SECONDS.toMillis(60));
    assertFalse(t.isAlive(), "the warm-up is bounded");
  }
}
