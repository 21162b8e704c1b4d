package org.relais.hub.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.http.ProblemException;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;

/**
 * One sitting of a weekly class held on another day or at another time, through the real services and
 * database: what the series, the public schedule and the API then show, and which moves are refused.
 */
class SittingMovesTest {
  /** Tuesdays 1, 8 and 15 December 2026, 18:00 to 19:00 in Paris. */
  private static final Instant FIRST = Instant.parse("2026-12-01T17:00:00Z");

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  private static Interval at(String start, String end) {
    return new Interval(Instant.parse(start), Instant.parse(end));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aMovedSittingIsHeldAtItsNewTimeEverywhereAndTheSeriesGoesOn(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      StaffMember teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
      StaffPrincipal coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id())).principal();
      Session weekly = weekly(harness, centre, teacher, "Gym douce");
      SittingService sittings = harness.hub.sittings();

      // Tuesday 8 December to Thursday 10 December, 10:00 to 11:30.
      SessionSitting moved = sittings.reschedule(coordinator, weekly.id(), "2026-12-08",
          at("2026-12-10T09:00:00Z", "2026-12-10T10:30:00Z")).await();
      assertThat(moved.date()).isEqualTo(LocalDate.parse("2026-12-10"));

      Session now = harness.hub.schedule().get(weekly.id()).await();
      assertThat(now.version()).isEqualTo(weekly.version() + 1);
      assertThat(now.updatedBy()).isEqualTo(coordinator.id());
      assertThat(sittings.of(now).await()).extracting(SessionSitting::date).containsExactly(
          LocalDate.parse("2026-12-01"), LocalDate.parse("2026-12-10"), LocalDate.parse("2026-12-15"));

      JsonArray listed = harness.get("/api/v1/sessions/" + weekly.id() + "/sittings").bodyAsJsonObject()
          .getJsonArray("items");
      assertThat(listed.stream().map(o -> ((JsonObject) o).getString("date")).toList())
          .containsExactly("2026-12-01", "2026-12-10", "2026-12-15");
      JsonArray schedule = harness.get("/api/v1/sessions?from=2026-12-09T00:00:00Z&to=2026-12-11T00:00:00Z")
          .bodyAsJsonObject().getJsonArray("items");
      assertThat(schedule).hasSize(1);
      assertThat(schedule.getJsonObject(0).getString("start")).contains("2026-12-10T10:00");

      // Moved again: still one move, of the sitting the series holds on 8 December.
      sittings.reschedule(coordinator, weekly.id(), "2026-12-10", at("2026-12-11T09:00:00Z",
          "2026-12-11T10:00:00Z")).await();
      assertThat(harness.hub.schedule().get(weekly.id()).await().moves()).containsOnlyKeys(LocalDate.parse("2026-12-08"));

      // Back to its own day and time: no move left.
      sittings.reschedule(coordinator, weekly.id(), "2026-12-11", at("2026-12-08T17:00:00Z",
          "2026-12-08T18:00:00Z")).await();
      assertThat(harness.hub.schedule().get(weekly.id()).await().moves()).isEmpty();

