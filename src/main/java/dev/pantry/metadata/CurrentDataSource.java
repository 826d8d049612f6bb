package dev.pantry.metadata;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.function.Supplier;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that asks for the pool in force at each call, so the database can be swapped for a rebuilt
 * one (after H2 stopped on a failed write) under every store that holds this.
 */
final class CurrentDataSource implements DataSource {
  private final Supplier<DataSource> current;

  CurrentDataSource(Supplier<DataSource> current) {
    this.current = current;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return current.get().getConnection();
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return current.get().getConnection(username, password);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return current.get().getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    current.get().setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    current.get().setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return current.get().getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return current.get().getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return current.get().unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return current.get().isWrapperFor(iface);
  }
}
