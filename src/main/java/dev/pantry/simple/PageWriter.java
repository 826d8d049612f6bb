package dev.pantry.simple;

import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem;
import dev.pantry.error.StorageException;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.PageRecord;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.PageMemory;
import dev.pantry.upstream.UpstreamClient;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a page the upstream sent: parsed and rendered within the memory all pages share, served from that
 * fresh rendering at once, and written behind the response: its listing recorded, then its compressed bundle stored.
 * Files of the project wait for that write ({@link #awaitWrite}), so nothing is read before it is visible. When the
 * index or the store cannot take it (a full disk, a stopped database), the page is still served, from memory, and
 * its listing stays in memory so its files remain fetchable.
 */
final class PageWriter {
  private static final Logger LOG = LoggerFactory.getLogger(PageWriter.class);
  /** Parsing and rendering hold several times the page's bytes (a DOM for HTML, two renderings and their gzip). */
  private static final int WORK_FACTOR = 6;
  /** A page at least this large (as received) is a large write: {@code afterLargePage} runs once it is written. */
  static final int LARGE_PAGE_BYTES = 2 << 20;
  /** Rows of listings held in memory while the index cannot take them: a few large pages' worth. */
  private static final int UNRECORDED_ROWS = 200_000;

  private final PageFetcher fetcher;
  private final PageStore pages;
  private final UpstreamClient client;
  private final PageMemory memory;
  private final UnrecordedListings unrecorded = new UnrecordedListings(UNRECORDED_ROWS);
  private final WriteBehind behind = new WriteBehind();
  private final Runnable afterLargePage;

  /** What became of a fetched page. */
  sealed interface Written {
    /** Ready to serve; stored, or held in memory when it could not be. */
    record Page(StoredPage page) implements Written {}

    /** The page did not parse. */
    record Malformed(String reason) implements Written {}

    /** The mirror has no memory for it (now, or ever); the cached copy, if any, serves instead. */
    record Busy(Problem problem) implements Written {}

    /** The upstream listed nothing, and said nothing of a status: not stored, and taken as "not here". */
    record Empty() implements Written {}
  }

  /** @param afterLargePage runs on the writer's thread each time a page of {@link #LARGE_PAGE_BYTES} is written */
  PageWriter(PageFetcher fetcher, PageStore pages, UpstreamClient client, PageMemory memory,
      Runnable afterLargePage) {
    this.afterLargePage = afterLargePage;
    this.fetcher = fetcher;
    this.pages = pages;
    this.client = client;
    this.memory = memory;
  }

  Written write(UpstreamConfig up, String project, Outcome.Fetched<byte[]> f, long now) {
    long work = (long) f.body().length * WORK_FACTOR;
    if (!memory.fits(work)) {
      return new Written.Busy(memory.tooLarge(f.body().length, work));
    }
    if (!memory.tryTake(work)) {
      return new Written.Busy(memory.busy());
    }
    boolean handedOver = false;
    try {
      PageFetcher.Rendered rendered = fetcher.render(up, project, f, link -> client.linkRefusal(up, link),
          () -> computedHashes(up, project), now);
      if (rendered instanceof PageFetcher.Rendered.Malformed m) {
        return new Written.Malformed(m.reason());
      }
      if (rendered instanceof PageFetcher.Rendered.Empty) {
        return new Written.Empty();
      }
      PageFetcher.Rendered.Page page = (PageFetcher.Rendered.Page) rendered;
      StoredPage staged = pages.stage(PageStore.draft(up.id(), project, page.html(), page.json(), now,
          f.validators(), page.count(), page.status()), page.html(), page.json());
      // The memory stays taken until the write is done: pages waiting to be written count against it too.
      boolean large = f.body().length >= LARGE_PAGE_BYTES; // the body itself is not kept for the write
      behind.submit(key(up.id(), project), () -> {
        try {
          keep(up, project, page, staged.record());
        } finally {
          pages.unstage(staged);
          memory.give(work);
        }
        if (large) {
          afterLargePage.run();
        }
      });
      handedOver = true;
      return new Written.Page(staged);
    } finally {
      if (!handedOver) {
        memory.give(work);
      }
    }
  }

  /** Whether a page of the project is being written now. */
  boolean writing(String upstreamId, String project) {
    return behind.pending(key(upstreamId, project));
  }

  /**
   * Waits until the page of the project fetched so far is written (its listing visible in the index, or kept in
   * memory when the index could not take it); false when that took longer than {@code millis}.
   */
  boolean awaitWrite(String upstreamId, String project, long millis) {
    return behind.await(key(upstreamId, project), millis);
  }

  /** Runs {@code then} once the page of the project fetched so far is written; at once when nothing is pending. */
  void whenWritten(String upstreamId, String project, Runnable then) {
    behind.whenDone(key(upstreamId, project), then);
  }

  /** Finishes the writes under way; called once, at shutdown. */
  void close() {
    behind.close();
  }

  private Map<String, String> computedHashes(UpstreamConfig up, String project) {
    try {
      return pages.computedHashes(up.id(), project);
    } catch (StorageException e) {
      return Map.of(); // the index is down: the page goes out as the upstream gave it
    }
  }

  /** A file of a page served while its listing could not be recorded. */
  Optional<FileRecord> unrecorded(FileKey key) {
    return unrecorded.find(key);
  }

  private StoredPage keep(UpstreamConfig up, String project, PageFetcher.Rendered.Page page, PageRecord draft) {
    if (recordListing(up, project, page)) {
      try {
        return pages.save(draft, page.html(), page.json());
      } catch (IOException | StorageException e) {
        LOG.error("cannot store page {} of upstream {} (serving it from memory): {}", label(project), up.id(),
            e.getMessage());
      }
    }
    // The page is fresh and correct; only keeping it failed. Clients get it, the next fetch tries to store it again.
    return pages.unsaved(draft, page.html(), page.json());
  }

  /** Records the listing; when the index cannot take it, keeps it in memory instead and says so. */
  private boolean recordListing(UpstreamConfig up, String project, PageFetcher.Rendered.Page page) {
    try {
      pages.recordListing(up.id(), project, page.listing());
      unrecorded.remove(up.id(), project);
      return true;
    } catch (StorageException e) {
      LOG.error("cannot record the listing of {} from upstream {} (its files stay fetchable from memory): {}",
          label(project), up.id(), e.getMessage());
      unrecorded.put(up.id(), project, page.listing());
      return false;
    }
  }

  private static String key(String upstreamId, String project) {
    return upstreamId + '\0' + project;
  }

  static String label(String project) {
    return project.isEmpty() ? "/simple/" : "'" + project + "'";
  }
}
