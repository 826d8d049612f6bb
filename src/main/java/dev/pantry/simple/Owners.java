package dev.pantry.simple;

import dev.pantry.config.PantryConfig;
import dev.pantry.config.UpstreamConfig;
import dev.pantry.error.StorageException;
import dev.pantry.metadata.Owner;
import dev.pantry.ownership.Ownership;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ownership as the simple feature asks it, through a database that may be down: a lookup falls back on the pages
 * held, a claim that cannot be recorded holds for the request, and nothing fails a page for lack of a record.
 */
final class Owners {
  private static final Logger LOG = LoggerFactory.getLogger(Owners.class);

  private final Ownership ownership;
  private final PageStore pages;

  Owners(Ownership ownership, PageStore pages) {
    this.ownership = ownership;
    this.pages = pages;
  }

  /**
   * The recorded owner; while the database cannot say, the first upstream in priority order whose page of the
   * project is still held (an owner's page is the evidence of its claim), so a vanished private name is not handed
   * to a public upstream meanwhile.
   */
  Optional<Owner> of(PantryConfig c, String project) {
    try {
      return ownership.owner(project);
    } catch (StorageException e) {
      for (UpstreamConfig up : c.upstreams()) {
        if (pages.load(up.id(), project).isPresent()) {
          return Optional.of(new Owner(project, up.id(), true, 0));
        }
      }
      return Optional.empty();
    }
  }

  /** The owner memory holds, never asking the store; null when none is held. */
  @Nullable Owner held(String project) {
    Ownership.Held held = ownership.held(project);
    return held == null ? null : held.owner();
  }

  /**
   * Whether memory alone shows that {@code upstreamId} may serve the project's files (see {@code fileRefusal}): a pin
   * decides by itself; else the held owner must be it, or "no owner" must have been learnt moments ago.
   */
  boolean heldAllows(String project, String upstreamId, boolean pinned) {
    if (pinned) {
      return true;
    }
    Ownership.Held held = ownership.held(project);
    return held != null && (held.owner() == null || held.owner().upstreamId().equals(upstreamId));
  }

  /** Records the claim; while the database cannot, the claim holds for this request only, and is made again. */
  Owner claim(String project, UpstreamConfig up, boolean direct) {
    try {
      return ownership.claim(project, up.id(), direct);
    } catch (StorageException e) {
      LOG.warn("cannot record that upstream {} owns '{}' (decided again on the next request): {}", up.id(), project,
          e.getMessage());
      return new Owner(project, up.id(), direct, 0);
    }
  }

  /** Notes that the owner's page came from its own origin this time, when it had not before. */
  void confirmDirect(Owner owner) {
    if (owner.direct()) {
      return;
    }
    try {
      ownership.confirmDirect(owner);
    } catch (StorageException e) {
      LOG.warn("cannot record that '{}' came from upstream {}'s own origin: {}", owner.project(), owner.upstreamId(),
          e.getMessage());
    }
  }
}
