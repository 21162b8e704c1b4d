package org.relais.hub.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.centres.CentreStore;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffStore;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.StoreTest;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.VideoMode;

class SessionStoreTest extends StoreTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private final MutableClock clock = new MutableClock(HubHarness.START);
  private SessionStore store;
  private UUID centre;
  private UUID otherCentre;
  private UUID instructor;

  private void setUp(String kind) {
    open(kind);
    store = new SessionStore(db.pool(), clock);
    CentreStore centres = new CentreStore(db.pool(), clock);
    centre = UUID.randomUUID();
    otherCentre = UUID.randomUUID();
    centres.insert(new Centre(centre, "A", CentreKind.LIBRARY, null, null, null, null, null, null, null, 1)).await();
    centres.insert(new Centre(otherCentre, "B", CentreKind.OTHER, null, null, null, null, null, null, null, 1))
        .await();
    instructor = UUID.randomUUID();
    new StaffStore(db.pool(), clock).insert(new StaffMember(instructor, "i@relais.test", "I", Role.INSTRUCTOR,
        Set.of(), 1), "hash").await();
  }

  private SessionDraft draft(String title, UUID centreId, UUID instructorId, String start, String end,
      Recurrence recurrence) {
    return new SessionDraft(title, Category.SPORT, null, "fr", instructorId, centreId, Instant.parse(start),
        Instant.parse(end), recurrence, 10, VideoMode.JITSI, null);
  }

  private Session save(SessionDraft draft, SessionStatus status) {
    Session session = new Session(UUID.randomUUID(), draft, status, 1, Session.newRoomName(draft.title()));
    store.insert(store.pool(), session, Occurrences.span(Occurrences.all(session, PARIS))).await();
    return session;
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsEveryFieldOfASeries(String kind) {
    setUp(kind);
    SessionDraft draft = new SessionDraft("Gym <douce> ' OR 1=1 --", Category.SPORT, "Étirements\navec chaise",
        "fr", instructor, centre, Instant.parse("2026-11-24T09:00:00Z"), Instant.parse("2026-11-24T10:00:00Z"),
        new Recurrence(EnumSet.of(DayOfWeek.TUESDAY, DayOfWeek.THURSDAY), LocalDate.parse("2027-01-31"), null), 25,
        VideoMode.DIRECT, "Rampe d’accès");
    Session saved = save(draft, SessionStatus.SCHEDULED);

    assertThat(store.find(saved.id()).await()).contains(saved);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsNullsAndCounts(String kind) {
    setUp(kind);
    Session saved = save(draft("Seul", centre, null, "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z",
        new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 3)), SessionStatus.SCHEDULED);

    assertThat(store.find(saved.id()).await()).contains(saved);
    assertThat(store.find(UUID.randomUUID()).await()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void updatesOnlyTheVersionItWasGiven(String kind) {
    setUp(kind);
    Session saved = save(draft("Avant", centre, null, "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z", null),
        SessionStatus.SCHEDULED);
    Session changed = saved.withDraft(draft("Après", centre, null, "2026-11-24T09:00:00Z",
        "2026-11-24T10:30:00Z", null));
    Interval span = new Interval(changed.draft().start(), changed.draft().end());

    assertThat(store.update(store.pool(), changed, span, 1).await()).isTrue();
    assertThat(store.update(store.pool(), changed, span, 1).await()).isFalse();
    assertThat(store.find(saved.id()).await()).contains(changed);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void findsTheSessionsOfAWindowNarrowedByFilters(String kind) {
    setUp(kind);
    Session inside = save(draft("Dedans", centre, null, "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z", null),
        SessionStatus.SCHEDULED);
    Session series = save(draft("Série", otherCentre, null, "2026-10-06T09:00:00Z", "2026-10-06T10:00:00Z",
        new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), LocalDate.parse("2026-12-31"), null)), SessionStatus.SCHEDULED);
    save(draft("Avant", centre, null, "2026-11-01T09:00:00Z", "2026-11-01T10:00:00Z", null), SessionStatus.SCHEDULED);
    save(draft("Après", centre, null, "2026-12-24T09:00:00Z", "2026-12-24T10:00:00Z", null), SessionStatus.SCHEDULED);
    Instant from = Instant.parse("2026-11-23T00:00:00Z");
    Instant to = Instant.parse("2026-11-30T00:00:00Z");

    assertThat(store.window(from, to, SessionStore.Filter.NONE).await()).containsExactlyInAnyOrder(inside, series);
    assertThat(store.window(from, to, new SessionStore.Filter(null, otherCentre, null)).await())
        .containsExactly(series);
    assertThat(store.window(from, to, new SessionStore.Filter(Category.COOKING, null, null)).await()).isEmpty();
    assertThat(store.window(from, to, new SessionStore.Filter(Category.SPORT, centre, "fr")).await())
        .containsExactly(inside);
    assertThat(store.window(from, to, new SessionStore.Filter(null, null, "en")).await()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void listsAnInstructorsActiveSessionsButNotCancelledOnesNorTheOneBeingSaved(String kind) {
    setUp(kind);
    Session active = save(draft("Actif", centre, instructor, "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z", null),
        SessionStatus.SCHEDULED);
    save(draft("Annulé", centre, instructor, "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z", null),
        SessionStatus.CANCELLED);
    Session self = save(draft("Moi", centre, instructor, "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z", null),
        SessionStatus.SCHEDULED);
    Instant from = Instant.parse("2026-11-24T00:00:00Z");
    Instant to = Instant.parse("2026-11-25T00:00:00Z");

    var found = store.pool().withTransaction(tx -> store.lockInstructor(tx, instructor)
        .compose(exists -> store.activeSessionsOf(tx, instructor, from, to, self.id()))).await();
    assertThat(found).containsExactly(active);
    assertThat(store.pool().withTransaction(tx -> store.lockInstructor(tx, UUID.randomUUID())).await()).isFalse();
  }
}
