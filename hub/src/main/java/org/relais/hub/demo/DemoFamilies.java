package org.relais.hub.demo;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionStore;

/**
 * Families registered for the demo's classes, so the staff pages have lists, contacts given with consent (or
 * not), and a waiting list to show: every class with home places gets a few, the first fills up and beyond.
 */
public final class DemoFamilies {
  private record Family(String name, String email, String phone, int householdSize) {}

  private static final List<Family> FAMILIES = List.of(
      new Family("Famille Benkirane", "benkirane.famille@example.org", null, 4),
      new Family("Mme Dupont", null, "06 71 42 58 36", 1),
      new Family("Famille Nguyen", "nguyen@example.org", "07 98 76 54 32", 3),
      new Family("M. Lefebvre", null, null, 1),
      new Family("Famille Traoré", null, "06 55 44 33 22", 5),
      new Family("Mme Kowalski", "kowalski@example.org", null, 2));

  private final RegistrationService registrations;
  private final ScheduleService schedule;
  private final Clock clock;

  public DemoFamilies(RegistrationService registrations, ScheduleService schedule, Clock clock) {
    this.registrations = registrations;
    this.schedule = schedule;
    this.clock = clock;
  }

  /** Registers families for the classes of the coming week. */
  public Future<Void> seed() {
    return schedule.occurrences(clock.instant(), clock.instant().plus(Duration.ofDays(7)),
        new SessionStore.Filter(null, null, null)).compose(week -> {
      Set<Session> sessions = new LinkedHashSet<>();
      week.stream().map(Occurrence::session).forEach(sessions::add);
      Future<Void> chain = Future.succeededFuture();
      int index = 0;
      for (Session session : sessions) {
        int capacity = session.draft().homeCapacity();
        if (capacity == 0) {
          continue;
        }
        // The first class gets one family more than its places: a waiting list to promote from.
        int count = index++ == 0 ? capacity + 1 : Math.min(capacity, 2 + index % 3);
        for (int i = 0; i < count; i++) {
          Family family = FAMILIES.get((index + i) % FAMILIES.size());
          boolean contact = family.email() != null || family.phone() != null;
          RegistrationRequest request = new RegistrationRequest(family.name(), family.email(), family.phone(),
              family.householdSize(), contact, "fr");
          chain = chain.compose(v -> registrations.register(session.id(), request, null)).mapEmpty();
        }
      }
      return chain;
    });
  }
}
