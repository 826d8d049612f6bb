package dev.pantry.simple;

import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.Problem;
import dev.pantry.error.StorageException;
import dev.pantry.metadata.FileKey;
import dev.pantry.metadata.FileRecord;
import dev.pantry.upstream.Outcome;
import dev.pantry.upstream.PageMemory;
import dev.pantry.upstream.UpstreamClient;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to a page the upstream sent: parsed and rendered within the memory all pages share, its listing
 * recorded, then stored. When the index or the store cannot take it (a full disk, a stopped database), the page is
 * still served, from memory, and its listing stays in memory so its files remain fetchable.
 */
final class PageWriter {
  private static final Logger LOG = LoggerFactory.getLogger(PageWriter.class);
  /** Parsing and rendering hold several times the page's bytes (a DOM for HTML, two renderings and their gzip). */
  private static final int WORK_FACTOR = 6;
  /** Rows of listings held in memory while the index cannot take them: a few large pages' worth. */
  private static final int UNRECORDED_ROWS = 200_000;

  private final PageFetcher fetcher;
  private final PageStore pages;
  private final UpstreamClient client;
  private final PageMemory memory;
  private final UnrecordedListings unrecorded = new UnrecordedListings(UNRECORDED_ROWS);

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

  PageWriter(PageFetcher fetcher, PageStore pages, UpstreamClient client, PageMemory memory) {
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
    try {
      PageFetcher.Rendered rendered = fetcher.render(up, project, f, link -> client.linkRefusal(up, link),
          () -> computedHashes(up, project), now);
      if (rendered instanceof PageFetcher.Rendered.Malformed m) {
        return new Written.Malformed(m.reason());
      }
      if (rendered instanceof PageFetcher.Rendered.Empty) {
        return new Written.Empty();
      }
      return new Written.Page(keep(up, project, (PageFetcher.Rendered.Page) rendered, f, now));
    } finally {
      memory.give(work);
    }
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

  private StoredPage keep(UpstreamConfig up, String project, PageFetcher.Rendered.Page page,
      Outcome.Fetched<byte[]> f, long now) {
    if (recordListing(up, project, page)) {
      try {
        return pages.save(up.id(), project, page.html(), page.json(), now, f.validators(), page.count(),
            page.status());
      } catch (IOException | StorageException e) {
        LOG.error("cannot store page {} of upstream {} (serving it from memory): {}", label(project), up.id(),
            e.getMessage());
      }
    }
    // The page is fresh and correct; only keeping it failed. Clients get it, the next fetch tries to store it again.
    return pages.unsaved(up.id(), project, page.html(), page.json(), now, f.validators(), page.count(),
        page.status());
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

  static String label(String project) {
    return project.isEmpty() ? "/simple/" : "'" + project + "'";
  }
}
