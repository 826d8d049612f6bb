package dev.pantry.files;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * RFC 9110 {@code Range: bytes=...} for a representation of known size. A header that cannot be read is ignored (the
 * whole file is sent, as the RFC allows); overlapping or adjacent ranges are coalesced; at most {@link #MAX_RANGES}
 * ranges are honoured, so a client cannot make one request cost thousands of parts.
 */
final class ByteRanges {
  static final int MAX_RANGES = 16;

  /** One satisfiable range, inclusive. */
  record Range(long first, long last) {
    long length() {
      return last - first + 1;
    }

    String contentRange(long size) {
      return "bytes " + first + "-" + last + "/" + size;
    }
  }

  /** What the header asks for. */
  sealed interface Parsed {
    /** No usable Range header: send everything. */
    record Whole() implements Parsed {}

    /** These ranges, in order, coalesced. */
    record Ranges(List<Range> ranges) implements Parsed {}

    /** A well-formed header none of whose ranges overlaps the representation: 416. */
    record Unsatisfiable() implements Parsed {}
  }

  private ByteRanges() {}

  static Parsed parse(@Nullable String header, long size) {
    if (header == null) {
      return new Parsed.Whole();
    }
    String h = header.strip();
    if (!h.regionMatches(true, 0, "bytes=", 0, 6)) {
      return new Parsed.Whole();
    }
    String[] specs = h.substring(6).split(",", MAX_RANGES * 4 + 1);
    if (specs.length > MAX_RANGES * 4) {
      return new Parsed.Whole();
    }
    List<Range> ranges = new ArrayList<>();
    for (String raw : specs) {
      String spec = raw.strip();
      if (spec.isEmpty()) {
        continue;
      }
      Range r = range(spec, size);
      if (r == INVALID) {
        return new Parsed.Whole();
      }
      if (r != null) {
        ranges.add(r);
      }
    }
    if (ranges.isEmpty()) {
      return new Parsed.Unsatisfiable();
    }
    List<Range> merged = coalesce(ranges);
    return merged.size() > MAX_RANGES ? new Parsed.Whole() : new Parsed.Ranges(merged);
  }

  private static final Range INVALID = new Range(-1, -1);

  /** The range {@code spec} asks for, null when it lies outside the representation, INVALID when unreadable. */
  private static @Nullable Range range(String spec, long size) {
    int dash = spec.indexOf('-');
    if (dash < 0 || spec.indexOf('-', dash + 1) >= 0) {
      return INVALID;
    }
    String a = spec.substring(0, dash).strip();
    String b = spec.substring(dash + 1).strip();
    if (!digits(a) && !a.isEmpty() || !digits(b) && !b.isEmpty() || a.isEmpty() && b.isEmpty()) {
      return INVALID;
    }
    if (a.isEmpty()) {
      long suffix = Long.parseLong(b);
      return suffix == 0 || size == 0 ? null : new Range(Math.max(0, size - suffix), size - 1);
    }
    long first = Long.parseLong(a);
    long last = b.isEmpty() ? Long.MAX_VALUE : Long.parseLong(b);
    if (last < first) {
      return INVALID;
    }
    return first >= size ? null : new Range(first, Math.min(last, size - 1));
  }

  private static boolean digits(String s) {
    if (s.isEmpty() || s.length() > 18) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  private static List<Range> coalesce(List<Range> ranges) {
    List<Range> sorted = new ArrayList<>(ranges);
    sorted.sort(Comparator.comparingLong(Range::first));
    List<Range> out = new ArrayList<>();
    for (Range r : sorted) {
      Range prev = out.isEmpty() ? null : out.get(out.size() - 1);
      if (prev != null && r.first() <= prev.last() + 1) {
        out.set(out.size() - 1, new Range(prev.first(), Math.max(prev.last(), r.last())));
      } else {
        out.add(r);
      }
    }
    return out;
  }
}
