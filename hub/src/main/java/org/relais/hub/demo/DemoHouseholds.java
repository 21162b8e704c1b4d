package org.relais.hub.demo;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.SubjectKind;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * A weekly class that began eight weeks ago, and families who came to it and stopped coming at different times,
 * so that the households off the radar have someone in them: one with a phone, one with an e-mail, one who gave
 * no contact, and one who still comes. Written through the same services as real data.
 */
public final class DemoHouseholds {
  /** A family and the weeks (0 for the class's first sitting) its link was in the room. */
  private record Family(String name, String email, String phone, int householdSize, List<Integer> weeks) {}

  private static final int WEEKS_AGO = 8;
  private static final List<Family> FAMILIES = List.of(
      new Family("Famille Moreau", null, "06 21 43 65 87", 4, List.of(0, 1, 2, 3)),
      new Family("M. Petit", null, null, 1, List.of(0, 1, 2)),
      new Family("Famille Rossi", "rossi@example.org", null, 3, List.of(0, 1)),
      new Family("Famille Girard", null, "07 81 92 03 14", 2, List.of(0, 1, 2, 3, 4, 5, 6, 7)));

  private final CentreService centres;
  private final ScheduleService schedule;
  private final RegistrationService registrations;
  private final Attendance attendance;
  private final Clock clock;

  public DemoHouseholds(CentreService centres, ScheduleService schedule, RegistrationService registrations,
      Attendance attendance, Clock clock) {
    this.centres = centres;
    this.schedule = schedule;
    this.registrations = registrations;
    this.attendance = attendance;
    this.clock = clock;
  }

  public Future<Void> seed() {
    ZoneId zone = schedule.zone();
    // On today's weekday, at an hour no other demo class takes at any centre: whatever day the demo starts, the
    // relay-site can book this class into its room beside the others.
    ZonedDateTime first = ZonedDateTime.of(LocalDate.now(clock.withZone(zone)).minusWeeks(WEEKS_AGO),
        LocalTime.of(12, 30), zone);
    return centres.list(1, null).compose(page -> {
      Centre centre = page.items().get(0);
      return schedule.createTrusted(new SessionDraft("Atelier cuisine des familles", Category.COOKING,
          "Une recette simple chaque semaine, en famille.", "fr", null, centre.id(), first.toInstant(),
          first.plusMinutes(75).toInstant(), new Recurrence(Set.of(first.getDayOfWeek()), null, 16), 12,
          VideoMode.JITSI, null));
    }).compose(session -> {
      Future<Void> chain = Future.succeededFuture();
      for (Family family : FAMILIES) {
        boolean contact = family.email() != null || family.phone() != null;
        chain = chain.compose(v -> registrations.register(session.id(), new RegistrationRequest(family.name(),
                family.email(), family.phone(), family.householdSize(), contact, "fr"), null))
            .compose(registered -> cameTo(session, first, registered.registration().id(), family.weeks()));
      }
      return chain;
    });
  }

  private Future<Void> cameTo(Session session, ZonedDateTime first, UUID registrationId, List<Integer> weeks) {
    Future<Void> chain = Future.succeededFuture();
    for (int week : weeks) {
      ZonedDateTime start = first.plusWeeks(week);
      Attendance.Stay stay = new Attendance.Stay(session.id(), start.toLocalDate(), SubjectKind.REGISTRATION,
          registrationId, Attendance.Source.PAGE, null);
      chain = chain.compose(v -> attendance.joined(stay, start.plusMinutes(3).toInstant()))
          .compose(v -> attendance.left(stay, start.plus(Duration.ofMinutes(85)).toInstant())).mapEmpty();
    }
    return chain;
  }
}
