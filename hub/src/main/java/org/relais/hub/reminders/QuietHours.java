package org.relais.hub.reminders;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/** The hours no text is sent in (but "the class is starting"), in the schedule's zone; they may span midnight. */
public record QuietHours(LocalTime from, LocalTime until, ZoneId zone) {

  public boolean contains(Instant at) {
    LocalTime time = at.atZone(zone).toLocalTime();
    if (from.equals(until)) {
      return false;
    }
    return from.isBefore(until) ? !time.isBefore(from) && time.isBefore(until)
        : !time.isBefore(from) || time.isBefore(until);
  }

  /** When the quiet hours around {@code at} end. */
  public Instant endAfter(Instant at) {
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime end = local.toLocalDate().atTime(until).atZone(zone);
    return end.isAfter(local) ? end.toInstant() : end.plusDays(1).toInstant();
  }

  /** When the next day's sending begins: the end of the quiet hours of the morning after {@code at}'s day. */
  public Instant nextDay(Instant at) {
    LocalDate tomorrow = at.atZone(zone).toLocalDate().plusDays(1);
    return tomorrow.atTime(until).atZone(zone).toInstant();
  }

  /** The start of {@code at}'s day: from then on, the texts handed over count against the day's cap. */
  public Instant dayStart(Instant at) {
    return at.atZone(zone).toLocalDate().atStartOfDay(zone).toInstant();
  }
}
