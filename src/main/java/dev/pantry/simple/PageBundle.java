package dev.pantry.simple;

import dev.pantry.index.Format;
import dev.pantry.index.RenderBuffer;
import dev.pantry.index.Rendering;
import dev.pantry.metadata.PageRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * A page's finished renderings in one blob: HTML and JSON, each plain, gzip-compressed and (where {@link Zstd} loads)
 * zstd-compressed, so a hit is bytes out with no rendering and no compression. Bundles written before zstd, or where it
 * does not load, lack the zstd variants; they stay valid. The layout is a small header ({@code PNTRYPG2}, then per
 * variant its format, coding, offset and length, then the {@linkplain BundleRecord row it was stored for}) followed by
 * the bytes; the bundle is stored content-addressed, so a reader that finds it finds it whole. Bundles of the first
 * layout ({@code PNTRYPG1}, no row) stay valid too.
 */
public final class PageBundle {
  private static final byte[] MAGIC = "PNTRYPG2".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] MAGIC_WITHOUT_RECORD = "PNTRYPG1".getBytes(StandardCharsets.US_ASCII);
  private static final int HEADER_ENTRY = 1 + 1 + 8 + 8;

  /** Where one variant lies in the bundle. */
  record Slot(long offset, long length) {}

  /** One variant's key. */
  record Variant(Format format, Encoding encoding) {
    private static final Variant[][] KNOWN = new Variant[2][Encoding.values().length];

    static {
      for (Encoding e : Encoding.values()) {
        KNOWN[0][e.ordinal()] = new Variant(Format.HTML, e);
        KNOWN[1][e.ordinal()] = new Variant(Format.JSON, e);
      }
    }

    /** The variant a response of this format and coding is cut from: one instance for each. */
    static Variant of(Format format, Encoding encoding) {
      return KNOWN[format.isJson() ? 1 : 0][encoding.ordinal()];
    }

    // Written out because every page hit looks variants up: the record's generated equals and hashCode go through
    // method handles, and they were 5 % of a 304's CPU on Java 17.
    @Override
    public boolean equals(@Nullable Object o) {
      return this == o || (o instanceof Variant v && format == v.format && encoding == v.encoding);
    }

    @Override
    public int hashCode() {
      return format.ordinal() * 31 + encoding.ordinal();
    }
  }

  private final Map<Variant, Slot> slots;

  private PageBundle(Map<Variant, Slot> slots) {
    this.slots = Map.copyOf(slots);
  }

  /** Whether the bundle holds this coding (identity and gzip always). */
  boolean has(Encoding encoding) {
    return slots.containsKey(Variant.of(Format.JSON, encoding));
  }

  /** Where the variant of this format and coding lies. */
  Slot slot(Format format, Encoding encoding) {
    Slot s = slots.get(Variant.of(format, encoding));
    if (s == null) {
      throw new IllegalStateException("bundle lacks " + format + "/" + encoding);
    }
    return s;
  }

  /**
   * A bundle's parts before they are laid out: held in memory as they are, and written to the store one after the
   * other, so no page ever needs a second copy of everything in one array.
   *
   * @param parts  in layout order
   * @param record the {@link BundleRecord} of the row the bundle is stored for (empty: none)
   */
  record Parts(Map<Variant, Rendering> parts, byte[] record) {
    /** The bundle's size in bytes. */
    long size() {
      long total = headerSize(parts.size(), record.length);
      for (Rendering r : parts.values()) {
        total += r.length();
      }
      return total;
    }

    /** The bundle as a sequence of buffers (its header, then each part's chunks), with no copy. */
    List<ByteBuffer> buffers() {
      ByteBuffer head = ByteBuffer.allocate(headerSize(parts.size(), record.length));
      head.put(MAGIC).putInt(parts.size());
      long offset = head.capacity();
      List<ByteBuffer> out = new ArrayList<>();
      out.add(head);
      for (Map.Entry<Variant, Rendering> e : parts.entrySet()) {
        Rendering r = e.getValue();
        head.put((byte) e.getKey().format().ordinal()).put((byte) e.getKey().encoding().ordinal())
            .putLong(offset).putLong(r.length());
        offset += r.length();
        for (int i = 0; i < r.chunkCount(); i++) {
          out.add(r.chunk(i));
        }
      }
      head.putInt(record.length).put(record).flip();
      return out;
    }

    /** The parts, to hold in memory: no copy. */
    Map<Variant, Rendering> held() {
      return Map.copyOf(parts);
    }

    /** Where each part lies in the bundle. */
    PageBundle layout() {
      Map<Variant, Slot> slots = new HashMap<>();
      long offset = headerSize(parts.size(), record.length);
      for (Map.Entry<Variant, Rendering> e : parts.entrySet()) {
        slots.put(e.getKey(), new Slot(offset, e.getValue().length()));
        offset += e.getValue().length();
      }
      return new PageBundle(slots);
    }
  }

  /** Both renderings, plain and in each coding, in layout order, with the row the bundle is stored for. */
  static Parts compress(Rendering html, Rendering json, PageRecord row) {
    // Insertion order is the layout, so the same renderings and row always make the same bundle (and digest).
    Map<Variant, Rendering> parts = new LinkedHashMap<>();
    parts.put(Variant.of(Format.HTML, Encoding.IDENTITY), html);
    parts.put(Variant.of(Format.HTML, Encoding.GZIP), gzip(html));
    parts.put(Variant.of(Format.JSON, Encoding.IDENTITY), json);
    parts.put(Variant.of(Format.JSON, Encoding.GZIP), gzip(json));
    Rendering htmlZstd = Zstd.compress(html);
    Rendering jsonZstd = Zstd.compress(json);
    if (htmlZstd != null && jsonZstd != null) {
      parts.put(Variant.of(Format.HTML, Encoding.ZSTD), htmlZstd);
      parts.put(Variant.of(Format.JSON, Encoding.ZSTD), jsonZstd);
    }
    return new Parts(parts, BundleRecord.encode(row));
  }

  private static int headerSize(int parts, int record) {
    return MAGIC.length + 4 + parts * HEADER_ENTRY + 4 + record;
  }

  /**
   * The renderings alone, uncompressed, held in memory while the page is written behind its first response:
   * compressing a large page takes longer than everything else its first request does. Never stored.
   */
  static Parts plain(Rendering html, Rendering json) {
    Map<Variant, Rendering> parts = new LinkedHashMap<>();
    parts.put(Variant.of(Format.HTML, Encoding.IDENTITY), html);
    parts.put(Variant.of(Format.JSON, Encoding.IDENTITY), json);
    return new Parts(parts, new byte[0]);
  }

  /** Each variant of a whole bundle read into memory, as a slice of its array (handed over: it must not change). */
  Map<Variant, Rendering> slices(byte[] whole) {
    Map<Variant, Rendering> out = new HashMap<>();
    slots.forEach((v, s) -> out.put(v, Rendering.of(whole, (int) s.offset(), (int) s.length())));
    return Map.copyOf(out);
  }

  /** Reads a bundle's header from its first bytes; empty when they are not a bundle of ours. */
  static Optional<PageBundle> parse(ByteBuffer head, long bundleSize) {
    return slots(head.duplicate(), bundleSize).map(PageBundle::new);
  }

  /**
   * The row a bundle was stored for, from the bundle's first {@link #maxHeader} bytes (or all of them); empty for a
   * bundle of the first layout, or bytes that are not a bundle of ours.
   */
  static Optional<PageRecord> record(ByteBuffer head, String bundleDigest, long bundleSize) {
    try {
      ByteBuffer b = head.duplicate();
      boolean withRecord = b.remaining() >= MAGIC.length && Arrays.equals(magic(b.duplicate()), MAGIC);
      if (!withRecord || slots(b, bundleSize).isEmpty()) {
        return Optional.empty();
      }
      int n = b.getInt();
      if (n < 0 || n > BundleRecord.MAX || n > b.remaining()) {
        return Optional.empty();
      }
      byte[] record = new byte[n];
      b.get(record);
      return BundleRecord.decode(record, bundleDigest, bundleSize);
    } catch (BufferUnderflowException e) {
      return Optional.empty();
    }
  }

  private static byte[] magic(ByteBuffer b) {
    byte[] magic = new byte[MAGIC.length];
    b.get(magic);
    return magic;
  }

  /** The slots of a header, leaving {@code b} after them; empty when it is not a header of ours. */
  private static Optional<Map<Variant, Slot>> slots(ByteBuffer b, long bundleSize) {
    try {
      byte[] magic = magic(b);
      if (!Arrays.equals(magic, MAGIC) && !Arrays.equals(magic, MAGIC_WITHOUT_RECORD)) {
        return Optional.empty();
      }
      int n = b.getInt();
      if (n < 1 || n > 16) {
        return Optional.empty();
      }
      Map<Variant, Slot> slots = new HashMap<>();
      for (int i = 0; i < n; i++) {
        Format f = Format.values()[b.get()];
        Encoding e = Encoding.values()[b.get()];
        long off = b.getLong();
        long len = b.getLong();
        if (off < 0 || len < 0 || off + len > bundleSize) {
          return Optional.empty();
        }
        slots.put(new Variant(f, e), new Slot(off, len));
      }
      for (Format f : new Format[] {Format.HTML, Format.JSON}) {
        for (Encoding e : new Encoding[] {Encoding.IDENTITY, Encoding.GZIP}) {
          if (!slots.containsKey(new Variant(f, e))) {
            return Optional.empty();
          }
        }
      }
      if (slots.containsKey(new Variant(Format.HTML, Encoding.ZSTD))
          != slots.containsKey(new Variant(Format.JSON, Encoding.ZSTD))) {
        return Optional.empty();
      }
      return Optional.of(slots);
    } catch (BufferUnderflowException | ArrayIndexOutOfBoundsException e) {
      return Optional.empty();
    }
  }

  /** How many leading bytes {@link #parse} and {@link #record} need at most. */
  static int maxHeader() {
    return headerSize(16, BundleRecord.MAX);
  }

  /**
   * Gzip at a middling level: pages are compressed once and sent many times, but a 35 MB root page must still be
   * compressed within the request that fetched it. Written into chunks: a growing array doubled and was copied once
   * more at the end, humongous garbage for a large page.
   */
  static Rendering gzip(Rendering plain) {
    RenderBuffer out = RenderBuffer.kept(Math.max(64, plain.length() / 5));
    try (GZIPOutputStream gz = new GZIPOutputStream(out, 64 * 1024) {
      {
        def.setLevel(Deflater.DEFAULT_COMPRESSION);
      }
    }) {
      plain.writeTo(gz);
    } catch (IOException e) {
      throw new UncheckedIOException("writing to memory cannot fail", e);
    }
    return out.toRendering();
  }
}
