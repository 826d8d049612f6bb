package dev.pantry.metadata;

import dev.pantry.error.StorageException;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UTFDataFormatException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * A page's listing as one compressed value: what the index keeps of every file a page lists until one is asked for
 * (then it gets its own row). One value instead of a row per file is what makes a 30,000-file page cheap to record:
 * the rows cost H2 about 400 MB of allocation and most of the page's write time; this costs one deflate.
 *
 * <p>Layout, after deflate at its fastest level: the magic {@code PNTRYLS1}, the entry count, then per entry its
 * filename, the length of the rest, and the rest (URL, then a presence mask and the optional fields), so a lookup
 * skips the entries it does not want without decoding them.
 */
final class ListingCodec {
  private static final byte[] MAGIC = "PNTRYLS1".getBytes(StandardCharsets.US_ASCII);
  private static final int SHA = 1;
  private static final int SIZE = 2;
  private static final int REQUIRES_PYTHON = 4;
  private static final int YANKED = 8;
  private static final int UPLOAD_TIME = 16;
  private static final int ALT_HASH = 32;

  private ListingCodec() {}

  /**
   * The listing's entries, compressed, in their order; the caller has dropped repeated names.
   *
   * @throws StorageException when a value is over 64 KiB of UTF-8 (the index cannot keep it)
   */
  static byte[] encode(Collection<FileRecord> files) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(Math.max(256, files.size() * 96));
    Deflater deflater = new Deflater(Deflater.BEST_SPEED);
    try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes, deflater, 64 * 1024))) {
      out.write(MAGIC);
      out.writeInt(files.size());
      ByteArrayOutputStream rest = new ByteArrayOutputStream(512);
      DataOutputStream r = new DataOutputStream(rest);
      for (FileRecord f : files) {
        rest.reset();
        writeRest(r, f);
        out.writeUTF(f.filename());
        out.writeInt(rest.size());
        rest.writeTo(out);
      }
    } catch (UTFDataFormatException e) {
      // As a value too long for its column was: the index cannot take this listing. The value is not named, since a
      // URL may carry a token.
      throw new StorageException("a file of the listing has a value over 64 KiB, more than the index keeps", e);
    } catch (IOException e) {
      throw new UncheckedIOException("a byte array cannot fail", e);
    } finally {
      deflater.end();
    }
    return bytes.toByteArray();
  }

  /** The entry of {@code filename}, as a row that nothing is cached for yet; empty when the listing lacks it. */
  static Optional<FileRecord> find(byte[] encoded, String upstreamId, String project, String filename) {
    try (Reader in = new Reader(encoded)) {
      for (int i = 0, n = in.count(); i < n; i++) {
        String name = in.data.readUTF();
        int length = in.data.readInt();
        if (name.equals(filename)) {
          return Optional.of(readRest(in.data, upstreamId, project, name));
        }
        in.data.skipNBytes(length);
      }
      return Optional.empty();
    } catch (IOException e) {
      throw corrupt(e);
    }
  }

  /** Every entry, as rows that nothing is cached for yet. */
  static List<FileRecord> decode(byte[] encoded, String upstreamId, String project) {
    try (Reader in = new Reader(encoded)) {
      int n = in.count();
      List<FileRecord> out = new ArrayList<>(Math.min(n, 1 << 16));
      for (int i = 0; i < n; i++) {
        String name = in.data.readUTF();
        in.data.readInt();
        out.add(readRest(in.data, upstreamId, project, name));
      }
      return out;
    } catch (IOException e) {
      throw corrupt(e);
    }
  }

  private static void writeRest(DataOutputStream r, FileRecord f) throws IOException {
    r.writeUTF(f.url());
    int mask = (f.sha256() != null ? SHA : 0) | (f.size() != null ? SIZE : 0)
        | (f.requiresPython() != null ? REQUIRES_PYTHON : 0) | (f.yanked() != null ? YANKED : 0)
        | (f.uploadTime() != null ? UPLOAD_TIME : 0) | (f.altHash() != null ? ALT_HASH : 0);
    r.writeByte(mask);
    writeIf(r, f.sha256());
    if (f.size() != null) {
      r.writeLong(f.size());
    }
    writeIf(r, f.requiresPython());
    writeIf(r, f.yanked());
    writeIf(r, f.uploadTime());
    writeIf(r, f.altHash());
  }

  private static void writeIf(DataOutputStream r, @Nullable String s) throws IOException {
    if (s != null) {
      r.writeUTF(s);
    }
  }

  private static FileRecord readRest(DataInputStream in, String upstreamId, String project, String filename)
      throws IOException {
    String url = in.readUTF();
    int mask = in.readUnsignedByte();
    String sha = (mask & SHA) != 0 ? in.readUTF() : null;
    Long size = (mask & SIZE) != 0 ? in.readLong() : null;
    String requiresPython = (mask & REQUIRES_PYTHON) != 0 ? in.readUTF() : null;
    String yanked = (mask & YANKED) != 0 ? in.readUTF() : null;
    String uploadTime = (mask & UPLOAD_TIME) != 0 ? in.readUTF() : null;
    String altHash = (mask & ALT_HASH) != 0 ? in.readUTF() : null;
    return FileRecord.listed(upstreamId, project, filename, url, sha, size, requiresPython, yanked, uploadTime,
        altHash);
  }

  private static IllegalStateException corrupt(IOException e) {
    return new IllegalStateException("a stored listing does not decode: " + e.getMessage(), e);
  }

  /** The inflating reader over one encoded listing; checks the magic. */
  private static final class Reader implements AutoCloseable {
    final DataInputStream data;
    private final Inflater inflater = new Inflater();

    Reader(byte[] encoded) {
      data = new DataInputStream(new BufferedInputStream(
          new InflaterInputStream(new ByteArrayInputStream(encoded), inflater, 64 * 1024), 64 * 1024));
    }

    int count() throws IOException {
      byte[] magic = new byte[MAGIC.length];
      data.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new EOFException("not a listing");
      }
      int n = data.readInt();
      if (n < 0) {
        throw new EOFException("negative entry count");
      }
      return n;
    }

    @Override
    public void close() {
      inflater.end();
    }
  }
}
