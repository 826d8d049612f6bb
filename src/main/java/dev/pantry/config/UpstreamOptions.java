package dev.pantry.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one upstream does differently from the rest: routing rules, a minimum file age, and its own TTL, timeouts,
 * retries, breaker and bulkhead. A null setting means the mirror-wide one.
 *
 * @param pins         names and globs only this upstream supplies (like uv's {@code [tool.uv.sources]}): no other
 *                     upstream is asked for them, whatever their priority
 * @param blocks       names and globs this upstream never supplies: it is skipped for them
 * @param minAge       files younger than this (by PEP 700 {@code upload-time}) are hidden from its pages; null for none
 * @param minAgeExempt names and globs whose files are shown however young
 * @param hideUndated  with a minimum age, whether files without an {@code upload-time} are hidden too
 * @param pageTtl      its pages' TTL, or null for {@code page-ttl}
 * @param timeouts     its idle and page timeouts (the connect timeout is the mirror's), or null for the mirror's
 * @param policy       its retries, breaker and bulkhead, or null for the mirror's
 */
public record UpstreamOptions(
    List<NameGlob> pins,
    List<NameGlob> blocks,
    @Nullable Duration minAge,
    List<NameGlob> minAgeExempt,
    boolean hideUndated,
    @Nullable Duration pageTtl,
    @Nullable Timeouts timeouts,
    @Nullable UpstreamPolicy policy) {

  public static final UpstreamOptions NONE =
      new UpstreamOptions(List.of(), List.of(), null, List.of(), false, null, null, null);

  public UpstreamOptions {
    pins = List.copyOf(pins);
    blocks = List.copyOf(blocks);
    minAgeExempt = List.copyOf(minAgeExempt);
    if (minAge != null && minAge.isNegative()) {
      throw new IllegalArgumentException("min-age must not be negative");
    }
    if (pageTtl != null && pageTtl.isNegative()) {
      throw new IllegalArgumentException("page-ttl must not be negative");
    }
  }

  public boolean pins(String normalizedName) {
    return any(pins, normalizedName);
  }

  public boolean blocks(String normalizedName) {
    return any(blocks, normalizedName);
  }

  /** The minimum age that applies to {@code normalizedName}'s files, or null when none does. */
  public @Nullable Duration minAgeFor(String normalizedName) {
    return minAge == null || minAge.isZero() || any(minAgeExempt, normalizedName) ? null : minAge;
  }

  public UpstreamOptions withRouting(List<NameGlob> newPins, List<NameGlob> newBlocks) {
    return new UpstreamOptions(newPins, newBlocks, minAge, minAgeExempt, hideUndated, pageTtl, timeouts, policy);
  }

  private static boolean any(List<NameGlob> globs, String name) {
    Objects.requireNonNull(name, "name");
    for (NameGlob g : globs) {
      if (g.matches(name)) {
        return true;
      }
    }
    return false;
  }
}
