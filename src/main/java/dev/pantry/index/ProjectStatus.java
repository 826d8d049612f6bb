package dev.pantry.index;

import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * PEP 792 project status, as the upstream gave it.
 *
 * @param status {@code active}, {@code archived}, {@code quarantined}, {@code deprecated}, or another word a later
 *               spec may add (kept, lowercased, and treated as active)
 * @param reason the upstream's free-text reason, or null
 */
public record ProjectStatus(String status, @Nullable String reason) {
  public static final String QUARANTINED = "quarantined";

  public ProjectStatus {
    Objects.requireNonNull(status, "status");
    status = status.strip().toLowerCase(Locale.ROOT);
  }

  /** A quarantined project must not offer files (PEP 792). */
  public boolean quarantined() {
    return status.equals(QUARANTINED);
  }

  /** A status word safe to render: letters, digits and '-' only, at most 32 characters; null otherwise. */
  static @Nullable ProjectStatus of(@Nullable String status, @Nullable String reason) {
    if (status == null || !status.strip().matches("[A-Za-z0-9-]{1,32}")) {
      return null;
    }
    // Control characters go: the reason reaches logs and pages, and must not forge a line in either.
    String r = reason == null ? null : reason.replaceAll("\\p{Cntrl}", " ").strip();
    r = r == null || r.isEmpty() ? null : r;
    return new ProjectStatus(status, r != null && r.length() > 1_000 ? r.substring(0, 1_000) : r);
  }
}
