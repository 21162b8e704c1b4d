package org.relais.hub.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.relais.hub.HubApplication;
import org.relais.hub.reminders.Reminders;
import io.vertx.core.Future;
import org.relais.hub.demo.DemoAttendance;
import org.relais.hub.demo.DemoData;
import org.relais.hub.demo.DemoDeliveries;
import org.relais.hub.demo.DemoFamilies;
import org.relais.hub.demo.DemoHouseholds;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Runs the hub with demo centres, staff and a week of classes (added once, to an empty database). */
@Command(name = "demo", description = "Run the hub with demo data, and print where to look and how to sign in.")
public final class DemoCommand implements Callable<Integer> {
  @ParentCommand
  RelaisHubCommand parent;

  @Option(names = "--relay-site-jar", description = "The relay-site to run for a demo centre "
      + "(default: ${DEFAULT-VALUE})")
  Path relaySiteJar = Path.of("relay-site", "target", "relais-relay-site.jar");

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    HubApplication hub = HubApplication.start(parent.config(), clock)
        .compose(started -> seed(started, clock).map(started))
        .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    ServeCommand.stopOnShutdown(hub);
    String url = hub.publicUrl().toString();
    DemoRelaySite relaySite = new DemoRelaySite(hub, relaySiteJar, parent.config().dataDir().resolve("relay-site"),
        clock);
    Process relay = relaySite.start();
    System.out.println();
    System.out.println("Relais demo is running.");
    System.out.println("  Schedule (public):  " + url + "/");
    System.out.println("  API contract:       " + url + "/api/v1/openapi.json");
    System.out.println("  Health:             " + url + "/health  " + url + "/ready"
        + (parent.config().metrics().bearerToken().isPresent() ? "  " + url + "/metrics (bearer token)" : ""));
    System.out.println("  Staff app:          " + url + "/staff/login   (password " + DemoData.PASSWORD
        + " for every demo account)");
    System.out.println("    " + DemoData.ADMIN_EMAIL + "          ADMIN: the whole network, accounts");
    System.out.println("    " + DemoData.COORDINATOR_EMAIL + "   COORDINATOR: classes, centres, rooms, bookings");
    System.out.println("    " + DemoData.INSTRUCTOR_EMAIL + "          INSTRUCTOR: my classes, console, room");
    System.out.println("    " + DemoData.ANIMATOR_EMAIL + "          ANIMATOR: my centre, help calls");
    System.out.println("  Scripts use the API: POST " + url + "/api/v1/auth/login for a bearer token");
    Path outbox = Reminders.outboxDir(parent.config().dataDir()).toAbsolutePath();
    System.out.println("  Messages to families (confirmations, reminders), as sent:");
    System.out.println("    texts:  " + outbox.resolve("sms.txt") + "   (none between "
        + parent.config().outbox().quietFrom() + " and " + parent.config().outbox().quietUntil()
        + " but \"the class is starting\": RELAIS_SMS_QUIET_FROM / RELAIS_SMS_QUIET_UNTIL)");
    System.out.println("    e-mail: " + (parent.config().mail().host().isPresent()
        ? "through " + parent.config().mail().host().get() : outbox.resolve("mail") + "/*.eml"));
    if (relay != null) {
      System.out.println("  Relay-site of " + DemoRelaySite.CENTRE + " (its kiosk on the centre's LAN):");
      String kiosk = "    http://localhost:" + DemoRelaySite.KIOSK_PORT;
      System.out.println(kiosk + "/kiosk   (sign in as " + DemoData.ANIMATOR_EMAIL + " / "
          + DemoData.PASSWORD + ", ANIMATOR)");
      System.out.println(kiosk + "/help    (a visitor's PC asking for help)");
      System.out.println("    The room's screen: the kiosk's \"Afficher sur l'écran de la salle\" while a class booked in"
          + " the room is on (the broadcast \"Cuisine en direct\" every day at 20:00)");
      System.out.println("  Instructor's console: " + url + relaySite.consolePath() + "   ("
          + DemoData.COORDINATOR_EMAIL + " / " + DemoData.PASSWORD + ")");
    }
    System.out.println("Stop with Ctrl+C. Data is kept in " + parent.config().dataDir().toAbsolutePath());
    return 0;
  }

  /** Adds the demo's centres, staff, classes, families and past attendance to an empty database. */
  static Future<Void> seed(HubApplication started, Clock clock) {
    return new DemoData(started.staff(), started.centres(), started.schedule(), clock,
        started.broadcast().service().available())
        .seedIfEmpty().compose(seeded -> seeded
            ? DemoDeliveries.seed(started.reminders().outbox())
                .compose(v -> new DemoFamilies(started.registrations(), started.schedule(), clock).seed())
                .compose(families -> new DemoAttendance(started.database().pool(), started.centres(),
                    started.schedule(), clock).seed())
                .compose(attended -> new DemoHouseholds(started.centres(), started.schedule(),
                    started.registrations(), started.attendance(), clock).seed())
            : Future.succeededFuture());
  }
}
