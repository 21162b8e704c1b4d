package org.relais.hub.storage;

import java.sql.SQLException;

/** Recognises constraint violations by SQLSTATE, the same on H2 and PostgreSQL. */
public final class SqlErrors {
  private SqlErrors() {}

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
