package org.relais.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.centres.CentreStore;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.storage.Columns;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.StoreTest;
import org.relais.protocol.Category;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.VideoMode;

/**
 * One sitting read row by row, on each database: families present, too brief or absent with their time, each room's
 * head count after every event, the check-ins by name, the help calls; and the same figures as the report's line of
 * that sitting, which adds them up in the database.
 */
class SittingReportStoreTest extends StoreTest {
  private static final LocalDate TENTH = LocalDate.parse("2026-11-10");
  private static final Duration TWO_HOURS = Duration.ofHours(2);
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
  private SittingReportStore store;
  private UUID centre;
  private Session cooking;

  private void setUp(String kind) {
    open(kind);
    store = new SittingReportStore(db.pool());
    centre = UUID.randomUUID();
    new CentreStore(db.pool(), clock).insert(new Centre(centre, "Centre A", CentreKind.LIBRARY, null, null, null,
        null, null, null, null, 1)).await();
    Instant at = Instant.parse("2026-11-10T13:00:00Z");
    SessionDraft draft = new SessionDraft("Cuisine", Category.COOKING, null, "fr", null, centre, at,
        at.plus(TWO_HOURS), null, 10, VideoMode.DIRECT, null);
    cooking = new Session(UUID.randomUUID(), draft, SessionStatus.SCHEDULED, 1, Session.newRoomName("Cuisine"));
    SessionStore sessions = new SessionStore(db.pool(), clock);
    sessions.insert(sessions.pool(), cooking, Occurrences.span(Occurrences.all(cooking, ZoneId.of("Europe/Paris"))))
        .await();
  }

  private void sql(String sql, Object... args) {
    db.pool().preparedQuery(sql).execute(Tuple.from(Arrays.asList(args))).await();
  }

  private UUID registration(String name, String phone, String status, int minutesAfterFirst) {
    UUID id = UUID.randomUUID();
    Object created = Columns.instant(clock.instant().plusSeconds(minutesAfterFirst * 60L));
    sql("INSERT INTO registrations (id, session_id, display_name, email, phone, household_size, consent, language,"
        + " status, token_id, version, created_at, updated_at) VALUES (?, ?, ?, NULL, ?, 2, TRUE, 'fr', ?, ?, 1, ?, ?)",
        id, cooking.id(), name, phone, status, UUID.randomUUID().toString(), created, created);
    return id;
  }

  private void stay(UUID subject, String source, String from, String to) {
    sql("INSERT INTO attendance (id, session_id, sitting_date, subject_kind, subject_id, source, joined_at, left_at)"
        + " VALUES (?, ?, ?, 'REGISTRATION', ?, ?, ?, ?)", UUID.randomUUID(), cooking.id(), TENTH, subject, source,
        Columns.instant(Instant.parse(from)), to == null ? null : Columns.instant(Instant.parse(to)));
  }

  private UUID site(String name) {
    UUID site = UUID.randomUUID();
    Object now = Columns.instant(clock.instant());
    sql("INSERT INTO sites (id, centre_id, name, capacity, version, created_at, updated_at)"
        + " VALUES (?, ?, ?, 20, 1, ?, ?)", site, centre, name, now, now);
    return site;
  }

  private void roomEvent(UUID site, String kind, int delta, String label, String at) {
    Object when = Columns.instant(Instant.parse(at));
    sql("INSERT INTO site_events (id, site_id, session_id, kind, delta, label, happened_at, received_at, sitting_date)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID(), site, cooking.id(), kind, delta, label, when,
        when, TENTH);
  }

  private void helpCall(UUID registration, String name, String at, String takenAt, String takenBy) {
    Object when = Columns.instant(Instant.parse(at));
    sql("INSERT INTO help_calls (id, session_id, centre_id, registration_id, display_name, status, room_name,"
        + " version, created_at, updated_at, sitting_date, taken_at, taken_by_name)"
        + " VALUES (?, ?, ?, ?, ?, ?, 'aide', 1, ?, ?, ?, ?, ?)", UUID.randomUUID(), cooking.id(), centre,
        registration, name, takenAt == null ? "CANCELLED" : "DONE", when, when, TENTH,
        takenAt == null ? null : Columns.instant(Instant.parse(takenAt)), takenBy);
  }

