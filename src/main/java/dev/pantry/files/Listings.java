package dev.pantry.files;

import dev.pantry.error.Problem;
import dev.pantry.upstream.UpstreamGate;
import org.jspecify.annotations.Nullable;

/**
 * Fetches a project's page so its files become listed: asked when a request names a file the index does not know
 * (a client holding links from before a restart, say). The simple feature provides it.
 */
@FunctionalInterface
public interface Listings {

  /**
   * Brings the listing of {@code project} on {@code upstreamId} up to date.
   *
   * @return null when the page was fetched or is fresh (whatever it lists), else why it could not be (rate limited,
   *     the upstream failed, offline)
   */
  @Nullable Problem refresh(String upstreamId, String project, UpstreamGate gate);
}
