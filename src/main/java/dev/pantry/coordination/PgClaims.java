package dev.pantry.coordination;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims on upstream work across replicas, in the {@code claims} table: a claim is a row with a holder and a lease,
 * renewed by one background task for all of this process's claims, so a replica that dies loses its claims when
 * their leases lapse. Times are the database's clock.
 */
final class PgClaims implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgClaims.class);
  private static final String NOW = "(CAST(EXTRACT(EPOCH FROM clock_timestamp()) * 1000 AS BIGINT))";
  private static final Duration POLL = Duration.ofMillis(200);

  private final DataSource db;
  private final String holder;
  private final long leaseMillis;
  private final Set<String> held = ConcurrentHashMap.newKeySet();
  private final ScheduledExecutorService renewer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "pantry-claims");
    t.setDaemon(true);
    return t;
  });

  PgClaims(DataSource db, String holder, Duration lease) {
    this.db = db;
    this.holder = holder;
    this.leaseMillis = lease.toMillis();
    long every = Math.max(100, leaseMillis / 3);
    renewer.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  Claim claim(String key) {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "INSERT INTO claims (claim_key, holder, expires_at) VALUES (?, ?, " + NOW + " + ?) "
            + "ON CONFLICT (claim_key) DO UPDATE SET holder = EXCLUDED.holder, expires_at = EXCLUDED.expires_at "
            + "WHERE claims.expires_at < " + NOW + " RETURNING holder")) {
      s.setString(1, key);
      s.setString(2, holder);
      s.setLong(3, leaseMillis);
      try (ResultSet r = s.executeQuery()) {
        if (r.next()) {
          held.add(key);
          return (Claim.Granted) () -> release(key);
        }
      }
      return (Claim.Elsewhere) timeout -> awaitRelease(key, timeout);
    } catch (SQLException e) {
      // Without the database there is no one to agree with: do the work here rather than not at all.
      LOG.warn("cannot claim {} across replicas (working alone): {}", key, e.getMessage());
      return (Claim.Granted) () -> { };
    }
  }

  private boolean awaitRelease(String key, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!live(key)) {
        return true;
      }
      Thread.sleep(POLL.toMillis());
    }
    return !live(key);
  }

  private boolean live(String key) {
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "SELECT 1 FROM claims WHERE claim_key = ? AND expires_at >= " + NOW)) {
      s.setString(1, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next();
      }
    } catch (SQLException e) {
      return false; // the holder cannot renew either: go ahead
    }
  }

  private void release(String key) {
    held.remove(key);
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "DELETE FROM claims WHERE claim_key = ? AND holder = ?")) {
      s.setString(1, key);
      s.setString(2, holder);
      s.executeUpdate();
    } catch (SQLException e) {
      LOG.debug("cannot release claim {} (its lease lapses instead): {}", key, e.getMessage());
    }
  }

  private void renew() {
    if (held.isEmpty()) {
      return;
    }
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(
        "UPDATE claims SET expires_at = " + NOW + " + ? WHERE holder = ?")) {
      s.setLong(1, leaseMillis);
      s.setString(2, holder);
      s.executeUpdate();
    } catch (SQLException e) {
      LOG.warn("cannot renew {} claim(s) across replicas: {}", held.size(), e.getMessage());
    }
  }

  @Override
  public void close() {
    renewer.shutdownNow();
  }
}
