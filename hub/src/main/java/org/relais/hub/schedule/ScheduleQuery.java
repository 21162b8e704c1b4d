package org.relais.hub.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.UUID;
import org.relais.hub.storage.Cursor;
import org.relais.hub.validation.InvalidFieldException;

/** A request for the public schedule: a window of time, optional filters, and a page. */
public record ScheduleQuery(Instant from, Instant to, SessionStore.Filter filter, int limit, String cursor) {
  public static final int MAX_LIMIT = 200;
  public static final Duration MAX_WINDOW = Duration.ofDays(366);

  public ScheduleQuery {
    if (!to.isAfter(from)) {
      throw new InvalidFieldException("to", "to must be after from");
    }
    if (Duration.between(from, to).compareTo(MAX_WINDOW) > 0) {
      throw new InvalidFieldException("to", "a schedule window spans at most 366 days");
    }
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new InvalidFieldException("limit", "limit must be between 1 and " + MAX_LIMIT);
    }
    if (cursor != null) {
      // Refused here, before any cache loads a page for it.
      after(cursor);
    }
  }

  /** The sitting a page starts after. */
  record After(Instant start, UUID sessionId) {}

  /** Where this page starts, from the cursor; null on the first page. */
  After after() {
    return cursor == null ? null : after(cursor);
  }

  private static After after(String cursor) {
    List<String> parts = Cursor.decode(cursor, 2);
    try {
      return new After(Instant.parse(parts.get(0)), Cursor.uuid(parts.get(1)));
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException("cursor", "cursor is not one this server gave out");
    }
  }

  ScheduleWindow window() {
    return new ScheduleWindow(from, to, filter);
  }

  /** The cacheable part of a query: which sittings, regardless of paging. */
  record ScheduleWindow(Instant from, Instant to, SessionStore.Filter filter) {}
}
