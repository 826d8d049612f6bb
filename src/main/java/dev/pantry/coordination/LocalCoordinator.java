package dev.pantry.coordination;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordination inside one JVM: the single-node default, where the in-process flight is the whole flight, every claim
 * is granted, invalidations go to this process's listeners, and a job lock is a local lock.
 */
public final class LocalCoordinator implements Coordinator {
  private static final Logger LOG = LoggerFactory.getLogger(LocalCoordinator.class);

  private final ConcurrentHashMap<String, Object> flights = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ReentrantLock> jobs = new ConcurrentHashMap<>();
  private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
  private final BlobLeases leases = new BlobLeases();

  @Override
  public <S> Ticket<S> join(String key, Supplier<S> state) {
    return joinLocal(flights, key, state);
  }

  /** The in-process part of a flight, shared with implementations that add a cluster-wide part. */
  @SuppressWarnings("unchecked")
  static <S> Ticket<S> joinLocal(ConcurrentHashMap<String, Object> flights, String key, Supplier<S> state) {
    S mine = state.get();
    Object running = flights.putIfAbsent(key, mine);
    if (running != null) {
      return new Ticket<>((S) running, false, () -> { });
    }
    return new Ticket<>(mine, true, () -> flights.remove(key, mine));
  }

  @Override
  public boolean inFlight(String key) {
    return flights.containsKey(key);
  }

  @Override
  public Claim claim(String key) {
    return (Claim.Granted) () -> { };
  }

  @Override
  public BlobLeases leases() {
    return leases;
  }

  @Override
  public void publish(Invalidation event) {
    deliver(listeners, event);
  }

  static void deliver(List<Consumer<Invalidation>> listeners, Invalidation event) {
    for (Consumer<Invalidation> l : listeners) {
      try {
        l.accept(event);
      } catch (RuntimeException e) {
        LOG.warn("an invalidation listener failed on {}: {}", Invalidation.encode(event), e.toString());
      }
    }
  }

  @Override
  public void subscribe(Consumer<Invalidation> listener) {
    listeners.add(listener);
  }

  @Override
  public boolean runExclusive(String job, Runnable work) {
    ReentrantLock lock = jobs.computeIfAbsent(job, j -> new ReentrantLock());
    if (!lock.tryLock()) {
      return false;
    }
    try {
      work.run();
      return true;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public @Nullable String health() {
    return null;
  }

  @Override
  public String describe() {
    return "in-process";
  }
}
