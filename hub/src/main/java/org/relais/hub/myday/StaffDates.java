package org.relais.hub.myday;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Dates and times as the staff pages write them: "Mardi 1 décembre", "14:00 – 15:30". */
final class StaffDates {
  private StaffDates() {}

  static String day(Instant at, ZoneId zone, Locale locale) {
    String day = DateTimeFormatter.ofPattern("EEEE d MMMM", locale).format(at.atZone(zone));
    return day.substring(0, 1).toUpperCase(locale) + day.substring(1);
  }

  static String hours(Instant start, Instant end, ZoneId zone, Locale locale) {
    DateTimeFormatter time = DateTimeFormatter.ofPattern("HH:mm", locale);
    return time.format(start.atZone(zone)) + " – " + time.format(end.atZone(zone));
  }
}
