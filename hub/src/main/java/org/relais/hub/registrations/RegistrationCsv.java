package org.relais.hub.registrations;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.pages.SpreadsheetCsv;

/**
 * A class's registrations as a spreadsheet file for a centre PC ({@link SpreadsheetCsv}), contact columns
 * filled only where the family consented (numbers as one dials them from France). Pure computation.
 */
public final class RegistrationCsv {
  private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
  private static final List<String> HEADERS = List.of("status", "position", "name", "household", "registered",
      "language", "email", "phone");

  private RegistrationCsv() {}

  /** Excel's separator where decimals take a comma (French) is the semicolon; elsewhere the comma. */
  public static char separator(String language) {
    return SpreadsheetCsv.separator(language);
  }

  /**
   * The file for {@code roster}; {@code texts} gives the column titles ({@code staff_registrations_csv_<column>})
   * and the statuses ({@code staff_registrations_status_<STATUS>}) in the reader's language.
   */
  public static String of(RegistrationService.Roster roster, Function<String, String> texts, char separator,
      ZoneId zone) {
    SpreadsheetCsv out = new SpreadsheetCsv(separator);
    out.line(HEADERS.stream().map(column -> texts.apply("staff_registrations_csv_" + column)).toList());
    Map<UUID, Integer> positions = roster.waitingPositions();
    for (Registration r : roster.registrations()) {
      RegistrationRequest d = r.details();
      Integer position = positions.get(r.id());
      out.line(List.of(
          texts.apply("staff_registrations_status_" + r.status().name()),
          position == null ? "" : position.toString(),
          d.displayName(),
          Integer.toString(d.householdSize()),
          TIME.format(r.createdAt().atZone(zone)),
          d.language(),
          d.consent() && d.email() != null ? d.email() : "",
          d.consent() && d.phone() != null ? PhoneNumbers.forDialling(d.phone(), RegistrationRequest.PHONE_REGION)
              : ""));
    }
    return out.toString();
  }

  /** A cell a spreadsheet would read as a formula (=, +, -, @, or a tab or return first) is kept as text. */
  static String inert(String cell) {
    return SpreadsheetCsv.inert(cell);
  }
}
