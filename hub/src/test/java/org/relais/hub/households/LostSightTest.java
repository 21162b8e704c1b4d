package org.relais.hub.households;

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
 * The households off the radar as the database picks them are those the whole list, grouped in Java, gives:
 * by phone across classes, by e-mail whatever its case, a registration without contact on its own, in the
 * scope's centres only.
 */
class LostSightTest extends StoreTest {
  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
  private HouseholdStore store;
  private UUID centreA;
  private UUID centreB;

  private Session session(String title, UUID centre, String start) {
    Instant at = Instant.parse(start);
    SessionDraft draft = new SessionDraft(title, Category.COOKING, null, "fr", null, centre, at,
        at.plusSeconds(3600), null, 10, VideoMode.DIRECT, null);
    Session session = new Session(UUID.randomUUID(), draft, SessionStatus.SCHEDULED, 1, Session.newRoomName(title));
    SessionStore sessions = new SessionStore(db.pool(), clock);
    sessions.insert(sessions.pool(), session, Occurrences.span(Occurrences.all(session, ZoneId.of("Europe/Paris"))))
        .await();
    return session;
  }

  private void sql(String sql, Object... args) {
    db.pool().preparedQuery(sql).execute(Tuple.from(Arrays.asList(args))).await();
  }

  private UUID registration(Session session, String name, String phone, String email) {
    UUID id = UUID.randomUUID();
    Object now = Columns.instant(clock.instant());
    sql("INSERT INTO registrations (id, session_id, display_name, email, phone, household_size, consent, language,"
        + " status, token_id, version, created_at, updated_at) VALUES (?, ?, ?, ?, ?, 2, TRUE, 'fr', 'CONFIRMED', ?, 1,"
        + " ?, ?)", id, session.id(), name, email, phone, UUID.randomUUID().toString(), now, now);
    return id;
  }

  /** A stay of the registration's link at each of these days, at noon. */
  private void seen(Session session, UUID registration, String... days) {
    for (String day : days) {
      Instant at = Instant.parse(day + "T12:00:00Z");
      sql("INSERT INTO attendance (id, session_id, sitting_date, subject_kind, subject_id, source, joined_at, left_at)"
          + " VALUES (?, ?, ?, 'REGISTRATION', ?, 'ROOM', ?, ?)", UUID.randomUUID(), session.id(), LocalDate.parse(day),
          registration, Columns.instant(at), Columns.instant(at.plusSeconds(1800)));
    }
  }

  /** A household as the list uses it, whatever the order its registrations were read in. */
  private static String described(Household household) {
    return household.ref() + " " + household.registrationIds().stream().map(UUID::toString).sorted().toList() + " "
        + new java.util.TreeMap<>(household.seen()) + " " + household.sittings() + " " + household.lastSeen();
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.StoreTest#databases")
  void theDatabasePicksTheHouseholdsTheWholeListWould(String kind) {
    open(kind);
    store = new HouseholdStore(db.pool());
    CentreStore centres = new CentreStore(db.pool(), clock);
    centreA = UUID.randomUUID();
    centreB = UUID.randomUUID();
    centres.insert(new Centre(centreA, "Centre A", CentreKind.LIBRARY, null, null, null, null, null, null, null, 1))
        .await();
    centres.insert(new Centre(centreB, "Centre B", CentreKind.OTHER, null, null, null, null, null, null, null, 1))
        .await();
    Session cooking = session("Cuisine", centreA, "2026-09-01T12:00:00Z");
    Session digital = session("Numérique", centreA, "2026-09-02T12:00:00Z");
    Session sport = session("Sport", centreB, "2026-09-03T12:00:00Z");

    // Once in each of two classes, by the same phone: seen twice, gone since September.
    seen(cooking, registration(cooking, "Famille Martin", "+33612345678", null), "2026-09-01");
    seen(digital, registration(digital, "Famille Martin", "+33612345678", "martin@example.org"), "2026-09-02");
    // By e-mail, typed twice differently, in two classes; and a registration of it never seen.
    seen(cooking, registration(cooking, "Famille Durand", null, "Durand@Example.org"), "2026-09-08");
    seen(digital, registration(digital, "Famille Durand", null, " durand@example.org "), "2026-09-09");
    registration(sport, "Famille Durand", null, "durand@example.org");
    // No contact: a household of its own.
    seen(cooking, registration(cooking, "Famille Sans Contact", null, null), "2026-09-01", "2026-09-08");
    // Seen once only, seen lately, and twice but in the other centre.
    seen(cooking, registration(cooking, "Famille Une Fois", "+33698765432", null), "2026-09-01");
    seen(cooking, registration(cooking, "Famille Fidèle", "+33611111111", null), "2026-09-01", "2026-11-24");
    seen(sport, registration(sport, "Famille Ailleurs", "+33622222222", null), "2026-09-03", "2026-09-10");

    Instant since = clock.instant().minus(Duration.ofDays(28));
    for (HouseholdScope scope : List.of(HouseholdScope.NETWORK, new HouseholdScope(Optional.of(Set.of(centreA))),
        new HouseholdScope(Optional.of(Set.of(centreB))), new HouseholdScope(Optional.of(Set.of())))) {
      List<String> whole = store.households(scope).await().stream()
          .filter(h -> h.sittings() >= OffRadar.MIN_SITTINGS && h.lastSeen().orElseThrow().isBefore(since))
          .map(LostSightTest::described).toList();
      assertThat(store.lostSight(scope, OffRadar.MIN_SITTINGS, since).await()).as(scope.toString())
          .extracting(LostSightTest::described).containsExactlyInAnyOrderElementsOf(whole);
    }
    assertThat(store.lostSight(HouseholdScope.NETWORK, OffRadar.MIN_SITTINGS, since).await())
        .extracting(h -> h.lastMember().displayName())
        .containsExactlyInAnyOrder("Famille Martin", "Famille Durand", "Famille Sans Contact", "Famille Ailleurs");
    assertThat(store.lostSight(new HouseholdScope(Optional.of(Set.of(centreA))), OffRadar.MIN_SITTINGS, since).await()
        .stream().filter(h -> h.lastMember().displayName().equals("Famille Durand")).findFirst().orElseThrow()
        .members()).hasSize(2);
  }
}
