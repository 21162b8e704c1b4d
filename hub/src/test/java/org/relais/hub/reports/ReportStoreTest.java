package org.relais.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.centres.CentreStore;
import org.relais.hub.households.HouseholdStore;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.SubjectKind;
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
 * The figures every channel adds up to, on both databases: stays at home from three sources, a room's head
 * counts and check-ins, help calls, households over two sittings, and a centre the report must leave out.
 */
class ReportStoreTest extends StoreTest {
  private static final LocalDate TENTH = LocalDate.parse("2026-11-10");
  private static final LocalDate SEVENTEENTH = LocalDate.parse("2026-11-17");
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
  private ReportStore store;
  private UUID centreA;
  private UUID centreB;
  private Session cooking;
  private Session digital;
  private Session elsewhere;

  private void setUp(String kind) {
    open(kind);
    store = new ReportStore(db.pool());
    CentreStore centres = new CentreStore(db.pool(), clock);
    centreA = UUID.randomUUID();
    centreB = UUID.randomUUID();
    centres.insert(new Centre(centreA, "Centre A", CentreKind.LIBRARY, null, null, null, null, null, null, null, 1))
        .await();
    centres.insert(new Centre(centreB, "Centre B", CentreKind.OTHER, null, null, null, null, null, null, null, 1))
        .await();
    cooking = session("Cuisine", Category.COOKING, centreA, "2026-11-10T13:00:00Z");
    digital = session("Numérique", Category.DIGITAL_SKILLS, centreA, "2026-11-17T13:00:00Z");
    elsewhere = session("Ailleurs", Category.SPORT, centreB, "2026-11-10T13:00:00Z");
  }

  private Session session(String title, Category category, UUID centre, String start) {
    Instant at = Instant.parse(start);
    SessionDraft draft = new SessionDraft(title, category, null, "fr", null, centre, at, at.plusSeconds(7200), null,
        10, VideoMode.DIRECT, null);
    Session session = new Session(UUID.randomUUID(), draft, SessionStatus.SCHEDULED, 1, Session.newRoomName(title));
    SessionStore sessions = new SessionStore(db.pool(), clock);
    sessions.insert(sessions.pool(), session, Occurrences.span(Occurrences.all(session, java.time.ZoneId.of("Europe/Paris")))).await();
    return session;
  }

  private void sql(String sql, Object... args) {
    db.pool().preparedQuery(sql).execute(Tuple.from(Arrays.asList(args))).await();
  }

  private UUID registration(Session session, String phone, String email, String status) {
    UUID id = UUID.randomUUID();
    Object now = Columns.instant(clock.instant());
    sql("INSERT INTO registrations (id, session_id, display_name, email, phone, household_size, consent, language,"
        + " status, token_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 2, TRUE, 'fr', ?, ?, 1, ?, ?)",
        id, session.id(), "Famille", email, phone, status, UUID.randomUUID().toString(), now, now);
    return id;
  }

  private void stay(Session session, LocalDate date, String kind, UUID subject, String source, String from,
      String to) {
    sql("INSERT INTO attendance (id, session_id, sitting_date, subject_kind, subject_id, source, joined_at, left_at)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID(), session.id(), date, kind, subject, source,
        Columns.instant(Instant.parse(from)), to == null ? null : Columns.instant(Instant.parse(to)));
  }

  private void roomEvent(UUID site, Session session, LocalDate date, String kind, int delta, String at) {
    Object when = Columns.instant(Instant.parse(at));
    sql("INSERT INTO site_events (id, site_id, session_id, kind, delta, label, happened_at, received_at, sitting_date)"
        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", UUID.randomUUID(), site, session.id(), kind, delta,
        kind.equals("CHECK_IN") ? "Famille Diallo" : null, when, when, date);
  }

  private void helpCall(Session session, UUID registration, LocalDate date, String at, String takenAt) {
    Object when = Columns.instant(Instant.parse(at));
    sql("INSERT INTO help_calls (id, session_id, centre_id, registration_id, display_name, status, room_name,"
        + " version, created_at, updated_at, sitting_date, taken_at) VALUES (?, ?, ?, ?, 'F', ?, 'aide', 1, ?, ?, ?, ?)",
        UUID.randomUUID(), session.id(), session.draft().centreId(), registration, takenAt == null ? "CANCELLED"
            : "DONE", when, when, date, takenAt == null ? null : Columns.instant(Instant.parse(takenAt)));
  }

