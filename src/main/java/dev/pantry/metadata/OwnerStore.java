package dev.pantry.metadata;

import java.util.List;
import java.util.Optional;

/**
 * The recorded owner of each project name, shared by every replica through the metadata database. A name's owner is
 * written once and changed only by {@link #release}: two processes claiming one name at once agree on one winner.
 */
public interface OwnerStore {

  Optional<Owner> find(String project);

  /**
   * Records {@code upstreamId} as the owner of {@code project} unless an owner is recorded already, and returns the
   * owner now recorded: {@code upstreamId}'s claim, or the earlier one, which stands.
   */
  Owner claim(String project, String upstreamId, boolean direct, long now);

  /** Marks an existing owner's page as seen at its own origin; nothing if another upstream owns the name. */
  void markDirect(String project, String upstreamId);

  /** Forgets the owner of {@code project}; returns the owner that was released, if there was one. */
  Optional<Owner> release(String project);

  /** Every recorded owner, by name. */
  List<Owner> all();
}
