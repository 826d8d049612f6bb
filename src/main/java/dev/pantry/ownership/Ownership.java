package dev.pantry.ownership;

import dev.pantry.coordination.Coordinator;
import dev.pantry.coordination.Invalidation;
import dev.pantry.metadata.Owner;
import dev.pantry.metadata.OwnerStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The owners of project names. Owners are read through a process-local copy: an owner changes only by {@link
 * #release}, which every process hears of, so a page served from the cache asks no database about its owner.
 *
 * <p>That a name has no owner is remembered for a few seconds only, so a claim made by another replica is seen soon;
 * a claim is atomic in the store either way, so two replicas never record two owners.
 */
public final class Ownership {
  private static final Logger LOG = LoggerFactory.getLogger(Ownership.class);

  private final OwnerStore store;
  private final Coordinator coordinator;
  private final Clock clock;
  /** How long "no owner" is believed without asking the store again. */
  private static final long UNOWNED_MILLIS = 10_000;
  /** Past this many remembered "no owner" names (a flood of made-up names), they are all forgotten. */
  private static final int UNOWNED_MAX = 100_000;

  private final ConcurrentHashMap<String, Owner> known = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, Long> unownedUntil = new ConcurrentHashMap<>();

  public Ownership(OwnerStore store, Coordinator coordinator, Clock clock) {
    this.store = store;
    this.coordinator = coordinator;
    this.clock = clock;
    coordinator.subscribe(event -> {
      if (event instanceof Invalidation.Name n) {
        known.remove(n.project());
        unownedUntil.remove(n.project());
      } else if (event instanceof Invalidation.All) {
        known.clear();
        unownedUntil.clear();
      }
    });
  }

  /**
   * What memory alone says of the owner, never asking the store (the hot path): the owner, {@link Held#NONE} when
   * "no owner" was learnt moments ago, or null when only the store can say.
   */
  public @Nullable Held held(String project) {
    Owner o = known.get(project);
    if (o != null) {
      return new Held(o);
    }
    Long until = unownedUntil.get(project);
    return until != null && until > clock.millis() ? Held.NONE : null;
  }

  /** An answer from memory: the owner, or none. */
  public record Held(@Nullable Owner owner) {
    public static final Held NONE = new Held(null);
  }

  /** The owner of {@code project} (a normalized name), if one is recorded. */
  public Optional<Owner> owner(String project) {
    Owner o = known.get(project);
    if (o != null) {
      return Optional.of(o);
    }
    Long until = unownedUntil.get(project);
    long now = clock.millis();
    if (until != null && until > now) {
      return Optional.empty();
    }
    Optional<Owner> found = store.find(project);
    if (found.isPresent()) {
      known.put(project, found.get());
      unownedUntil.remove(project);
    } else {
      if (unownedUntil.size() >= UNOWNED_MAX) {
        unownedUntil.clear();
      }
      unownedUntil.put(project, now + UNOWNED_MILLIS);
    }
    return found;
  }

  /**
   * Records {@code upstreamId} as the owner unless another owner is recorded, and returns the owner that stands
   * (another replica may have claimed the name first).
   */
  public Owner claim(String project, String upstreamId, boolean direct) {
    long now = clock.millis();
    Owner o = store.claim(project, upstreamId, direct, now);
    known.put(project, o);
    unownedUntil.remove(project);
    if (o.upstreamId().equals(upstreamId) && o.claimedAt() == now) {
      LOG.info("project '{}' belongs to upstream {} from now on{}", project, upstreamId,
          direct ? "" : " (its page came through a redirect to another host)");
    }
    return o;
  }

  /** Notes that the owner's page now came from its own origin: a later forward elsewhere means it vanished. */
  public void confirmDirect(Owner owner) {
    if (!owner.direct()) {
      store.markDirect(owner.project(), owner.upstreamId());
      known.put(owner.project(), new Owner(owner.project(), owner.upstreamId(), true, owner.claimedAt()));
    }
  }

  /**
   * Releases a name, so the next request for it decides its owner afresh, in every process. Logged, with who owned
   * it: a release is how a name changes hands, and a security team will ask.
   *
   * @return the owner released, or empty if the name had none
   */
  public Optional<Owner> release(String project, String by) {
    Optional<Owner> was = store.release(project);
    known.remove(project);
    unownedUntil.remove(project);
    coordinator.publish(new Invalidation.Name(project));
    if (was.isPresent()) {
      LOG.warn("project '{}' released from upstream {} by {}: its next request decides its owner again", project,
          was.get().upstreamId(), by);
    }
    return was;
  }

  public List<Owner> all() {
    return store.all();
  }
}
