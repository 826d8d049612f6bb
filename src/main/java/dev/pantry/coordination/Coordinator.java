package dev.pantry.coordination;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * What replicas must agree on, behind one interface; see the package comment. Every method is thread-safe.
 */
public interface Coordinator extends AutoCloseable {

  /**
   * Joins the flight for {@code key} in this process, starting it (as leader, with {@code state.get()}) when there is
   * none. Followers share the leader's state. Cheap and never blocking.
   */
  <S> Ticket<S> join(String key, Supplier<S> state);

  /** Whether a flight for {@code key} is under way in this process. */
  boolean inFlight(String key);

  /**
   * Claims {@code key}'s upstream work across every process sharing the cache. A process that dies while holding a
   * claim loses it when its lease lapses, and another one may take over.
   */
  Claim claim(String key);

  /** Blobs in use in this process, and the gate removals pass. */
  BlobLeases leases();

  /** Tells every process, this one included, to drop what {@code event} names. */
  void publish(Invalidation event);

  /** Hears every invalidation, this process's own included. Listeners must not block. */
  void subscribe(Consumer<Invalidation> listener);

  /**
   * Runs {@code work} here if no process runs the job {@code job} now; false when another one does. For work one
   * replica at a time must do (eviction, reconcile).
   */
  boolean runExclusive(String job, Runnable work);

  /** Null when coordination works, else one line (the database behind it is down, say). */
  @Nullable String health();

  /** A name for logs: which implementation, never credentials. */
  String describe();

  @Override
  default void close() {}
}
