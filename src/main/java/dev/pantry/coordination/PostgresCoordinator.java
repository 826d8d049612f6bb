package dev.pantry.coordination;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coordination across replicas that share a PostgreSQL metadata database: claims on upstream work in a lease table
 * ({@link PgClaims}), invalidations over {@code LISTEN/NOTIFY} ({@link PgBus}), and leader-only jobs under a
 * session advisory lock held on a connection of its own for the job's length, so a replica that dies mid-job frees
 * it at once. Single flight within the process, and blob leases, are as in {@link LocalCoordinator}.
 */
public final class PostgresCoordinator implements Coordinator {
  private static final Logger LOG = LoggerFactory.getLogger(PostgresCoordinator.class);
  /** The advisory locks' first key: "pant", so Pantry's locks cannot collide with another application's. */
  private static final int LOCK_SPACE = 0x70616e74;

  private final DataSource db;
  private final DedicatedConnections dedicated;
  private final String self = UUID.randomUUID().toString();
  private final ConcurrentHashMap<String, Object> flights = new ConcurrentHashMap<>();
  private final BlobLeases leases = new BlobLeases();
  private final PgClaims claims;
  private final PgBus bus;

  /**
   * @param db        the metadata pool
   * @param dedicated opens a connection outside the pool (for the LISTEN and for job locks)
   * @param lease     how long a claim outlives its holder's last renewal
   */
  public PostgresCoordinator(DataSource db, DedicatedConnections dedicated, Duration lease) {
    this.db = db;
    this.dedicated = dedicated;
    this.claims = new PgClaims(db, self, lease);
    this.bus = new PgBus(db, dedicated, self);
  }

  @Override
  public <S> Ticket<S> join(String key, Supplier<S> state) {
    return LocalCoordinator.joinLocal(flights, key, state);
  }

  @Override
  public boolean inFlight(String key) {
    return flights.containsKey(key);
  }

  @Override
  public Claim claim(String key) {
    return claims.claim(key);
  }

  @Override
  public BlobLeases leases() {
    return leases;
  }

  @Override
  public void publish(Invalidation event) {
    bus.publish(event);
  }

  @Override
  public void subscribe(Consumer<Invalidation> listener) {
    bus.subscribe(listener);
  }

  @Override
  public boolean runExclusive(String job, Runnable work) {
    try (Connection c = dedicated.open()) {
      if (!lock(c, "pg_try_advisory_lock", job)) {
        return false;
      }
      try {
        work.run();
        return true;
      } finally {
        lock(c, "pg_advisory_unlock", job);
      }
    } catch (SQLException e) {
      // Without the database the job cannot be shared out; the next run tries again.
      LOG.warn("cannot take the lock of job {} across replicas; skipping this run: {}", job, e.getMessage());
      return false;
    }
  }

  private static boolean lock(Connection c, String function, String job) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT " + function + "(?, ?)")) {
      s.setInt(1, LOCK_SPACE);
      s.setInt(2, job.hashCode());
      try (ResultSet r = s.executeQuery()) {
        return r.next() && r.getBoolean(1);
      }
    }
  }

  @Override
  public @Nullable String health() {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT 1")) {
      s.execute();
    } catch (SQLException e) {
      return "coordination database unavailable: " + e.getMessage();
    }
    return bus.problem();
  }

  @Override
  public String describe() {
    return "PostgreSQL (claims table, advisory locks, LISTEN/NOTIFY)";
  }

  @Override
  public void close() {
    bus.close();
    claims.close();
  }
}
