package dev.pantry.coordination;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Invalidations across replicas over PostgreSQL {@code LISTEN/NOTIFY}. Each event goes to this process's listeners
 * at once and to the others through the channel; a process ignores its own echo. The listening connection is its
 * own; when it drops, the process reconnects and delivers {@link Invalidation.All}, since events may have been
 * missed meanwhile.
 */
final class PgBus implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgBus.class);
  static final String CHANNEL = "pantry_invalidation";

  private final DataSource db;
  private final DedicatedConnections dedicated;
  private final String self;
  private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
  private final Thread thread;
  private volatile boolean closed;
  private volatile @Nullable String problem;

  PgBus(DataSource db, DedicatedConnections dedicated, String self) {
    this.db = db;
    this.dedicated = dedicated;
    this.self = self;
    this.thread = new Thread(this::listen, "pantry-invalidations");
    thread.setDaemon(true);
    thread.start();
  }

  void subscribe(Consumer<Invalidation> listener) {
    listeners.add(listener);
  }

  void publish(Invalidation event) {
    LocalCoordinator.deliver(listeners, event);
    try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement("SELECT pg_notify(?, ?)")) {
      s.setString(1, CHANNEL);
      s.setString(2, self + " " + Invalidation.encode(event));
      s.execute();
    } catch (SQLException e) {
      LOG.warn("cannot tell the other replicas to drop {}: {}", Invalidation.encode(event), e.getMessage());
    }
  }

  /** Null while listening, else why not. */
  @Nullable String problem() {
    return problem;
  }

  private void listen() {
    long backoff = 100;
    boolean missed = false;
    while (!closed) {
      try (Connection c = dedicated.open(); Statement s = c.createStatement()) {
        s.execute("LISTEN " + CHANNEL);
        problem = null;
        backoff = 100;
        if (missed) {
          LocalCoordinator.deliver(listeners, new Invalidation.All());
          missed = false;
        }
        PGConnection pg = c.unwrap(PGConnection.class);
        while (!closed) {
          PGNotification[] got = pg.getNotifications(500);
          if (got != null) {
            for (PGNotification n : got) {
              receive(n.getParameter());
            }
          }
        }
      } catch (SQLException e) {
        if (closed) {
          return;
        }
        missed = true;
        problem = "not listening for other replicas' invalidations: " + e.getMessage();
        LOG.warn("{}; retrying in {} ms", problem, backoff);
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException ie) {
          return;
        }
        backoff = Math.min(5_000, backoff * 2);
      }
    }
  }

  private void receive(String payload) {
    int space = payload.indexOf(' ');
    if (space < 0 || payload.substring(0, space).equals(self)) {
      return; // ours: delivered when published
    }
    LocalCoordinator.deliver(listeners, Invalidation.decode(payload.substring(space + 1)));
  }

  @Override
  public void close() {
    closed = true;
    thread.interrupt();
  }
}