  private void attendanceOfTwoWeeks() {
    sql("INSERT INTO sittings (session_id, sitting_date, state, started_at, ended_at, version, updated_at)"
        + " VALUES (?, ?, 'ENDED', ?, ?, 2, ?)", cooking.id(), TENTH,
        Columns.instant(Instant.parse("2026-11-10T13:00:00Z")), Columns.instant(Instant.parse("2026-11-10T15:00:00Z")),
        Columns.instant(Instant.parse("2026-11-10T15:00:00Z")));
    UUID martin = registration(cooking, "+33612345678", null, "CONFIRMED");
    UUID durand = registration(cooking, null, " Durand@Example.org", "CONFIRMED");
    registration(cooking, "+33698765432", null, "CONFIRMED");
    registration(cooking, "+33611111111", null, "CANCELLED");
    // 90 minutes in the built-in room, 20 through Jitsi as well: the longest source counts.
    stay(cooking, TENTH, "REGISTRATION", martin, "ROOM", "2026-11-10T13:00:00Z", "2026-11-10T14:30:00Z");
    stay(cooking, TENTH, "REGISTRATION", martin, "JITSI", "2026-11-10T13:00:00Z", "2026-11-10T13:20:00Z");
    // 50 minutes in two stays: seen, not present (under half of two hours).
    stay(cooking, TENTH, "REGISTRATION", durand, "PAGE", "2026-11-10T13:00:00Z", "2026-11-10T13:30:00Z");
    stay(cooking, TENTH, "REGISTRATION", durand, "PAGE", "2026-11-10T13:40:00Z", "2026-11-10T14:00:00Z");
    stay(cooking, TENTH, "INSTRUCTOR", UUID.randomUUID(), "ROOM", "2026-11-10T12:50:00Z", "2026-11-10T15:00:00Z");
    UUID site = UUID.randomUUID();
    Object now = Columns.instant(clock.instant());
    sql("INSERT INTO sites (id, centre_id, name, capacity, version, created_at, updated_at)"
        + " VALUES (?, ?, 'Salle', 20, 1, ?, ?)", site, centreA, now, now);
    roomEvent(site, cooking, TENTH, "HEAD_COUNT", 5, "2026-11-10T13:05:00Z");
    roomEvent(site, cooking, TENTH, "CHECK_IN", 3, "2026-11-10T13:10:00Z");
    roomEvent(site, cooking, TENTH, "HEAD_COUNT", -2, "2026-11-10T13:30:00Z");
    roomEvent(site, cooking, TENTH, "HEAD_COUNT", 1, "2026-11-10T13:40:00Z");
    helpCall(cooking, durand, TENTH, "2026-11-10T13:10:00Z", "2026-11-10T13:11:00Z");
    helpCall(cooking, martin, TENTH, "2026-11-10T13:20:00Z", null);

    // A week on, in another class of the same centre: the Martins again (their number), and a new household.
    UUID martinAgain = registration(digital, "+33612345678", "autre@example.org", "CONFIRMED");
    UUID newcomer = registration(digital, null, "new@example.org", "CONFIRMED");
    stay(digital, SEVENTEENTH, "REGISTRATION", martinAgain, "ROOM", "2026-11-17T13:00:00Z", "2026-11-17T15:00:00Z");
    stay(digital, SEVENTEENTH, "REGISTRATION", newcomer, "JITSI", "2026-11-17T13:00:00Z", null);

    UUID other = registration(elsewhere, "+33622222222", null, "CONFIRMED");
    stay(elsewhere, TENTH, "REGISTRATION", other, "ROOM", "2026-11-10T13:00:00Z", "2026-11-10T15:00:00Z");
  }

  private Report report(ReportQuery.By by, Set<UUID> centres) {
    return report(by, centres, LocalDate.parse("2026-11-28"));
  }

