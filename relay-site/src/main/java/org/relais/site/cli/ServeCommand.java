package org.relais.site.cli;

import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.relais.site.SiteApplication;
import org.relais.site.config.SiteConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Runs the relay-site until stopped (SIGTERM from systemd, Ctrl+C). */
@Command(name = "serve", description = "Run the kiosk and the link to the hub.")
public final class ServeCommand implements Callable<Integer> {
  @ParentCommand
  RelaySiteCommand parent;

  @Override
  public Integer call() throws Exception {
    SiteConfig config;
    try {
      config = parent.config();
    } catch (SiteConfig.Invalid e) {
      System.err.println("Invalid configuration: " + e.getMessage());
      return RelaySiteCommand.CONFIG_ERROR;
    }
    SiteApplication site;
    try {
      site = SiteApplication.start(config, Clock.systemUTC()).toCompletionStage().toCompletableFuture()
          .get(1, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      System.err.println("The relay-site could not start: " + e.getCause().getMessage());
      return e.getCause() instanceof IllegalStateException ? RelaySiteCommand.CONFIG_ERROR : 1;
    }
    System.out.println("Kiosk: http://localhost:" + site.kioskPort() + "/kiosk   Visitors' help page: http://localhost:"
        + site.kioskPort() + "/help");
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      site.stop().toCompletionStage().toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).exceptionally(e -> null)
          .join();
      stopped.countDown();
    }));
    stopped.await();
    return 0;
  }
}
