package dev.pantry.cache;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Cached index pages, stored as their two finished renderings (HTML and JSON) so a hit is bytes out, with no parse
 * and no render. Renderings live on disk under {@code <data>/pages/<upstream>/}; the database row holds freshness,
 * upstream validators and the renderings' digests; a bounded in-memory LRU keeps hot pages off the disk.
 *
 * <p>Crash safety: files are written to a temp name, forced and renamed, then the row is saved. A reader accepts a
 * pair only when both digests match the row, so a crash between the two renames shows as "not cached".
 */
public final class PageStore {
  private final Path root;
  private final Path temp;
  private final MetadataStore meta;
  private final long memoryBudget;
  private final Map<String, StoredPage> memory = new LinkedHashMap<>(64, 0.75f, true);
  private long memoryBytes;

  /** A page ready to serve: both renderings and what the index knows of it. */
  public record StoredPage(PageRecord record, byte[] html, byte[] json) {
    public String htmlEtag() {
      return "\"h" + record.htmlDigest().substring(0, 24) + "\"";
    }

    public String jsonEtag() {
      return "\"j" + record.jsonDigest().substring(0, 24) + "\"";
    }

    StoredPage withRecord(PageRecord r) {
      return new StoredPage(r, html, json);
    }

    long weight() {
      return html.length + (long) json.length;
    }
  }

  public PageStore(Path dataDir, MetadataStore meta, long memoryBudget) throws IOException {
    this.root = Files.createDirectories(dataDir.resolve("pages"));
    this.temp = Files.createDirectories(dataDir.resolve("tmp"));
    this.meta = meta;
    this.memoryBudget = memoryBudget;
  }

  /** The stored page, or empty when there is none or its files don't match its row. */
  public Optional<StoredPage> load(String upstreamId, String project) {
    String key = key(upstreamId, project);
    synchronized (memory) {
      StoredPage hit = memory.get(key);
      if (hit != null) {
        return Optional.of(hit);
      }
    }
    Optional<PageRecord> row = meta.findPage(upstreamId, project);
    if (row.isEmpty()) {
      return Optional.empty();
    }
    byte[] html = read(file(upstreamId, project, "html"));
    byte[] json = read(file(upstreamId, project, "json"));
    if (html == null || json == null || !digest(html).equals(row.get().htmlDigest())
        || !digest(json).equals(row.get().jsonDigest())) {
      return Optional.empty();
    }
    StoredPage page = new StoredPage(row.get(), html, json);
    remember(key, page);
    return Optional.of(page);
  }

  /** Stores both renderings and their row; returns the page as it will be served. */
  public StoredPage save(String upstreamId, String project, byte[] html, byte[] json, long fetchedAt,
      @Nullable String upstreamEtag, @Nullable String upstreamLastModified, int fileCount) throws IOException {
    Files.createDirectories(root.resolve(upstreamId));
    writeAtomically(file(upstreamId, project, "html"), html);
    writeAtomically(file(upstreamId, project, "json"), json);
    PageRecord row = new PageRecord(upstreamId, project, fetchedAt, upstreamEtag, upstreamLastModified, digest(html),
        digest(json), fileCount);
    meta.savePage(row);
    StoredPage page = new StoredPage(row, html, json);
    remember(key(upstreamId, project), page);
    return page;
  }

  /** Records that the upstream confirmed the page unchanged at {@code fetchedAt}. */
  public StoredPage touch(StoredPage page, long fetchedAt) {
    PageRecord r = page.record();
    meta.touchPage(r.upstreamId(), r.project(), fetchedAt);
    StoredPage fresh = page.withRecord(new PageRecord(r.upstreamId(), r.project(), fetchedAt, r.upstreamEtag(),
        r.upstreamLastModified(), r.htmlDigest(), r.jsonDigest(), r.fileCount()));
    remember(key(r.upstreamId(), r.project()), fresh);
    return fresh;
  }

  /** Drops a page from memory so the next load re-reads it (after an external change). */
  public void evict(String upstreamId, String project) {
    synchronized (memory) {
      StoredPage old = memory.remove(key(upstreamId, project));
      if (old != null) {
        memoryBytes -= old.weight();
      }
    }
  }

  /**
   * Makes a stored page stale: its row's fetch time goes to 0 and memory forgets it, so the next request asks the
   * upstream again (conditionally, with the stored validators). A page never stored stays absent.
   */
  public void invalidate(String upstreamId, String project) {
    meta.touchPage(upstreamId, project, 0);
    evict(upstreamId, project);
  }

  private void remember(String key, StoredPage page) {
    if (page.weight() > memoryBudget / 2) {
      return;
    }
    synchronized (memory) {
      StoredPage old = memory.put(key, page);
      memoryBytes += page.weight() - (old == null ? 0 : old.weight());
      var it = memory.values().iterator();
      while (memoryBytes > memoryBudget && it.hasNext()) {
        memoryBytes -= it.next().weight();
        it.remove();
      }
    }
  }

  private void writeAtomically(Path target, byte[] bytes) throws IOException {
    Path tmp = temp.resolve(UUID.randomUUID() + ".page");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      ByteBuffer buf = ByteBuffer.wrap(bytes);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
      ch.force(true);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  private Path file(String upstreamId, String project, String ext) {
    return root.resolve(upstreamId).resolve((project.isEmpty() ? "_root" : project) + "." + ext);
  }

  private static byte @Nullable [] read(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      return null;
    } catch (IOException e) {
      throw new StorageException("cannot read cached page " + p.getFileName() + ": " + e.getMessage(), e);
    }
  }

  private static String key(String upstreamId, String project) {
    return upstreamId + '\0' + project;
  }

  static String digest(byte[] bytes) {
    return HexFormat.of().formatHex(BlobWriter.sha256().digest(bytes));
  }
}
