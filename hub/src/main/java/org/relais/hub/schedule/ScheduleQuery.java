package org.relais.hub.schedule;

import java.time.Duration;
import java.time.Instant;
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
  }

  ScheduleWindow window() {
    return new ScheduleWindow(from, to, filter);
  }

  /** The cacheable part of a query: which sittings, regardless of paging. */
  record ScheduleWindow(Instant from, Instant to, SessionStore.Filter filter) {}
}
