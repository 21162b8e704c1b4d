package org.relais.hub.storage;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections for the pool that are back in auto-commit mode once a transaction ends.
 *
 * <p>vertx-jdbc-client 5.0.x turns auto-commit off to begin a transaction and leaves it off after the
 * COMMIT or ROLLBACK (vert-x3/vertx-jdbc-client#356, fixed after 5.0.12). The pool then hands that
 * connection to plain statements, which run in a transaction nobody commits: their writes are acknowledged
 * but invisible to other connections, lost or committed with whatever transaction next ends on that
 * connection, and on PostgreSQL one refused statement leaves the connection refusing every later one.
 */
final class AutoCommitConnections implements DataSource {
  private final DatabaseConfig config;

  AutoCommitConnections(DatabaseConfig config) {
    this.config = config;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return restoringAutoCommit(DriverManager.getConnection(config.url(), config.user(), config.password()));
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return restoringAutoCommit(DriverManager.getConnection(config.url(), user, password));
  }

  /** Turns the first {@code setAutoCommit(false)} after a commit or rollback into {@code setAutoCommit(true)}. */
  static Connection restoringAutoCommit(Connection connection) {
    AtomicBoolean transactionEnded = new AtomicBoolean();
    InvocationHandler handler = (proxy, method, args) -> {
      Object[] actual = args;
      boolean endsTransaction = args == null && (method.getName().equals("commit")
          || method.getName().equals("rollback"));
      if (endsTransaction) {
        transactionEnded.set(true);
      } else if (method.getName().equals("setAutoCommit") && transactionEnded.getAndSet(false)) {
        actual = new Object[] {true};
      }
      try {
        return method.invoke(connection, actual);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    };
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        handler);
  }

  // Neither the pool nor the drivers log through a DataSource, nor use its login timeout.
  @Override
  public PrintWriter getLogWriter() {
    return null;
  }

  @Override
  public void setLogWriter(PrintWriter out) {
  }

  @Override
  public void setLoginTimeout(int seconds) {
  }

  @Override
  public int getLoginTimeout() {
    return 0;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw new SQLFeatureNotSupportedException();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    throw new SQLException("not a wrapper");
  }

  @Override
  public boolean isWrapperFor(Class<?> type) {
    return false;
  }
}
