package org.relais.hub.reports;

import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * The figures of one line of a report: a sitting, a class, a centre, a theme, a month or the whole span.
 * {@code registrations} and {@code noShows} count a family once per sitting it was expected at;
 * {@code presentAtHome} the families who stayed at least the configured share of a sitting;
 * {@code presentInRooms} the people in the centres' rooms at their peak; {@code stayMinutes} the average
 * stay of the {@code familiesSeen} at home (once per sitting); households are counted once per line, new when this line holds their
 * first sitting ever and seen again otherwise. {@code sessionId}, {@code date}, {@code centreId},
 * {@code theme}, {@code month} name the line when its kind has one.
 */
public record ReportLine(String key, UUID sessionId, LocalDate date, String title, UUID centreId, String centre,
    String theme, String month, int sittingsHeld, int registrations, int presentAtHome, int presentInRooms,
    int checkIns, int noShows, int familiesSeen, double stayMinutes, int newHouseholds, int householdsSeenAgain,
    int helpAsked, int helpTaken, double helpAnswerSeconds) {
  /** The total line of {@code lines} before its households are counted: sums, and averages weighted again. */
  static ReportLine sum(List<ReportLine> lines) {
    int families = lines.stream().mapToInt(ReportLine::familiesSeen).sum();
    int taken = lines.stream().mapToInt(ReportLine::helpTaken).sum();
    double stay = lines.stream().mapToDouble(line -> line.stayMinutes() * line.familiesSeen()).sum();
    double answer = lines.stream().mapToDouble(line -> line.helpAnswerSeconds() * line.helpTaken()).sum();
    return new ReportLine("all", null, null, null, null, null, null, null,
        lines.stream().mapToInt(ReportLine::sittingsHeld).sum(), lines.stream().mapToInt(ReportLine::registrations).sum(),
        lines.stream().mapToInt(ReportLine::presentAtHome).sum(),
        lines.stream().mapToInt(ReportLine::presentInRooms).sum(), lines.stream().mapToInt(ReportLine::checkIns).sum(),
        lines.stream().mapToInt(ReportLine::noShows).sum(), families, families == 0 ? 0 : stay / families, 0, 0,
        lines.stream().mapToInt(ReportLine::helpAsked).sum(), taken, taken == 0 ? 0 : answer / taken);
  }


  /** The same figures under other households counts (computed apart, as they do not add up across lines). */
  ReportLine withHouseholds(int fresh, int again) {
    return new ReportLine(key, sessionId, date, title, centreId, centre, theme, month, sittingsHeld, registrations,
        presentAtHome, presentInRooms, checkIns, noShows, familiesSeen, stayMinutes, fresh, again, helpAsked, helpTaken,
        helpAnswerSeconds);
  }

  /** Everyone present, at home and in rooms. */
  public int present() {
    return presentAtHome + presentInRooms;
  }
}
