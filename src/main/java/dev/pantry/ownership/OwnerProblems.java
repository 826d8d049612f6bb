package dev.pantry.ownership;

import dev.pantry.error.Problem;
import dev.pantry.metadata.Owner;

/** What a client is told when ownership stops a request: which upstream owns the name, and how to change that. */
public final class OwnerProblems {
  private OwnerProblems() {}

  /** The owner no longer offers the project, and nothing of it is cached. */
  public static Problem vanished(String upstreamId, String project) {
    return Problem.of(Problem.Kind.NOT_FOUND, "project '" + project + "' belongs to upstream " + upstreamId
        + ", which no longer offers it; it is not taken from another upstream (an admin can release the name: "
        + "pantry release " + project + ")");
  }

  /** A file URL names an upstream that does not own the project. */
  public static Problem notOwner(Owner owner, String upstreamId) {
    return Problem.of(Problem.Kind.NOT_FOUND, "project '" + owner.project() + "' belongs to upstream "
        + owner.upstreamId() + "; its files are not served from upstream " + upstreamId);
  }

  /** The owner was removed from the configuration. */
  public static Problem ownerGone(Owner owner) {
    return Problem.of(Problem.Kind.NOT_FOUND, "project '" + owner.project() + "' belongs to upstream "
        + owner.upstreamId() + ", which is not configured any more (an admin can release the name: pantry release "
        + owner.project() + ")");
  }

  /** A routing rule blocks the recorded owner for this name: nobody else gets it without an admin's say. */
  public static Problem ownerBlocked(Owner owner) {
    return Problem.of(Problem.Kind.NOT_FOUND, "project '" + owner.project() + "' belongs to upstream "
        + owner.upstreamId() + ", which a routing rule now blocks for it; it is not taken from another upstream "
        + "(pin it to one, or release the name: pantry release " + owner.project() + ")");
  }

  /** A file URL names an upstream other than the one a routing rule pins the project to. */
  public static Problem pinnedElsewhere(String project, String pinnedId, String upstreamId) {
    return Problem.of(Problem.Kind.NOT_FOUND, "project '" + project + "' is pinned to upstream " + pinnedId
        + " by a routing rule; its files are not served from upstream " + upstreamId);
  }

  /** A file URL names an upstream a routing rule blocks for the project. */
  public static Problem blocked(String project, String upstreamId) {
    return Problem.of(Problem.Kind.NOT_FOUND, "a routing rule blocks project '" + project + "' from upstream "
        + upstreamId);
  }
}
