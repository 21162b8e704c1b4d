package org.relais.hub.households;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.SubjectKind;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * Families who came to a weekly class and stopped: set up through the hub's own services, stays recorded as a
 * built-in room records them.
 */
final class HouseholdScene {
  /** The first sitting of the scenes' classes: the Tuesday after the harness's start, 10:00 UTC. */
  static final Instant FIRST_SITTING = Instant.parse("2026-11-24T10:00:00Z");
  static final int SITTINGS = 3;

  /** The usual start: a class at a centre, and a family with a phone (given with consent) registered for it. */
  record Regular(Centre centre, Session cooking, RegistrationService.Registered family) {
    UUID familyId() {
      return family.registration().id();
    }
  }

  static final String PHONE = "06 11 22 33 44";

  private final HubHarness harness;

  HouseholdScene(HubHarness harness) {
    this.harness = harness;
  }

  /** "Famille Martin" registered with {@link #PHONE} for "Cuisine du monde" at "Les Tisserands", seen {@code times}. */
  Regular regular(int times) {
    Centre centre = harness.centre("Les Tisserands");
    Session cooking = weeklyClass(centre, "Cuisine du monde");
    RegistrationService.Registered family = register(cooking, "Famille Martin", PHONE, true);
    cameTo(cooking, family.registration().id(), times);
    return new Regular(centre, cooking, family);
  }

  /** A weekly class of three sittings at {@code centre}, the first at {@link #FIRST_SITTING}. */
  Session weeklyClass(Centre centre, String title) {
    return harness.hub.schedule().createTrusted(new SessionDraft(title, Category.COOKING, null, "fr", null,
        centre.id(), FIRST_SITTING, FIRST_SITTING.plus(Duration.ofHours(1)),
        new Recurrence(EnumSet.of(FIRST_SITTING.atZone(ZoneId.of("UTC")).getDayOfWeek()), null, SITTINGS), 20,
        VideoMode.JITSI, null)).await();
  }

  /** A one-off class a week from now, with {@code places} home places. */
  Session comingClass(Centre centre, String title, int places) {
    Instant start = harness.clock.instant().plus(Duration.ofDays(7));
    return harness.hub.schedule().createTrusted(new SessionDraft(title, Category.CRAFTS, null, "fr", null,
        centre.id(), start, start.plus(Duration.ofHours(1)), null, places, VideoMode.JITSI, null)).await();
  }

  RegistrationService.Registered register(Session session, String name, String phone, boolean consent) {
    return harness.hub.registrations().register(session.id(),
        new RegistrationRequest(name, null, phone, 3, consent, "fr"), null).await();
  }

  /** The family's link was in the room for most of the first {@code count} sittings. */
  void cameTo(Session session, UUID registrationId, int count) {
    ZoneId zone = harness.hub.schedule().zone();
    for (int week = 0; week < count; week++) {
      Instant start = FIRST_SITTING.plus(Duration.ofDays(7L * week));
      LocalDate date = start.atZone(zone).toLocalDate();
      Attendance.Stay stay = new Attendance.Stay(session.id(), date, SubjectKind.REGISTRATION, registrationId,
          Attendance.Source.JITSI, "occupant-" + registrationId + "@meet");
      harness.hub.attendance().joined(stay, start.plus(Duration.ofMinutes(2))).await();
      harness.hub.attendance().left(stay, start.plus(Duration.ofMinutes(55))).await();
    }
  }

  /** The instant {@code weeks} weeks after the last of {@code count} sittings. */
  static Instant weeksAfter(int count, int weeks) {
    return FIRST_SITTING.plus(Duration.ofDays(7L * (count - 1) + 7L * weeks));
  }
}
