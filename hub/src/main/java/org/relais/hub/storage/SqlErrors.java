package org.relais.hub.storage;

import io.vertx.core.Future;
import io.vertx.core.VertxException;
import io.vertx.core.impl.NoStackTraceThrowable;
import java.sql.SQLException;
import java.util.function.Supplier;

/** Recognises constraint violations and an unreachable database by SQLSTATE, the same on H2 and PostgreSQL. */
public final class SqlErrors {
  private SqlErrors() {}

  /**
   * The database could not be reached or is going away: no connection (SQLSTATE class 08), PostgreSQL
   * shutting down or starting (57P01 to 57P03), or no connection free within the pool's wait (the pool says
   * "Timeout waiting for connection" for a single statement and "Timeout" for a transaction). The same
   * request may succeed once the database is back.
   */
  public static boolean isUnavailable(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        String state = sql.getSQLState();
        return state.startsWith("08") || state.equals("57P01") || state.equals("57P02") || state.equals("57P03");
      }
      if (t instanceof VertxException && "Timeout waiting for connection".equals(t.getMessage())
          || t instanceof NoStackTraceThrowable && "Timeout".equals(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  /**
   * Fails with {@code replacement} instead of {@code failure}, unless the database was out of reach: a lookup
   * that could not run is not a lookup that found nothing, and must not read as a bad token or an unknown id.
   */
  public static <T> Future<T> unlessUnavailable(Throwable failure, Supplier<? extends Throwable> replacement) {
    return Future.failedFuture(isUnavailable(failure) ? failure : replacement.get());
  }

  public static boolean isUniqueViolation(Throwable failure) {
    return "23505".equals(sqlState(failure));
  }

  public static boolean isForeignKeyViolation(Throwable failure) {
    String state = sqlState(failure);
    return "23503".equals(state) || "23506".equals(state);
  }

  private static String sqlState(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql && sql.getSQLState() != null) {
        return sql.getSQLState();
      }
    }
    return null;
  }
}
