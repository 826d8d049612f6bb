package dev.pantry.simple;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.pantry.coordination.Coordinator;
import dev.pantry.coordination.Invalidation;
import dev.pantry.error.StorageException;
import dev.pantry.index.Rendering;
import dev.pantry.metadata.FileRecord;
import dev.pantry.metadata.MetadataStore;
import dev.pantry.metadata.PageRecord;
import dev.pantry.storage.Blob;
import dev.pantry.storage.BlobStore;
import dev.pantry.storage.BlobUpload;
import dev.pantry.storage.Digests;
import dev.pantry.storage.UploadResult;
import dev.pantry.upstream.Outcome;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cached index pages: each one bundle of finished renderings in the renderings store, named by its sha256, and a row
 * in the metadata index (freshness, upstream validators, the bundle's digest). A bounded memory keeps hot pages as
 * bytes, so a hit reads nothing; it is a cache, dropped through the coordination seam when another process changes a
 * page.
 *
 * <p>Crash safety: the bundle is committed (verified, durable) before its row names it, and a reader takes a bundle
 * only when it hashes to the row's digest; a crash in between leaves the old page, or none.
 */
public final class PageStore {
  private static final Logger LOG = LoggerFactory.getLogger(PageStore.class);

  private final MetadataStore meta;
  private final BlobStore renderings;
  private final Coordinator coordinator;
  private final long memoryBudget;
  /** Pages fetched and served, whose write is still under way: served from here until they are stored. */
  private final ConcurrentHashMap<String, StoredPage> staged = new ConcurrentHashMap<>();
  /** Hot pages by bytes held; reads take no lock. */
  private final Cache<String, StoredPage> memory;

  /**
   * @param memoryBudget bytes of bundles held in memory at most; a page larger than half of it is read from the
   *                     store on each request instead
   */
  public PageStore(MetadataStore meta, BlobStore renderings, Coordinator coordinator, long memoryBudget) {
    this.meta = meta;
    this.renderings = renderings;
    this.coordinator = coordinator;
    this.memoryBudget = memoryBudget;
    this.memory = Caffeine.newBuilder().maximumWeight(memoryBudget)
        .weigher((String key, StoredPage page) -> (int) page.weight()).executor(Runnable::run).build();
    coordinator.subscribe(this::onInvalidation);
  }

  /** Whether the stored page says the upstream quarantined the project: the copy in memory, else its row alone. */
  public boolean quarantined(String upstreamId, String project) {
    Optional<StoredPage> hot = peek(upstreamId, project);
    return hot.isPresent() ? hot.get().record().quarantined()
        : meta.findPage(upstreamId, project).map(PageRecord::quarantined).orElse(false);
  }

  /** The page from memory only: never reads the index or the store (the hot path). */
  public Optional<StoredPage> peek(String upstreamId, String project) {
    String key = key(upstreamId, project);
    StoredPage s = staged.get(key);
    return Optional.ofNullable(s != null ? s : memory.getIfPresent(key));
  }

  /**
   * Holds a fresh page, uncompressed, in memory while it is written behind its first response ({@link #save} or
   * {@link #unsaved} then replaces it); returns it as it is served meanwhile. The memory budget does not apply: the
   * page must be served until it is stored, and the writer bounds how many are held.
   */
  StoredPage stage(PageRecord draft, Rendering html, Rendering json) {
    PageBundle.Parts plain = PageBundle.plain(html, json);
    StoredPage page = new StoredPage(draft, plain.layout(), plain.held(), null);
    staged.put(key(draft.upstreamId(), draft.project()), page);
    return page;
  }

  /**
   * A page's row before it is stored: the digests of its renderings (its ETags), no bundle yet. Staging, storing and
   * holding the page in memory all start from it, so the renderings are hashed once.
   */
  static PageRecord draft(String upstreamId, String project, Rendering html, Rendering json, long fetchedAt,
      Outcome.Validators validators, int count, @Nullable String status) {
    return new PageRecord(upstreamId, project, fetchedAt, validators.etag(), validators.lastModified(),
        sha256Hex(html), sha256Hex(json), count, null, 0, status);
  }

  /** The hex sha256 of a rendering: its ETag's digest. */
  static String sha256Hex(Rendering r) {
    MessageDigest md = Digests.sha256();
    r.update(md);
    return Digests.hex(md.digest());
  }

  /** Stops serving a staged page, once its write is done (it then serves from memory or the store). */
  void unstage(StoredPage page) {
    staged.remove(key(page.record().upstreamId(), page.record().project()), page);
  }

  /** The stored page, or empty when there is none or its bundle does not match its row. */
  public Optional<StoredPage> load(String upstreamId, String project) {
    Optional<StoredPage> hot = peek(upstreamId, project);
    if (hot.isPresent()) {
      return hot;
    }
    Optional<PageRecord> row = meta.findPage(upstreamId, project);
    if (row.isEmpty() || row.get().bundleDigest() == null) {
      return Optional.empty();
    }
    Optional<StoredPage> page = read(row.get());
    page.ifPresent(p -> remember(key(upstreamId, project), p));
    return page;
  }

  /** Stores both renderings as a new bundle and its row; returns the page as it will be served. */
  public StoredPage save(String upstreamId, String project, Rendering html, Rendering json, long fetchedAt,
      Outcome.Validators validators, int count, @Nullable String status) throws IOException {
    return save(draft(upstreamId, project, html, json, fetchedAt, validators, count, status), html, json);
  }

  /** As {@link #save(String, String, Rendering, Rendering, long, Outcome.Validators, int, String)}, from its draft. */
  StoredPage save(PageRecord draft, Rendering html, Rendering json) throws IOException {
    String upstreamId = draft.upstreamId();
    String project = draft.project();
    PageBundle.Parts parts = PageBundle.compress(html, json, draft);
    // The parts are written one after the other and held as they are: never one whole copy.
    Blob blob = commit(parts.buffers());
    PageRecord row = new PageRecord(upstreamId, project, draft.fetchedAt(), draft.upstreamEtag(),
        draft.upstreamLastModified(), draft.htmlDigest(), draft.jsonDigest(), draft.fileCount(), blob.sha256(),
        blob.size(), draft.projectStatus());
    meta.savePage(row);
    StoredPage page = new StoredPage(row, parts.layout(), parts.size() <= memoryBudget / 2 ? parts.held() : null, blob);
    // Other processes drop their copy; this one then keeps the new page. The replaced bundle stays in the store
    // until the reconcile collects bundles no row names, so a response streaming it now finishes.
    coordinator.publish(new Invalidation.Project(upstreamId, project));
    remember(key(upstreamId, project), page);
    return page;
  }

  /**
   * Records the files a page lists, before the page is stored, so every link a stored page shows is fetchable.
   *
   * @throws dev.pantry.error.StorageException when the index cannot take them
   */
  public void recordListing(String upstreamId, String project, List<FileRecord> listing) {
    if (!listing.isEmpty()) {
      meta.upsertListing(upstreamId, project, listing);
    }
  }

  /**
   * The page as it would be stored, held in this process's memory only: for when the store or the index cannot take
   * it (a full disk), so a client still gets the fresh page. It is fetched again once it ages out or leaves memory.
   */
  StoredPage unsaved(PageRecord draft, Rendering html, Rendering json) {
    PageBundle.Parts parts = PageBundle.compress(html, json, draft);
    StoredPage page = new StoredPage(draft, parts.layout(), parts.held(), null);
    remember(key(draft.upstreamId(), draft.project()), page);
    return page;
  }

  /**
   * The row a stored bundle was written for, from the bundle's header, naming the bundle: for the reconcile, which
   * re-indexes a page whose row the index lost. Empty for a bundle from before bundles carried their row.
   *
   * @throws IOException when the bundle cannot be read
   */
  public static Optional<PageRecord> bundleRecord(Blob bundle) throws IOException {
    return PageBundle.record(ByteBuffer.wrap(head(bundle)), bundle.sha256(), bundle.size());
  }

  /** The bundle's first bytes, as many as its header can take. */
  private static byte[] head(Blob bundle) throws IOException {
    try (InputStream in = bundle.open(0, Math.min(bundle.size(), PageBundle.maxHeader()))) {
      return in.readAllBytes();
    }
  }

  /**
   * Makes the next request fetch the page whole and render it again, everywhere: used once a file the page gave no
   * hash for is cached, so the page the mirror serves can carry the sha256 it computed.
   */
  public void forget(String upstreamId, String project) {
    meta.forgetPage(upstreamId, project);
    coordinator.publish(new Invalidation.Project(upstreamId, project));
  }

  /** The sha256 of every cached file of a project whose page gave no hash, by filename. */
  public Map<String, String> computedHashes(String upstreamId, String project) {
    Map<String, String> out = new HashMap<>();
    for (FileRecord f : meta.filesOf(upstreamId, project)) {
      if (f.sha256() == null && f.cachedSha256() != null) {
        out.put(f.filename(), f.cachedSha256());
      }
    }
    return out;
  }

  /** Records that the upstream confirmed the page unchanged at {@code fetchedAt}. */
  public StoredPage touch(StoredPage page, long fetchedAt) {
    PageRecord r = page.record();
    meta.touchPage(r.upstreamId(), r.project(), fetchedAt);
    StoredPage fresh = page.with(r.fetchedAt(fetchedAt));
    remember(key(r.upstreamId(), r.project()), fresh);
    return fresh;
  }

  /**
   * Makes a stored page stale everywhere: its row's fetch time goes to 0 and every process forgets its copy, so the
   * next request asks the upstream again (conditionally, with the stored validators).
   */
  public void invalidate(String upstreamId, String project) {
    meta.touchPage(upstreamId, project, 0);
    coordinator.publish(new Invalidation.Project(upstreamId, project));
  }

  private Blob commit(List<ByteBuffer> bundle) throws IOException {
    try (BlobUpload upload = renderings.begin()) {
      for (ByteBuffer b : bundle) {
        // In slices: a store writes a heap buffer through a temporary native copy of what remains of it.
        while (b.hasRemaining()) {
          int n = Math.min(b.remaining(), SlicedWrite.SLICE);
          upload.write(b.slice().limit(n));
          b.position(b.position() + n);
        }
      }
      UploadResult r = upload.commit(null, null);
      if (r instanceof UploadResult.Stored s) {
        return s.blob();
      }
      throw new IOException(r instanceof UploadResult.Unwritable u ? u.reason() : "the page did not store");
    }
  }

  private Optional<StoredPage> read(PageRecord row) {
    String digest = row.bundleDigest();
    Optional<Blob> blob = digest == null ? Optional.empty() : renderings.find(digest);
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    Blob b = blob.get();
    try {
      if (b.size() <= memoryBudget / 2 && b.size() < Integer.MAX_VALUE) {
        byte[] bytes;
        try (InputStream in = b.open()) {
          bytes = in.readAllBytes();
        }
        if (!Digests.sha256Hex(bytes).equals(digest)) {
          LOG.warn("stored page {}/{} does not match its digest; it will be fetched again", row.upstreamId(),
              row.project());
          return Optional.empty();
        }
        return PageBundle.parse(ByteBuffer.wrap(bytes), bytes.length)
            .map(pb -> new StoredPage(row, pb, pb.slices(bytes), b));
      }
      return PageBundle.parse(ByteBuffer.wrap(head(b)), b.size()).map(pb -> new StoredPage(row, pb, null, b));
    } catch (IOException e) {
      throw new StorageException("cannot read stored page " + row.project() + ": " + e.getMessage(), e);
    }
  }

  private void onInvalidation(Invalidation event) {
    if (event instanceof Invalidation.Project p) {
      forget(key(p.upstreamId(), p.project()));
    } else if (event instanceof Invalidation.Name n) {
      memory.asMap().keySet().removeIf(k -> k.endsWith('\0' + n.project()));
    } else if (event instanceof Invalidation.All) {
      memory.invalidateAll();
    }
  }

  private void forget(String key) {
    memory.invalidate(key);
  }

  private void remember(String key, StoredPage page) {
    if (page.held() == null || page.weight() > memoryBudget / 2) {
      return;
    }
    memory.put(key, page);
  }

  private static String key(String upstreamId, String project) {
    return upstreamId + '\0' + project;
  }
}
