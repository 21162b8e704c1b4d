package org.relais.hub.cli;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.relais.hub.HubApplication;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.protocol.Role;

/**
 * The demo's centre room: books the week's classes of the first demo centre for its room, enrols a
 * relay-site for it and runs it as a separate process, as it would run on a mini PC at the centre.
 */
final class DemoRelaySite {
  static final String CENTRE = "Centre social Les Tisserands";
  private static final String SILENT_CENTRE = "Cyber-espace du Faubourg";
  static final int KIOSK_PORT = 8090;

  private final HubApplication hub;
  private final Path jar;
  private final Path dataDir;
  private final Clock clock;
  private UUID firstSession;

  DemoRelaySite(HubApplication hub, Path jar, Path dataDir, Clock clock) {
    this.hub = hub;
    this.jar = jar;
    this.dataDir = dataDir;
    this.clock = clock;
  }

  /** Starts the relay-site; answers its process, or null (and says why) if it cannot run here. */
  Process start() throws Exception {
    if (!Files.isRegularFile(jar)) {
      System.out.println("  (No relay-site: " + jar + " is not built. Build it with"
          + " ./mvnw -q -pl hub,relay-site -am -DskipTests package)");
      return null;
    }
    StaffPrincipal admin = new StaffPrincipal(UUID.randomUUID(), Role.ADMIN, Set.of());
    if (!Files.exists(dataDir.resolve("site.json"))) {
      Optional<Site> booked = bookTheWeek(admin);
      if (booked.isEmpty()) {
        System.out.println("  (No relay-site: the demo centre " + CENTRE + " is not in this database)");
        return null;
      }
      Site room = booked.get();
      enrolSilentRoom(admin);
      String code = hub.siteCredentials().issueEnrolment(admin, room.id()).await().code();
      int enrolled = relay("enrol", "--hub", hub.publicUrl().toString(), "--code", code).inheritIO().start()
          .waitFor();
      if (enrolled != 0) {
        System.out.println("  (The relay-site could not enrol; see above)");
        return null;
      }
    }
    ProcessBuilder serve = relay("serve");
    serve.environment().put("RELAIS_SITE_KIOSK_PORT", String.valueOf(KIOSK_PORT));
    serve.redirectErrorStream(true).redirectOutput(dataDir.resolve("relay-site.log").toFile());
    Process process = serve.start();
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "relay-site-shutdown"));
    return process;
  }

  /**
   * Books every class the demo centre holds in the coming week for its room (whatever day the demo starts, they
   * must not clash); answers the room, or nothing if the demo centre is not in this database.
   */
  Optional<Site> bookTheWeek(StaffPrincipal admin) {
    Optional<Centre> centre = hub.centres().list(100, null).await().items().stream()
        .filter(c -> c.name().equals(CENTRE)).findFirst();
    if (centre.isEmpty()) {
      return Optional.empty();
    }
    Site room = hub.centres().sites(centre.get().id()).await().get(0);
    Instant now = clock.instant();
    List<Occurrence> week = hub.schedule().occurrences(now.minus(Duration.ofHours(12)), now.plus(Duration.ofDays(7)),
        new SessionStore.Filter(null, centre.get().id(), null)).await();
    Set<UUID> sessions = new LinkedHashSet<>();
    week.forEach(o -> sessions.add(o.session().id()));
    firstSession = sessions.stream().findFirst().orElse(null);
    for (UUID session : sessions) {
      hub.bookings().book(admin, session, room.id(), Math.min(12, room.capacity())).await();
    }
    return Optional.of(room);
  }

  /**
   * Enrols the relay-site of another centre's room without running it, as one whose mini PC is switched
   * off: the staff's network page then shows a room offline beside the one on line.
   */
  private void enrolSilentRoom(StaffPrincipal admin) {
    hub.centres().list(100, null).await().items().stream().filter(c -> c.name().equals(SILENT_CENTRE)).findFirst()
        .ifPresent(centre -> {
          Site room = hub.centres().sites(centre.id()).await().get(0);
          hub.siteCredentials().enrol(hub.siteCredentials().issueEnrolment(admin, room.id()).await().code()).await();
        });
  }

  /** A session booked for the room, whose console shows the room: the first of the week. */
  String consolePath() {
    return "/console/sessions/" + (firstSession == null ? "<session id>" : firstSession);
  }

  private ProcessBuilder relay(String... args) {
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx64m", "-XX:+UseSerialGC",
        "-XX:TieredStopAtLevel=1", "-jar", jar.toString(),
        "--data", dataDir.toString()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).directory(new File("."));
  }
}