  private SittingReport sitting() {
    var families = store.families(cooking.id(), TENTH, TWO_HOURS, 0.5, clock.instant()).await();
    return new SittingReport(cooking.id(), TENTH, "Cuisine", "COOKING", centre, "Centre A",
        Instant.parse("2026-11-10T13:00:00Z"), Instant.parse("2026-11-10T15:00:00Z"), families,
        store.rooms(cooking.id(), TENTH).await(), store.checkIns(cooking.id(), TENTH).await(),
        store.helpCalls(cooking.id(), TENTH).await(), store.classOf(cooking.id()).await().orElseThrow().registered());
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void aSittingShowsEachFamilyEachRoomAndEachCallWithTheReportsFigures(String kind) {
    setUp(kind);
    UUID martin = registration("Famille Martin", "+33612345678", "CONFIRMED", 0);
    UUID durand = registration("Famille Durand", null, "CONFIRMED", 1);
    registration("Famille Absente", "+33698765432", "CONFIRMED", 2);
    registration("Famille Partie", "+33611111111", "CANCELLED", 3);
    // 90 minutes in the built-in room, 20 through Jitsi as well: the longest source counts.
    stay(martin, "ROOM", "2026-11-10T13:00:00Z", "2026-11-10T14:30:00Z");
    stay(martin, "JITSI", "2026-11-10T13:00:00Z", "2026-11-10T13:20:00Z");
    // 50 minutes in two stays: seen, not present (under half of two hours).
    stay(durand, "PAGE", "2026-11-10T13:05:00Z", "2026-11-10T13:35:00Z");
    stay(durand, "PAGE", "2026-11-10T13:40:00Z", "2026-11-10T14:00:00Z");
    UUID big = site("Grande salle");
    UUID small = site("Atelier");
    roomEvent(big, "HEAD_COUNT", 5, null, "2026-11-10T13:05:00Z");
    roomEvent(big, "CHECK_IN", 3, "Famille Diallo", "2026-11-10T13:10:00Z");
    roomEvent(big, "HEAD_COUNT", -2, null, "2026-11-10T13:30:00Z");
    roomEvent(small, "HEAD_COUNT", 2, null, "2026-11-10T13:15:00Z");
    roomEvent(small, "CHECK_IN", 1, null, "2026-11-10T13:20:00Z");
    helpCall(durand, "Famille Durand", "2026-11-10T13:10:00Z", "2026-11-10T13:11:30Z", "Nadia");
    helpCall(martin, "Famille Martin", "2026-11-10T13:20:00Z", null, null);

    SittingReport sitting = sitting();

    assertThat(sitting.families()).extracting(SittingReport.Family::name, SittingReport.Family::presence,
            SittingReport.Family::stayed)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("Famille Martin", SittingReport.Presence.PRESENT,
                Duration.ofMinutes(90)),
            org.assertj.core.groups.Tuple.tuple("Famille Durand", SittingReport.Presence.BRIEF,
                Duration.ofMinutes(50)),
            org.assertj.core.groups.Tuple.tuple("Famille Absente", SittingReport.Presence.ABSENT, Duration.ZERO));
    assertThat(sitting.families().get(1).firstJoined()).contains(Instant.parse("2026-11-10T13:05:00Z"));
    assertThat(sitting.rooms()).extracting(SittingReport.Room::name, SittingReport.Room::peak)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Atelier", 3),
            org.assertj.core.groups.Tuple.tuple("Grande salle", 8));
    assertThat(sitting.rooms().get(1).steps()).extracting(SittingReport.Step::count).containsExactly(5, 8, 6);
    assertThat(sitting.checkIns()).extracting(SittingReport.CheckIn::room, SittingReport.CheckIn::name)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Grande salle", Optional.of("Famille Diallo")),
            org.assertj.core.groups.Tuple.tuple("Atelier", Optional.empty()));
    assertThat(sitting.helpCalls()).hasSize(2);
    assertThat(sitting.helpCalls().get(0).takenBy()).contains("Nadia");
    assertThat(sitting.meanWait()).contains(Duration.ofSeconds(90));

    // The report's line of the sitting says the same.
    ReportLine line = new ReportStore(db.pool()).report(new ReportQuery(TENTH, TENTH, null, ReportQuery.By.SITTING),
        Set.of(centre), 0.5, clock.instant(), LocalDate.parse("2026-11-28")).await().lines().get(0);
    assertThat(List.of(sitting.registered(), sitting.presentAtHome(), sitting.noShows(), sitting.presentInRooms(),
        sitting.checkIns().size(), sitting.helpCalls().size(), sitting.helpTaken()))
        .containsExactly(line.registrations(), line.presentAtHome(), line.noShows(), line.presentInRooms(),
            line.checkIns(), line.helpAsked(), line.helpTaken());
    assertThat((double) sitting.meanWait().orElseThrow().getSeconds()).isEqualTo(line.helpAnswerSeconds());
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void aSittingEndedEarlyMeasuresPresenceAgainstTheTimeItWasHeld(String kind) {
    setUp(kind);
    UUID stayed = registration("Famille Jusqu’au bout", "+33612345678", "CONFIRMED", 0);
    UUID left = registration("Famille Partie tôt", "+33698765432", "CONFIRMED", 1);
    // Planned for two hours, held for forty minutes: the whole of it is present, ten minutes of it is not.
    sql("INSERT INTO sittings (session_id, sitting_date, state, started_at, ended_at, version, updated_at)"
        + " VALUES (?, ?, 'ENDED', ?, ?, 2, ?)", cooking.id(), TENTH,
        Columns.instant(Instant.parse("2026-11-10T13:00:00Z")), Columns.instant(Instant.parse("2026-11-10T13:40:00Z")),
        Columns.instant(Instant.parse("2026-11-10T13:40:00Z")));
    stay(stayed, "BROADCAST", "2026-11-10T13:01:00Z", "2026-11-10T13:40:00Z");
    stay(left, "BROADCAST", "2026-11-10T13:01:00Z", "2026-11-10T13:11:00Z");

    Duration held = store.heldFor(cooking.id(), TENTH, TWO_HOURS).await();
    assertThat(held).isEqualTo(Duration.ofMinutes(40));
    assertThat(store.families(cooking.id(), TENTH, held, 0.5, clock.instant()).await())
        .extracting(SittingReport.Family::name, SittingReport.Family::presence)
        .containsExactly(org.assertj.core.groups.Tuple.tuple("Famille Jusqu’au bout", SittingReport.Presence.PRESENT),
            org.assertj.core.groups.Tuple.tuple("Famille Partie tôt", SittingReport.Presence.BRIEF));
    // The report, live and summed, counts the same.
    ReportStore reports = new ReportStore(db.pool());
    ReportQuery query = new ReportQuery(TENTH, TENTH, null, ReportQuery.By.SITTING);
    assertThat(reports.report(query, Set.of(centre), 0.5, clock.instant(), TENTH.minusDays(1)).await().total()
        .presentAtHome()).isEqualTo(1);
    assertThat(reports.report(query, Set.of(centre), 0.5, clock.instant(), TENTH).await().total()
        .presentAtHome()).isEqualTo(1);
    // A sitting held as long as planned, or never started here, is measured against its plan.
    assertThat(HeldLength.of(TWO_HOURS, null, null)).isEqualTo(TWO_HOURS);
    assertThat(HeldLength.of(TWO_HOURS, Instant.parse("2026-11-10T12:50:00Z"), Instant.parse("2026-11-10T15:30:00Z")))
        .isEqualTo(TWO_HOURS);
    assertThat(HeldLength.of(TWO_HOURS, Instant.parse("2026-11-10T13:00:00Z"), Instant.parse("2026-11-10T13:00:05Z")))
        .isEqualTo(Duration.ofMinutes(1));
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void anErasedFamilyIsNamedNoMoreAndAStillOpenStayCountsUpToNow(String kind) {
    setUp(kind);
    UUID erased = registration("Famille Effacée", null, "CONFIRMED", 0);
    // Erased on the family's request, which gave up its place.
    sql("UPDATE registrations SET display_name = '—', status = 'CANCELLED', erased_at = ? WHERE id = ?",
        Columns.instant(clock.instant()), erased);
    stay(erased, "ROOM", "2026-11-10T13:00:00Z", null);
    helpCall(erased, "Famille Effacée", "2026-11-10T13:10:00Z", null, null);
    clock.set(Instant.parse("2026-11-10T13:45:00Z"));

    SittingReport sitting = sitting();

    // It came: it still counts as registered, said as erased rather than as a registration never confirmed.
    assertThat(sitting.registered()).isEqualTo(1);
    assertThat(sitting.families()).singleElement().satisfies(family -> {
      assertThat(family.name()).isEqualTo("—");
      assertThat(family.erased()).isTrue();
      assertThat(family.stayed()).isEqualTo(Duration.ofMinutes(45));
      assertThat(family.presence()).isEqualTo(SittingReport.Presence.BRIEF);
    });
    assertThat(sitting.helpCalls()).singleElement().satisfies(call -> assertThat(call.name()).isEqualTo("—"));
  }
}
