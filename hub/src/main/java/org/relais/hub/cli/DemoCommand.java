package org.relais.hub.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.relais.hub.HubApplication;
import org.relais.hub.demo.DemoData;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Runs the hub with demo centres, staff and a week of classes (added once, to an empty database). */
@Command(name = "demo", description = "Run the hub with demo data, and print where to look and how to sign in.")
public final class DemoCommand implements Callable<Integer> {
  @ParentCommand
  RelaisHubCommand parent;

  @Override
  public Integer call() throws Exception {
    Clock clock = Clock.systemUTC();
    HubApplication hub = HubApplication.start(parent.config(), clock)
        .compose(started -> new DemoData(started.staff(), started.centres(), started.schedule(), clock)
            .seedIfEmpty().map(started))
        .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    ServeCommand.stopOnShutdown(hub);
    String url = hub.publicUrl().toString();
    System.out.println();
    System.out.println("Relais demo is running.");
    System.out.println("  Schedule (public):  " + url + "/");
    System.out.println("  API contract:       " + url + "/api/v1/openapi.json");
    System.out.println("  Health:             " + url + "/health  " + url + "/ready  " + url + "/metrics");
    System.out.println("  Staff sign-in:      POST " + url + "/api/v1/auth/login");
    System.out.println("    " + DemoData.ADMIN_EMAIL + " / " + DemoData.PASSWORD + "  (ADMIN)");
    System.out.println("    " + DemoData.COORDINATOR_EMAIL + " / " + DemoData.PASSWORD + "  (COORDINATOR)");
    System.out.println("Stop with Ctrl+C. Data is kept in " + parent.config().dataDir().toAbsolutePath());
    return 0;
  }
}
