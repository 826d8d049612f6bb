package dev.pantry.coordination;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens database connections outside the pool, for what holds one for long: a {@code LISTEN}, a job's lock. */
@FunctionalInterface
public interface DedicatedConnections {
  Connection open() throws SQLException;
}
