package org.relais.loadtest.rooms;

import io.vertx.core.Future;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.IntStream;
import org.relais.hub.HubApplication;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.schedule.SessionDraft;
import org.relais.loadtest.InFlight;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * Built-in rooms going on now, each with its families registered through the hub's own services, so
 * that every join link opens its room and trades for bridge tickets as a phone's would.
 */
final class RoomsSeed {
  private static final int IN_FLIGHT = 4;
  private static final int CENTRES = 8;
  private static final int PROGRESS_EVERY = 2_000;

  /** One class and the join links of its families. */
  record Room(UUID sessionId, List<String> tokens) {}

  private RoomsSeed() {}

  static Future<List<Room>> write(HubApplication hub, int rooms, int perRoom, PrintStream out) {
    long started = System.nanoTime();
    Instant start = Instant.now().minus(Duration.ofMinutes(5)).truncatedTo(ChronoUnit.MINUTES);
    List<Centre> centres = IntStream.range(0, CENTRES).mapToObj(i -> new Centre(UUID.randomUUID(),
        "Centre social " + (i + 1), CentreKind.SOCIAL_CENTRE, (i + 1) + " rue des Écoles", "59000", "Lille", null,
        null, null, null, 1)).toList();
    return InFlight.each(centres, IN_FLIGHT, centre -> hub.centres().createTrusted(centre), done -> { })
        .compose(created -> InFlight.each(IntStream.range(0, rooms).boxed().toList(), IN_FLIGHT,
            i -> hub.schedule().createTrusted(new SessionDraft("Conversation " + (i + 1), Category.LANGUAGE, null,
                "fr", null, created.get(i % CENTRES).id(), start, start.plus(Duration.ofHours(3)), null,
                perRoom + 2, VideoMode.DIRECT, null)), done -> { }))
        .compose(sessions -> {
          List<Integer> families = IntStream.range(0, rooms * perRoom).boxed().toList();
          return InFlight.each(families, IN_FLIGHT, i -> hub.registrations().register(sessions.get(i / perRoom).id(),
              new RegistrationRequest("Famille " + (i + 1), null, null, 1, false, "fr"), "bench-" + i)
              .map(registered -> {
                if (registered.registration().status() != RegistrationStatus.CONFIRMED) {
                  throw new IllegalStateException("a family was left " + registered.registration().status());
                }
                return registered.joinToken();
              }), done -> {
                if (done % PROGRESS_EVERY == 0) {
                  out.printf(Locale.ROOT, "  %,d/%,d families registered (%.1f s)%n", done, families.size(),
                      (System.nanoTime() - started) / 1e9);
                }
              })
              .map(tokens -> {
                List<Room> seeded = new ArrayList<>(rooms);
                for (int r = 0; r < rooms; r++) {
                  seeded.add(new Room(sessions.get(r).id(), tokens.subList(r * perRoom, (r + 1) * perRoom)));
                }
                return seeded;
              });
        });
  }
}
