package dev.pantry.simple;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pantry.config.Credentials;
import dev.pantry.config.Timeouts;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.testing.Stores;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.PageMemory;
import dev.pantry.upstream.RetryPolicy;
import dev.pantry.upstream.UpstreamClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hook a large page's write runs once it is done, to give back the memory the page took. */
class PageWriterTest {
  private static final URI INDEX = URI.create("http://127.0.0.1:9/simple/");
  private static final UpstreamConfig UP = new UpstreamConfig("pypi", INDEX, Credentials.none());

  @TempDir Path data;
  private Stores stores;
  private UpstreamClient client;
  private final AtomicInteger largeWrites = new AtomicInteger();
  private PageWriter writer;

  @BeforeEach
  void open() throws Exception {
    stores = Stores.onDisk(data);
    client = new UpstreamClient(new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1)),
        64L << 20, RetryPolicy.none());
    writer = new PageWriter(new PageFetcher(), new PageStore(stores.meta, stores.renderings, stores.coordinator,
        16L << 20), client, new PageMemory(1L << 30), largeWrites::incrementAndGet);
  }

  @AfterEach
  void close() throws Exception {
    writer.close();
    stores.close();
  }

  private void write(String project, int links) {
    StringBuilder html = new StringBuilder("<!DOCTYPE html><html><body>\n");
    for (int i = 0; i < links; i++) {
      html.append("<a href=\"https://files.example/").append(project).append('-').append(i)
          .append(".tar.gz#sha256=").append("0".repeat(64)).append("\">").append(project).append('-').append(i)
          .append(".tar.gz</a><br>\n");
    }
    byte[] body = html.append("</body></html>\n").toString().getBytes(StandardCharsets.UTF_8);
    Outcome.Fetched<byte[]> f = new Outcome.Fetched<>(INDEX.resolve(project + "/"), body, "text/html",
        Outcome.Validators.none());

    assertInstanceOf(PageWriter.Written.Page.class, writer.write(UP, project, f, 1_000));
    assertTrue(writer.awaitWrite(UP.id(), project, 30_000), "the page is written behind its response");
  }

  @Test
  void write_largePage_runsTheHookOnceWritten() {
    write("big", 20_000); // about 3 MB

    writer.close(); // the hook runs after the write's own bookkeeping: wait for the writer to finish
    assertEquals(1, largeWrites.get());
  }

  @Test
  void write_ordinaryPage_noHook() {
    write("small", 100);

    writer.close();
    assertEquals(0, largeWrites.get());
  }
}
