package dev.pantry.simple;

import dev.pantry.config.UpstreamConfig;
import dev.pantry.index.DistFile;
import dev.pantry.index.ProjectPage;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * An upstream's minimum file age ({@code upstream.<id>.min-age}): files uploaded more recently (by PEP 700
 * {@code upload-time}) are left out of its pages and its listing, so they can be neither resolved nor fetched: a
 * quarantine against freshly published malware. Files without an upload time are shown unless the upstream says to
 * hide them too.
 */
final class MinimumAge {
  private MinimumAge() {}

  /** Whether a page of {@code project} from {@code up} is filtered at all (then it is never revalidated with a 304). */
  static boolean applies(UpstreamConfig up, String project) {
    return up.options().minAgeFor(project) != null;
  }

  /** {@code page} without the files younger than {@code up}'s minimum age at {@code now}. */
  static ProjectPage filter(UpstreamConfig up, ProjectPage page, long now) {
    Duration age = up.options().minAgeFor(page.name());
    if (age == null) {
      return page;
    }
    Instant cutoff = Instant.ofEpochMilli(now).minus(age);
    List<DistFile> kept = new ArrayList<>(page.files().size());
    for (DistFile f : page.files()) {
      Instant uploaded = uploaded(f.uploadTime());
      if (uploaded == null ? !up.options().hideUndated() : !uploaded.isAfter(cutoff)) {
        kept.add(f);
      }
    }
    return kept.size() == page.files().size() ? page : page.withFiles(kept);
  }

  /** An ISO-8601 instant as indexes write it ({@code Z} or an offset, any fraction); null when unreadable. */
  static @Nullable Instant uploaded(@Nullable String uploadTime) {
    if (uploadTime == null || uploadTime.isBlank()) {
      return null;
    }
    try {
      return OffsetDateTime.parse(uploadTime.strip()).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
