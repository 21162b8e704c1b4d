package org.relais.hub.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Category;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.VideoMode;

class OccurrencesTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private static Session session(String start, String end, Recurrence recurrence) {
    SessionDraft draft = new SessionDraft("Cours", Category.LANGUAGE, null, "fr", null, UUID.randomUUID(),
        Instant.parse(start), Instant.parse(end), recurrence, 10, VideoMode.DIRECT, null);
    return new Session(UUID.randomUUID(), draft, SessionStatus.SCHEDULED, 1, "cours-0123456789abcdef");
  }

  private static List<String> starts(List<Occurrence> sittings) {
    return sittings.stream().map(o -> o.start().atZone(PARIS).toLocalDateTime().toString()).toList();
  }

  @Test
  void aOneOffSessionIsOneSitting() {
    Session once = session("2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z", null);

    assertThat(Occurrences.all(once, PARIS)).containsExactly(
        new Occurrence(once, Instant.parse("2026-11-24T13:00:00Z"), Instant.parse("2026-11-24T15:00:00Z")));
  }

  @Test
  void aSeriesUntilADateIncludesThatDayAndKeepsItsLocalTimeOverTheOctoberChange() {
    Session series = session("2026-10-20T16:00:00Z", "2026-10-20T17:30:00Z",
        new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), LocalDate.parse("2026-11-03"), null));

    List<Occurrence> sittings = Occurrences.all(series, PARIS);

    assertThat(starts(sittings)).containsExactly("2026-10-20T18:00", "2026-10-27T18:00", "2026-11-03T18:00");
    assertThat(sittings.get(1).end()).isEqualTo(Instant.parse("2026-10-27T18:30:00Z"));
    assertThat(Occurrences.span(Occurrences.all(series, PARIS)).end()).isEqualTo(Instant.parse("2026-11-03T18:30:00Z"));
  }

  @Test
  void aSeriesWithACountStopsAfterThatManySittingsOverSeveralWeekdays() {
    Session series = session("2026-11-23T09:00:00Z", "2026-11-23T10:00:00Z",
        new Recurrence(EnumSet.of(DayOfWeek.MONDAY, DayOfWeek.THURSDAY), null, 5));

    assertThat(starts(Occurrences.all(series, PARIS))).containsExactly("2026-11-23T10:00", "2026-11-26T10:00",
        "2026-11-30T10:00", "2026-12-03T10:00", "2026-12-07T10:00");
  }

  @Test
  void findsTheFirstClashBetweenTwoSeries() {
    Session mondays = session("2026-11-23T09:00:00Z", "2026-11-23T10:00:00Z",
        new Recurrence(EnumSet.of(DayOfWeek.MONDAY), null, 6));
    Session laterMonday = session("2026-12-14T09:30:00Z", "2026-12-14T11:00:00Z", null);
    Session backToBack = session("2026-11-30T10:00:00Z", "2026-11-30T11:00:00Z", null);

    assertThat(Occurrences.firstClash(Occurrences.all(laterMonday, PARIS), Occurrences.all(mondays, PARIS)))
        .map(Occurrence::start).contains(Instant.parse("2026-12-14T09:30:00Z"));
    assertThat(Occurrences.firstClash(Occurrences.all(backToBack, PARIS), Occurrences.all(mondays, PARIS)))
        .isEmpty();
  }

  @Test
  void refusesAFirstSittingOffTheSeriesDaysAndSeriesBeyondTwoYears() {
    SessionDraft wednesdayStartForTuesdays = session("2026-11-25T09:00:00Z", "2026-11-25T10:00:00Z",
        new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 3)).draft();
    SessionDraft tooLong = session("2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z",
        new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), LocalDate.parse("2029-01-01"), null)).draft();

    assertThatThrownBy(() -> wednesdayStartForTuesdays.checkRecurrence(PARIS))
        .isInstanceOfSatisfying(InvalidFieldException.class,
            e -> assertThat(e.field()).isEqualTo("recurrence.weekdays"));
    assertThatThrownBy(() -> tooLong.checkRecurrence(PARIS))
        .isInstanceOfSatisfying(InvalidFieldException.class, e -> assertThat(e.field()).isEqualTo("recurrence.until"));
  }

  @Test
  void recurrenceRoundTripsThroughJson() {
    JsonObject json = new JsonObject().put("weekdays", new JsonArray().add("TH").add("MO")).put("count", 12);

    Recurrence recurrence = Recurrence.fromJson(json);

    assertThat(recurrence.weekdays()).containsExactlyInAnyOrder(DayOfWeek.MONDAY, DayOfWeek.THURSDAY);
    assertThat(recurrence.toJson()).isEqualTo(new JsonObject()
        .put("weekdays", new JsonArray().add("MO").add("TH")).put("count", 12));
    assertThat(Recurrence.parseStored(recurrence.storedWeekdays())).isEqualTo(recurrence.weekdays());
    assertThatThrownBy(() -> Recurrence.fromJson(json.copy().put("until", "2027-01-01")))
        .isInstanceOf(InvalidFieldException.class);
  }
}
