package dev.pantry.simple;

import dev.pantry.metadata.PageRecord;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The row a page bundle was stored for, kept in the bundle's header so that the bundle alone can re-index its page
 * when the index lost the row. H2 can lose its last commits to a {@code kill -9} in the middle of large writes
 * (CrashRestartIT caught an acknowledged page's row gone), while the bundle was committed to the store first and
 * durably; so a stored page is as durable as its bundle. Everything of the row but the bundle's own digest and size,
 * which the store knows.
 */
final class BundleRecord {
  /** The most a record takes; a row that would not fit (a pathological upstream ETag) is stored without one. */
  static final int MAX = 8 * 1024;
  private static final int VERSION = 1;

  private BundleRecord() {}

  /** The row's bytes, or none when they would exceed {@link #MAX}: such a bundle is simply not re-indexable. */
  static byte[] encode(PageRecord r) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(VERSION);
      out.writeUTF(r.upstreamId());
      out.writeUTF(r.project());
      out.writeLong(r.fetchedAt());
      optional(out, r.upstreamEtag());
      optional(out, r.upstreamLastModified());
      out.writeUTF(r.htmlDigest());
      out.writeUTF(r.jsonDigest());
      out.writeInt(r.fileCount());
      optional(out, r.projectStatus());
    } catch (IOException e) {
      return new byte[0]; // a string over 64 KiB: writeUTF refuses it, and the record is left out
    }
    return bytes.size() > MAX ? new byte[0] : bytes.toByteArray();
  }

  /** The row the record describes, naming the bundle it came from; empty when the bytes are not a record of ours. */
  static Optional<PageRecord> decode(byte[] record, String bundleDigest, long bundleSize) {
    if (record.length == 0) {
      return Optional.empty();
    }
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(record))) {
      if (in.readByte() != VERSION) {
        return Optional.empty();
      }
      String upstreamId = in.readUTF();
      String project = in.readUTF();
      long fetchedAt = in.readLong();
      String etag = optional(in);
      String lastModified = optional(in);
      String html = in.readUTF();
      String json = in.readUTF();
      int count = in.readInt();
      String status = optional(in);
      if (in.available() != 0) {
        return Optional.empty();
      }
      return Optional.of(new PageRecord(upstreamId, project, fetchedAt, etag, lastModified, html, json, count,
          bundleDigest, bundleSize, status));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static void optional(DataOutputStream out, @Nullable String s) throws IOException {
    out.writeBoolean(s != null);
    if (s != null) {
      out.writeUTF(s);
    }
  }

  private static @Nullable String optional(DataInputStream in) throws IOException {
    return in.readBoolean() ? in.readUTF() : null;
  }
}
