package org.relais.hub.reports;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.UUID;
import org.relais.hub.validation.InvalidFieldException;

/**
 * What a report covers: the sittings held from {@code from} to {@code to} (both included, days in the
 * schedule's zone), in one centre or the whole network ({@code centreId} null), one line per
 * {@code by}.
 */
public record ReportQuery(LocalDate from, LocalDate to, UUID centreId, By by) {
  /** What one line of a report stands for. */
  public enum By {
    SITTING, CLASS, CENTRE, THEME, MONTH, TOTAL;

    public String param() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public ReportQuery {
    if (from == null || to == null || by == null) {
      throw new IllegalArgumentException("a report needs its dates and its lines");
    }
    if (to.isBefore(from)) {
      throw new InvalidFieldException("to", "to must not be before from");
    }
  }

  public long days() {
    return ChronoUnit.DAYS.between(from, to) + 1;
  }

  /**
   * A query from request parameters (any may be null): by default the month up to {@code today}, the
   * network, one line per sitting. Refuses a span longer than {@code maxDays}.
   */
  public static ReportQuery parse(String from, String to, String centre, String by, LocalDate today, int maxDays) {
    LocalDate end = date("to", to, today);
    LocalDate start = date("from", from, end.withDayOfMonth(1));
    ReportQuery query = new ReportQuery(start, end, centre == null || centre.isBlank() ? null : uuid(centre),
        by == null || by.isBlank() ? By.SITTING : by(by));
    if (query.days() > maxDays) {
      throw new InvalidFieldException("to", "a report covers at most " + maxDays + " days");
    }
    return query;
  }

  private static LocalDate date(String field, String value, LocalDate fallback) {
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      return LocalDate.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw new InvalidFieldException(field, field + " is not a date (yyyy-mm-dd)");
    }
  }

  private static UUID uuid(String value) {
    try {
      return UUID.fromString(value.trim());
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("centre", "centre is not an id");
    }
  }

  private static By by(String value) {
    try {
      return By.valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("by", "by is one of sitting, class, centre, theme, month, total");
    }
  }
}
