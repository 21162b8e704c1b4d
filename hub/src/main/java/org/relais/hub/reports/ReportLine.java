package org.relais.hub.reports;

import java.time.LocalDate;
import java.util.UUID;

/**
 * The figures of one line of a report: a sitting, a class, a centre, a theme, a month or the whole span.
 * {@code registrations} and {@code noShows} count a family once per sitting it was expected at;
 * {@code presentAtHome} the families who stayed at least the configured share of a sitting;
 * {@code presentInRooms} the people in the centres' rooms at their peak; {@code stayMinutes} the average
 * stay of a family seen at home; households are counted once per line, new when this line holds their
 * first sitting ever and seen again otherwise. {@code sessionId}, {@code date}, {@code centreId},
 * {@code theme}, {@code month} name the line when its kind has one.
 */
public record ReportLine(String key, UUID sessionId, LocalDate date, String title, UUID centreId, String centre,
    String theme, String month, int sittingsHeld, int registrations, int presentAtHome, int presentInRooms,
    int checkIns, int noShows, double stayMinutes, int newHouseholds, int householdsSeenAgain, int helpAsked,
    int helpTaken, double helpAnswerSeconds) {

  /** The same figures under other households counts (computed apart, as they do not add up across lines). */
  ReportLine withHouseholds(int fresh, int again) {
    return new ReportLine(key, sessionId, date, title, centreId, centre, theme, month, sittingsHeld, registrations,
        presentAtHome, presentInRooms, checkIns, noShows, stayMinutes, fresh, again, helpAsked, helpTaken,
        helpAnswerSeconds);
  }

  /** Everyone present, at home and in rooms. */
  public int present() {
    return presentAtHome + presentInRooms;
  }
}