      // Cancelled under its date like any other sitting.
      sittings.reschedule(coordinator, weekly.id(), "2026-12-15", at("2026-12-16T17:00:00Z",
          "2026-12-16T18:00:00Z")).await();
      assertThat(sittings.cancel(coordinator, weekly.id(), "2026-12-16").await().state())
          .isEqualTo(SittingState.CANCELLED);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aMoveOntoAnotherSittingOrTheInstructorsOtherClassOrOfABegunSittingIsRefused(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      StaffMember teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
      StaffPrincipal coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id())).principal();
      Session weekly = weekly(harness, centre, teacher, "Gym douce");
      harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING, null, "fr",
          teacher.id(), centre.id(), Instant.parse("2026-12-10T09:00:00Z"), Instant.parse("2026-12-10T10:00:00Z"),
          null, 10, VideoMode.JITSI, null)).await();
      SittingService sittings = harness.hub.sittings();

      assertThatThrownBy(() -> sittings.reschedule(coordinator, weekly.id(), "2026-12-08",
          at("2026-12-15T09:00:00Z", "2026-12-15T10:00:00Z")).await())
          .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().field()).isEqualTo("start"));
      assertThatThrownBy(() -> sittings.reschedule(coordinator, weekly.id(), "2026-12-08",
          at("2026-12-10T09:30:00Z", "2026-12-10T10:30:00Z")).await())
          .isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().field()).isEqualTo("instructorId");
            assertThat(e.problem().extensions()).containsEntry("otherTitle", "Cuisine du monde");
          });
      StaffPrincipal elsewhere = harness.staff(Role.COORDINATOR, Set.of(harness.centre("Ailleurs").id())).principal();
      assertThatThrownBy(() -> sittings.reschedule(elsewhere, weekly.id(), "2026-12-08",
          at("2026-12-09T09:00:00Z", "2026-12-09T10:00:00Z")).await())
          .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(403));

      harness.clock.set(FIRST.minus(Duration.ofMinutes(10)));
      assertThatThrownBy(() -> sittings.reschedule(coordinator, weekly.id(), "2026-12-01",
          at("2026-12-02T17:00:00Z", "2026-12-02T18:00:00Z")).await())
          .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().status()).isEqualTo(409));
      assertThat(harness.hub.schedule().get(weekly.id()).await().version()).as("nothing moved")
          .isEqualTo(weekly.version());
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aSittingMovedBeforeTheSeriesStartIsInTheScheduleOfThatDay(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      StaffPrincipal admin = harness.staff(Role.ADMIN, Set.of()).principal();
      Session weekly = weekly(harness, centre, null, "Gym douce");

      harness.hub.sittings().reschedule(admin, weekly.id(), "2026-12-01", at("2026-11-27T09:00:00Z",
          "2026-11-27T10:00:00Z")).await();

      List<Occurrence> friday = harness.hub.schedule().occurrences(Instant.parse("2026-11-27T00:00:00Z"),
          Instant.parse("2026-11-28T00:00:00Z"), SessionStore.Filter.NONE).await();
      assertThat(friday).extracting(Occurrence::start).containsExactly(Instant.parse("2026-11-27T09:00:00Z"));
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRoomBookedForTwoClassesRefusesAChangeThatWouldShowBothAtOnce(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      StaffPrincipal coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id())).principal();
      Site room = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(),
          "Salle polyvalente", 30, null, 1)).await();
      Session gym = weekly(harness, centre, null, "Gym douce");
      // Wednesdays at 18:00 in the same room.
      Session cooking = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING,
          null, "fr", null, centre.id(), FIRST.plus(Duration.ofDays(1)), FIRST.plus(Duration.ofDays(1)).plus(
              Duration.ofHours(1)), new Recurrence(EnumSet.of(DayOfWeek.WEDNESDAY), null, 3), 12, VideoMode.DIRECT,
          null)).await();
      harness.hub.bookings().book(coordinator, gym.id(), room.id(), 10).await();
      harness.hub.bookings().book(coordinator, cooking.id(), room.id(), 10).await();

      assertThatThrownBy(() -> harness.hub.sittings().reschedule(coordinator, gym.id(), "2026-12-08",
          at("2026-12-09T17:30:00Z", "2026-12-09T18:30:00Z")).await())
          .isInstanceOfSatisfying(ProblemException.class, e -> {
            assertThat(e.problem().field()).isEqualTo("start");
            assertThat(e.problem().extensions()).containsEntry("room", "Salle polyvalente")
                .containsEntry("otherTitle", "Cuisine du monde");
          });
      SessionDraft wednesdays = new SessionDraft("Gym douce", Category.SPORT, null, "fr", null, centre.id(),
          FIRST.plus(Duration.ofDays(1)), FIRST.plus(Duration.ofDays(1)).plus(Duration.ofHours(1)),
          new Recurrence(EnumSet.of(DayOfWeek.WEDNESDAY), null, 3), 12, VideoMode.DIRECT, null);
      assertThatThrownBy(() -> harness.hub.schedule().update(coordinator, gym.id(), wednesdays, gym.version())
          .await()).isInstanceOfSatisfying(ProblemException.class,
              e -> assertThat(e.problem().extensions()).containsEntry("room", "Salle polyvalente"));

      // Another hour of the same Wednesday is free.
      harness.hub.sittings().reschedule(coordinator, gym.id(), "2026-12-08", at("2026-12-09T09:00:00Z",
          "2026-12-09T10:00:00Z")).await();
      assertThat(harness.hub.schedule().get(gym.id()).await().moves()).hasSize(1);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aSittingCalledOffOrEndedEarlyLeavesItsInstructorAndItsRoomFreeForAnotherClass(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      StaffMember teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
      StaffPrincipal coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id())).principal();
      Site room = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(),
          "Salle polyvalente", 30, null, 1)).await();
      Session gym = weekly(harness, centre, teacher, "Gym douce");
      harness.hub.bookings().book(coordinator, gym.id(), room.id(), 10).await();
      ScheduleService schedule = harness.hub.schedule();

      // Tuesday 8 December's gym is called off: a soup workshop takes its hour, its instructor and its room.
      assertThatThrownBy(() -> schedule.create(coordinator, oneOff(centre, teacher, "Atelier soupe",
          "2026-12-08T17:00:00Z", "2026-12-08T18:00:00Z")).await())
          .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().field()).isEqualTo("instructorId"));
      harness.hub.sittings().cancel(coordinator, gym.id(), "2026-12-08").await();
      Session soup = schedule.create(coordinator, oneOff(centre, teacher, "Atelier soupe", "2026-12-08T17:00:00Z",
          "2026-12-08T18:00:00Z")).await();
      harness.hub.bookings().book(coordinator, soup.id(), room.id(), 10).await();
      // The other Tuesdays still hold theirs.
      assertThatThrownBy(() -> schedule.create(coordinator, oneOff(centre, teacher, "Atelier pain",
          "2026-12-15T17:30:00Z", "2026-12-15T18:30:00Z")).await())
          .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().field()).isEqualTo("instructorId"));

      // 1 December's ends twenty minutes in: the rest of its hour is free from then on, not before.
      harness.clock.set(FIRST.minus(Duration.ofMinutes(5)));
      harness.hub.sittings().start(coordinator, gym.id(), "2026-12-01").await();
      harness.clock.set(FIRST.plus(Duration.ofMinutes(20)));
      harness.hub.sittings().end(coordinator, gym.id(), "2026-12-01").await();
      assertThatThrownBy(() -> schedule.create(coordinator, oneOff(centre, teacher, "Aide aux devoirs",
          "2026-12-01T17:10:00Z", "2026-12-01T17:40:00Z")).await())
          .isInstanceOfSatisfying(ProblemException.class, e -> assertThat(e.problem().field()).isEqualTo("instructorId"));
      Session homework = schedule.create(coordinator, oneOff(centre, teacher, "Aide aux devoirs",
          "2026-12-01T17:30:00Z", "2026-12-01T18:00:00Z")).await();
      harness.hub.bookings().book(coordinator, homework.id(), room.id(), 10).await();
    }
  }

  private static SessionDraft oneOff(Centre centre, StaffMember teacher, String title, String start, String end) {
    return new SessionDraft(title, Category.COOKING, null, "fr", teacher.id(), centre.id(), Instant.parse(start),
        Instant.parse(end), null, 10, VideoMode.DIRECT, null);
  }

  private static Session weekly(HubHarness harness, Centre centre, StaffMember teacher, String title) {
    return harness.hub.schedule().createTrusted(new SessionDraft(title, Category.SPORT, null, "fr",
        teacher == null ? null : teacher.id(), centre.id(), FIRST, FIRST.plus(Duration.ofHours(1)),
        new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 3), 12, VideoMode.DIRECT, null)).await();
  }
}
