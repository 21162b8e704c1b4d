package org.relais.hub.storage;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The connections the pool hands out, making up for two gaps of vertx-jdbc-client 5.0.x.
 *
 * <p>Auto-commit: the client turns it off to begin a transaction and leaves it off after the COMMIT or
 * ROLLBACK (vert-x3/vertx-jdbc-client#356, fixed after 5.0.12). The pool then hands that connection to plain
 * statements, which run in a transaction nobody commits: their writes are acknowledged but invisible to other
 * connections, lost or committed with whatever transaction next ends on that connection, and on PostgreSQL
 * one refused statement leaves the connection refusing every later one. Here the first
 * {@code setAutoCommit(false)} after a commit or rollback becomes {@code setAutoCommit(true)}.
 *
 * <p>A lost link: the pool takes every connection for valid and never drops one, so after a database outage
 * it would hand out dead connections until the hub restarts. Each pooled connection here opens its link
 * to the database again when that link was closed (or, idle for a second or more, does not answer a check),
 * before the next call outside a transaction. A transaction whose link was lost fails to its end (its
 * statements, commit or rollback all fail); only what comes after it gets the new link, so no transaction
 * is ever split over two links.
 */
final class PoolConnections implements DataSource {
  /** Calls that must reach the link as it is: closing it, or asking whether it is closed. */
  private static final Set<String> AS_IS = Set.of("close", "isClosed", "abort");

  private final DatabaseConfig config;

  PoolConnections(DatabaseConfig config) {
    this.config = config;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return pooled(config.user(), config.password());
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return pooled(user, password);
  }

  private Connection pooled(String user, String password) throws SQLException {
    Properties properties = connectionProperties(config, user, password);
    PooledLink link = new PooledLink(() -> DriverManager.getConnection(config.url(), properties));
    return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
        link);
  }

  /**
   * The user and password, and on PostgreSQL limits on waiting for the server (the driver's defaults wait
   * for ever for an answer): a request meeting an unreachable database fails in seconds instead of hanging.
   * Parameters in the URL take precedence.
   */
  static Properties connectionProperties(DatabaseConfig config, String user, String password) {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    if (config.isPostgres()) {
      properties.setProperty("connectTimeout", "5");
      properties.setProperty("loginTimeout", "5");
      properties.setProperty("socketTimeout", "30");
    }
    return properties;
  }

  /** Opens a link to the database; blocking. */
  @FunctionalInterface
  interface Opener {
    Connection open() throws SQLException;
  }

  /** One pooled connection: its current link, and whether a transaction is open on it. */
  static final class PooledLink implements InvocationHandler {
    /** A link idle longer than this is checked before use: the database may have dropped it meanwhile. */
    private static final long CHECK_AFTER_IDLE_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int CHECK_SECONDS = 2;

    private final Opener opener;
    private Connection link;
    private long lastUsed = System.nanoTime();
    private boolean inTransaction;
    private boolean transactionEnded;

    PooledLink(Opener opener) throws SQLException {
      this.opener = opener;
      this.link = opener.open();
    }

    @Override
    public synchronized Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
      String name = method.getName();
      boolean endsTransaction = args == null && (name.equals("commit") || name.equals("rollback"));
      if (!inTransaction && !endsTransaction && !AS_IS.contains(name) && lost()) {
        reopen();
      }
      lastUsed = System.nanoTime();
      Object[] actual = args;
      if (endsTransaction) {
        transactionEnded = true;
        inTransaction = false;
      } else if (name.equals("setAutoCommit")) {
        if (transactionEnded) {
          transactionEnded = false;
          actual = new Object[] {true};
        }
        inTransaction = !(Boolean) actual[0];
      }
      try {
        return method.invoke(link, actual);
      } catch (InvocationTargetException e) {
        throw e.getCause();
      }
    }

    private boolean lost() throws SQLException {
      return link.isClosed() || System.nanoTime() - lastUsed > CHECK_AFTER_IDLE_NANOS && !link.isValid(CHECK_SECONDS);
    }

    /** Opens a new link; while the database is away this fails, and the next call tries again. */
    private void reopen() throws SQLException {
      try {
        link.close();
      } catch (SQLException alreadyGone) {
        // the old link is dead either way
      }
      link = opener.open();
    }
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