  private Report report(ReportQuery.By by, Set<UUID> centres, LocalDate sumThrough) {
    return store.report(new ReportQuery(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), null, by),
        centres, 0.5, clock.instant(), sumThrough).await();
  }

  /** Every kind of report read from the stays alone, the summary of the sittings forgotten. */
  private Map<ReportQuery.By, Report> live() {
    sql("DELETE FROM sitting_attendance");
    sql("UPDATE sitting_attendance_rollup SET through = NULL");
    Map<ReportQuery.By, Report> reports = new EnumMap<>(ReportQuery.By.class);
    for (ReportQuery.By by : ReportQuery.By.values()) {
      reports.put(by, report(by, null, LocalDate.parse("2026-10-31")));
    }
    return reports;
  }

  private void assertSummedAsLive() {
    Map<ReportQuery.By, Report> summed = new EnumMap<>(ReportQuery.By.class);
    for (ReportQuery.By by : ReportQuery.By.values()) {
      summed.put(by, report(by, null));
    }
    assertThat(summed).isEqualTo(live());
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void summedSittingsGiveTheFiguresOfTheirStays(String kind) {
    setUp(kind);
    attendanceOfTwoWeeks();
    assertSummedAsLive();
    assertThat(report(ReportQuery.By.SITTING, null).lines()).hasSize(3);
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void aSpanHalfSummedGivesTheFiguresOfItsStays(String kind) {
    setUp(kind);
    attendanceOfTwoWeeks();
    // The 10th summed, the 17th read from its stays: the Martins are new on the 10th (summed) and seen again on
    // the 17th (not summed), in the same month, centre and span; the newcomer is new in a sitting not summed.
    Map<ReportQuery.By, Report> live = live();
    sql("UPDATE sitting_attendance_rollup SET through = NULL");
    Map<ReportQuery.By, Report> halfSummed = new EnumMap<>(ReportQuery.By.class);
    for (ReportQuery.By by : ReportQuery.By.values()) {
      halfSummed.put(by, report(by, null, LocalDate.parse("2026-11-12")));
    }
    assertThat(halfSummed).isEqualTo(live);
    ReportLine month = halfSummed.get(ReportQuery.By.MONTH).lines().get(0);
    assertThat(month.newHouseholds()).isEqualTo(4);
    assertThat(month.householdsSeenAgain()).isEqualTo(1);
    ReportLine centreA = halfSummed.get(ReportQuery.By.CENTRE).lines().stream()
        .filter(line -> line.centre().equals("Centre A")).findFirst().orElseThrow();
    assertThat(centreA.newHouseholds()).isEqualTo(3);
    assertThat(centreA.householdsSeenAgain()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void aLateStayCountsInItsSummedSitting(String kind) {
    setUp(kind);
    attendanceOfTwoWeeks();
    ReportLine before = report(ReportQuery.By.SITTING, Set.of(centreA)).lines().get(0);
    // Told on the 30th, through Jitsi's events, that a family of the 10th's sitting stayed there.
    Attendance attendance = new Attendance(db.pool(), Duration.ofMinutes(2));
    Attendance.Stay late = new Attendance.Stay(cooking.id(), TENTH, SubjectKind.REGISTRATION,
        registration(cooking, "+33633333333", null, "CONFIRMED"), Attendance.Source.JITSI, "Famille Late");
    attendance.joined(late, clock.instant()).await();
    ReportLine joined = report(ReportQuery.By.SITTING, Set.of(centreA)).lines().get(0);
    assertThat(joined.familiesSeen()).isEqualTo(before.familiesSeen() + 1);
    assertThat(joined.presentAtHome()).isEqualTo(before.presentAtHome());

    attendance.left(late, clock.instant().plus(Duration.ofMinutes(90))).await();
    ReportLine left = report(ReportQuery.By.SITTING, Set.of(centreA)).lines().get(0);
    assertThat(left.presentAtHome()).isEqualTo(before.presentAtHome() + 1);
    assertThat(left.noShows()).isEqualTo(before.noShows());
    assertSummedAsLive();
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void anErasedHouseholdLeavesTheSummedSittings(String kind) {
    setUp(kind);
    attendanceOfTwoWeeks();
    ReportLine before = report(ReportQuery.By.TOTAL, null).total();
    assertThat(before.householdsSeenAgain()).isEqualTo(1);
    // The Martins (seen on the 10th and again on the 17th) erase their data, which gives up their place: no longer
    // a household seen again, but still counted as registered where they came.
    List<UUID> martins = db.pool().query("SELECT id FROM registrations WHERE phone = '+33612345678'").execute()
        .await().stream().map(row -> Columns.uuid(row, "id")).toList();
    db.pool().withTransaction(tx -> new HouseholdStore(db.pool()).erase(tx, "tel:+33612345678", martins,
        clock.instant()).compose(done -> tx.query("UPDATE registrations SET status = 'CANCELLED'"
            + " WHERE erased_at IS NOT NULL").execute())).await();
    ReportLine erased = report(ReportQuery.By.TOTAL, null).total();
    assertThat(erased.householdsSeenAgain()).isZero();
    assertThat(erased.presentAtHome()).isEqualTo(4);
    assertThat(erased.registrations()).isEqualTo(before.registrations());
    assertThat(erased.noShows()).isEqualTo(before.noShows());
    assertSummedAsLive();
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void anotherPresentShareSumsEverySittingAgain(String kind) {
    setUp(kind);
    attendanceOfTwoWeeks();
    assertThat(report(ReportQuery.By.TOTAL, null).total().presentAtHome()).isEqualTo(4);
    Report strict = store.report(new ReportQuery(LocalDate.parse("2026-11-01"), LocalDate.parse("2026-11-30"), null,
        ReportQuery.By.TOTAL), null, 0.9, clock.instant(), LocalDate.parse("2026-11-28")).await();
    // Only the 90-minute stay falls under 90 % of two hours.
    assertThat(strict.total().presentAtHome()).isEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void aSittingAddsUpEveryChannel(String kind) {
    setUp(kind);
    attendanceOfTwoWeeks();
    Report report = report(ReportQuery.By.SITTING, Set.of(centreA));

    assertThat(report.lines()).extracting(ReportLine::date).containsExactly(TENTH, SEVENTEENTH);
    ReportLine tenth = report.lines().get(0);
    assertThat(tenth.title()).isEqualTo("Cuisine");
    assertThat(tenth.centre()).isEqualTo("Centre A");
    assertThat(tenth.sittingsHeld()).isEqualTo(1);
    assertThat(tenth.registrations()).isEqualTo(3);
    assertThat(tenth.presentAtHome()).isEqualTo(1);
    assertThat(tenth.noShows()).isEqualTo(2);
    assertThat(tenth.stayMinutes()).isEqualTo(70.0);
    assertThat(tenth.presentInRooms()).isEqualTo(8);
    assertThat(tenth.checkIns()).isEqualTo(1);
    assertThat(tenth.helpAsked()).isEqualTo(2);
    assertThat(tenth.helpTaken()).isEqualTo(1);
    assertThat(tenth.helpAnswerSeconds()).isEqualTo(60.0);
    assertThat(tenth.newHouseholds()).isEqualTo(2);
    assertThat(tenth.householdsSeenAgain()).isZero();

    ReportLine seventeenth = report.lines().get(1);
    assertThat(seventeenth.presentAtHome()).isEqualTo(2);
    assertThat(seventeenth.newHouseholds()).isEqualTo(1);
    assertThat(seventeenth.householdsSeenAgain()).isEqualTo(1);
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void aCentresTotalLeavesTheOthersOut(String kind) {
    setUp(kind);
    attendanceOfTwoWeeks();
    ReportLine total = report(ReportQuery.By.TOTAL, Set.of(centreA)).total();
    assertThat(total.sittingsHeld()).isEqualTo(2);
    assertThat(total.registrations()).isEqualTo(5);
    assertThat(total.presentAtHome()).isEqualTo(3);
    assertThat(total.newHouseholds()).isEqualTo(3);
    assertThat(total.householdsSeenAgain()).isEqualTo(1);

    ReportLine network = report(ReportQuery.By.TOTAL, null).total();
    assertThat(network.sittingsHeld()).isEqualTo(3);
    assertThat(network.presentAtHome()).isEqualTo(4);
    assertThat(report(ReportQuery.By.TOTAL, Set.of()).total().sittingsHeld()).isZero();
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void linesByCentreThemeAndMonthAddUpToTheTotal(String kind) {
    setUp(kind);
    attendanceOfTwoWeeks();
    for (ReportQuery.By by : ReportQuery.By.values()) {
      Report report = report(by, null);
      assertThat(report.lines().stream().mapToInt(ReportLine::presentAtHome).sum()).as(by.name()).isEqualTo(4);
      assertThat(report.lines().stream().mapToInt(ReportLine::sittingsHeld).sum()).as(by.name()).isEqualTo(3);
      assertThat(report.total().presentAtHome()).isEqualTo(4);
    }
    assertThat(report(ReportQuery.By.CENTRE, null).lines()).extracting(ReportLine::centre)
        .containsExactlyInAnyOrder("Centre A", "Centre B");
    assertThat(report(ReportQuery.By.MONTH, null).lines()).extracting(ReportLine::month).containsExactly("2026-11");
    assertThat(report(ReportQuery.By.THEME, null).lines()).extracting(ReportLine::theme)
        .containsExactlyInAnyOrder("COOKING", "DIGITAL_SKILLS", "SPORT");
  }
}
