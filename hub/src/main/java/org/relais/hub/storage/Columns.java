package org.relais.hub.storage;

import io.vertx.sqlclient.Row;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Reading and binding column values the same way on H2 and PostgreSQL, whose JDBC drivers hand
 * back timestamps and UUIDs as different Java types.
 */
public final class Columns {
  private Columns() {}

  public static Object instant(Instant value) {
    return value == null ? null : value.atOffset(ZoneOffset.UTC);
  }

  public static Instant instant(Row row, String column) {
    Object value = row.getValue(column);
    if (value == null) {
      return null;
    }
    if (value instanceof OffsetDateTime odt) {
      return odt.toInstant();
    }
    if (value instanceof Instant instant) {
      return instant;
    }
    if (value instanceof Timestamp ts) {
      return ts.toInstant();
    }
    if (value instanceof LocalDateTime ldt) {
      // Only reached if a driver drops the offset: values are always written in UTC.
      return ldt.toInstant(ZoneOffset.UTC);
    }
    throw new IllegalStateException("unexpected timestamp type " + value.getClass() + " in " + column);
  }

  public static UUID uuid(Row row, String column) {
    Object value = row.getValue(column);
    if (value == null) {
      return null;
    }
    return value instanceof UUID uuid ? uuid : UUID.fromString(value.toString());
  }

  public static LocalDate date(Row row, String column) {
    Object value = row.getValue(column);
    if (value == null) {
      return null;
    }
    if (value instanceof LocalDate date) {
      return date;
    }
    if (value instanceof java.sql.Date date) {
      return date.toLocalDate();
    }
    return LocalDate.parse(value.toString());
  }
}
