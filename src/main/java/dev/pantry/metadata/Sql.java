package dev.pantry.metadata;

import dev.pantry.error.StorageException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Statements with typed parameters, and transactions. A null is always bound with its column's real SQL type:
 * PostgreSQL rejects a VARCHAR null for a BIGINT column, which H2 lets through.
 */
final class Sql {
  private final DataSource db;
  private final Consumer<SQLException> failures;

  /** @param failures told of every statement that failed (the database watches for a store that stopped) */
  Sql(DataSource db, Consumer<SQLException> failures) {
    this.db = db;
    this.failures = failures;
  }

  /** One bound value and its SQL type. */
  record Param(@Nullable Object value, int type) {}

  static Param text(@Nullable String v) {
    return new Param(v, Types.VARCHAR);
  }

  static Param bigint(@Nullable Long v) {
    return new Param(v, Types.BIGINT);
  }

  static Param bigint(long v) {
    return new Param(v, Types.BIGINT);
  }

  static Param bool(boolean v) {
    return new Param(v, Types.BOOLEAN);
  }

  static Param bytes(byte[] v) {
    return new Param(v, Types.VARBINARY);
  }

  static Param integer(int v) {
    return new Param(v, Types.INTEGER);
  }

  static void bind(PreparedStatement s, Param... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Param p = params[i];
      if (p.value() == null) {
        s.setNull(i + 1, p.type());
      } else {
        s.setObject(i + 1, p.value(), p.type());
      }
    }
  }

  static @Nullable Long longOrNull(ResultSet r, int col) throws SQLException {
    long v = r.getLong(col);
    return r.wasNull() ? null : v;
  }

  /** Reads one row. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(ResultSet r) throws SQLException;
  }

  /** Work against one connection, committed at the end or rolled back on failure. */
  @FunctionalInterface
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  <T> T inTransaction(Work<T> work) {
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        T result = work.run(c);
        c.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      failures.accept(e);
      throw new StorageException(Database.describe(e), e);
    }
  }

  /** Work that returns nothing. */
  @FunctionalInterface
  interface Steps {
    void run(Connection c) throws SQLException;
  }

  void inTransactionDo(Steps steps) {
    inTransaction(c -> {
      steps.run(c);
      return Boolean.TRUE;
    });
  }

  int update(String sql, Param... params) {
    return inTransaction(c -> update(c, sql, params));
  }

  static int update(Connection c, String sql, Param... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      return s.executeUpdate();
    }
  }

  <T> List<T> query(String sql, RowMapper<T> mapper, Param... params) {
    return inTransaction(c -> query(c, sql, mapper, params));
  }

  static <T> List<T> query(Connection c, String sql, RowMapper<T> mapper, Param... params) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(sql)) {
      bind(s, params);
      List<T> out = new ArrayList<>();
      try (ResultSet r = s.executeQuery()) {
        while (r.next()) {
          out.add(mapper.map(r));
        }
      }
      return out;
    }
  }

  static long count(Connection c, String sql, Param... params) throws SQLException {
    List<Long> n = query(c, sql, r -> r.getLong(1), params);
    return n.isEmpty() ? 0 : n.get(0);
  }

  private static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException e) {
      // The connection is broken; the pool discards it, and the original failure is what matters.
    }
  }
}
