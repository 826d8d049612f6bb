package dev.pantry.maintenance;

import dev.pantry.metadata.MetadataStore;
import dev.pantry.metadata.PageRecord;
import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobStore;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile of page bundles. A bundle no row names is either the newest copy of its page, whose row the index
 * lost (it is re-indexed from the row it carries), or one that was replaced, forgotten, or never named (it is
 * collected). It counts as newer when it was fetched after the bundle its page's row names, or, when the row names
 * none, after the row's own fetch time; a page forgotten on purpose keeps its row for that.
 */
final class Bundles {
  private static final Logger LOG = LoggerFactory.getLogger(Bundles.class);

  private final BlobStore renderings;
  private final MetadataStore meta;
  private final BundleRecords records;
  private final Duration grace;

  Bundles(BlobStore renderings, MetadataStore meta, BundleRecords records, Duration grace) {
    this.renderings = renderings;
    this.meta = meta;
    this.records = records;
    this.grace = grace;
  }

  /** Re-indexes the pages the index lost, then collects the other unnamed bundles; counts both into {@code n}. */
  void reconcile(Reconciler.Counts n) throws IOException {
    Set<String> named = new HashSet<>(meta.bundleDigests());
    List<String> unnamed = new ArrayList<>();
    renderings.forEach(sha -> {
      if (!named.contains(sha)) {
        unnamed.add(sha);
      }
    });
    Instant cutoff = Instant.now().minus(grace);
    Map<String, PageRecord> newest = new HashMap<>();
    // What the index holds for each page, looked up once: a page replaced often has many unnamed copies.
    Map<String, Indexed> indexed = new HashMap<>();
    Set<String> collectable = new HashSet<>();
    for (String sha : unnamed) {
      Optional<Blob> blob = renderings.find(sha);
      if (blob.isEmpty() || !grace.isZero() && !blob.get().storedAt().isBefore(cutoff)) {
        continue; // gone already, or seconds old: another replica's row may be on the way
      }
      Optional<PageRecord> carried;
      try {
        carried = records.recordOf(blob.get());
      } catch (IOException e) {
        LOG.warn("cannot read page bundle {} (kept for the next reconcile): {}", sha, e.toString());
        continue; // unreadable is not proven useless
      }
      collectable.add(sha);
      if (carried.isEmpty()) {
        continue;
      }
      PageRecord row = carried.get();
      Indexed now = indexed.computeIfAbsent(key(row), k -> indexed(row));
      if (row.fetchedAt() > now.fetchedAt() && Reconciler.hashes(blob.get())) {
        newest.merge(key(row), row, (x, y) -> x.fetchedAt() >= y.fetchedAt() ? x : y);
      }
    }
    for (PageRecord row : newest.values()) {
      Indexed before = indexed.get(key(row));
      String replaced = before == null ? null : before.digest();
      meta.savePage(row);
      collectable.remove(row.bundleDigest());
      if (replaced != null && grace.isZero()) {
        // Named no more: collected now. With shared renderings another replica may be streaming it, so it waits for
        // a later reconcile, past the grace.
        collectable.add(replaced);
      }
      n.pagesRestored++;
    }
    for (String sha : collectable) {
      if (renderings.delete(sha)) {
        n.collected++;
      }
    }
  }

  /**
   * What the index holds for a page: when it was fetched, and the bundle its row names.
   *
   * @param fetchedAt {@link Long#MIN_VALUE} when there is no row
   */
  private record Indexed(long fetchedAt, @Nullable String digest) {}

  /** When the page the index holds for {@code carried}'s page was fetched, and its bundle. */
  private Indexed indexed(PageRecord carried) {
    Optional<PageRecord> row = meta.findPage(carried.upstreamId(), carried.project());
    if (row.isEmpty()) {
      return new Indexed(Long.MIN_VALUE, null);
    }
    long fetchedAt = row.get().fetchedAt(); // touched since, or made stale (0): the named bundle's own time is better
    String digest = row.get().bundleDigest();
    Optional<Blob> current = digest == null ? Optional.empty() : renderings.find(digest);
    if (current.isPresent()) {
      try {
        fetchedAt = records.recordOf(current.get()).map(PageRecord::fetchedAt).orElse(fetchedAt);
      } catch (IOException e) {
        LOG.warn("cannot read page bundle {}: {}", digest, e.toString());
      }
    }
    return new Indexed(fetchedAt, digest);
  }

  private static String key(PageRecord r) {
    return r.upstreamId() + '\0' + r.project();
  }
}
