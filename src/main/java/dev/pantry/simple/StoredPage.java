package dev.pantry.simple;

import dev.pantry.index.Format;
import dev.pantry.index.Rendering;
import dev.pantry.metadata.PageRecord;
import dev.pantry.storage.Blob;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A page ready to serve: what the index knows of it and its bundle of renderings, held in memory for hot pages or
 * read from the renderings store in ranges for pages too large to hold.
 *
 * @param held  the variants held in memory, each read-only, or null when none is; a variant missing from it is read
 *              from the store
 * @param blob  the bundle in the renderings store, or null for a page served from memory because it could not be stored
 *              (then {@code held} holds every variant)
 */
public record StoredPage(PageRecord record, PageBundle bundle, @Nullable Map<PageBundle.Variant, Rendering> held,
    @Nullable Blob blob) {

  /** The strong ETag of one variant: the rendering's digest, with the coding's suffix. */
  public String etag(Format format, Encoding encoding) {
    String digest = format.isJson() ? record.jsonDigest() : record.htmlDigest();
    return "\"" + (format.isJson() ? "j" : "h") + digest.substring(0, 24) + encoding.etagSuffix() + "\"";
  }

  /** The variant's length in bytes. */
  public long length(Format format, Encoding encoding) {
    return bundle.slot(format, encoding).length();
  }

  /** The variant's bytes from memory, or null when the bundle is not held in memory. */
  public @Nullable Rendering memory(Format format, Encoding encoding) {
    return held == null ? null : held.get(PageBundle.Variant.of(format, encoding));
  }

  /** The variant's bytes from the store. */
  public InputStream open(Format format, Encoding encoding) throws IOException {
    PageBundle.Slot s = bundle.slot(format, encoding);
    if (blob == null) {
      throw new IOException("the page is in memory only");
    }
    return blob.open(s.offset(), s.length());
  }

  /** The same page with another row (a revalidation moved its fetch time). */
  StoredPage with(PageRecord newRecord) {
    return new StoredPage(newRecord, bundle, held, blob);
  }

  /** Memory this page holds. */
  long weight() {
    long total = 0;
    if (held != null) {
      for (Rendering r : held.values()) {
        total += r.length();
      }
    }
    return total;
  }
}
