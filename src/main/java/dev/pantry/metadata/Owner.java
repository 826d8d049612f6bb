package dev.pantry.metadata;

import java.util.Objects;

/**
 * The upstream that owns a project name.
 *
 * @param project    the normalized name
 * @param upstreamId the owning upstream
 * @param direct     whether its page came from the upstream's own origin (not through a redirect to another one):
 *                   a direct owner that later only forwards the name elsewhere has lost the project, not passed it on
 * @param claimedAt  when it was first recorded, in epoch milliseconds
 */
public record Owner(String project, String upstreamId, boolean direct, long claimedAt) {
  public Owner {
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(upstreamId, "upstreamId");
  }
}
