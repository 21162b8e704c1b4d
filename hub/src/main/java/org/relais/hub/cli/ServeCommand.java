package org.relais.hub.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.relais.hub.HubApplication;
import org.relais.hub.http.HttpConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Runs the hub until the process is told to stop. */
@Command(name = "serve", description = "Run the hub (the default command).")
public final class ServeCommand implements Callable<Integer> {
  @ParentCommand
  RelaisHubCommand parent;

  public ServeCommand() {}

  ServeCommand(RelaisHubCommand parent) {
    this.parent = parent;
  }

  @Override
  public Integer call() throws Exception {
    HubApplication hub = HubApplication.start(parent.config(), Clock.systemUTC())
        .toCompletionStage().toCompletableFuture().get(2, TimeUnit.MINUTES);
    stopOnShutdown(hub);
    return 0;
  }

  static void stopOnShutdown(HubApplication hub) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try {
        // The drain takes at most http.stopGrace; closing the database and Vert.x, a few seconds more.
        hub.stop().toCompletionStage().toCompletableFuture()
            .get(HttpConfig.MAX_STOP_GRACE.plusSeconds(20).toSeconds(), TimeUnit.SECONDS);
      } catch (Exception e) {
        System.err.println("Hub did not stop cleanly: " + e);
      }
    }, "relais-shutdown"));
  }
}
