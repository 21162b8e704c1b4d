package org.relais.loadtest;

import java.util.concurrent.Callable;
import org.relais.loadtest.broadcast.BroadcastCommand;
import org.relais.loadtest.join.JoinCommand;
import org.relais.loadtest.reports.ReportsCommand;
import org.relais.loadtest.rooms.RoomsCommand;
import org.relais.loadtest.schedule.ScheduleCommand;
import org.relais.loadtest.sites.RelayFootprintCommand;
import org.relais.loadtest.sites.SitesCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Entry point of {@code relais-loadtest.jar}: one subcommand per benchmark scenario. */
@Command(name = "relais-loadtest", mixinStandardHelpOptions = true, version = "Relais load tests 0.1",
    description = "Benchmarks of the Relais hub. Each scenario starts a hub in this JVM, loads it and prints "
        + "its figures; the exit status is 0 when the scenario's targets are met.",
    subcommands = {ScheduleCommand.class, JoinCommand.class, RoomsCommand.class, SitesCommand.class,
        RelayFootprintCommand.class, org.relais.loadtest.outbox.OutboxCommand.class, ReportsCommand.class,
        BroadcastCommand.class})
public final class LoadTest implements Callable<Integer> {
  /** Exit status when a scenario ran but missed its targets (or saw errors). */
  public static final int TARGET_MISSED = 1;

  @Spec
  CommandSpec spec;

  public static void main(String[] args) {
    // Before anything logs: the hub's own configuration would write every request to the console.
    System.setProperty("logback.configurationFile", "org/relais/loadtest/logback.xml");
    System.exit(new CommandLine(new LoadTest()).execute(args));
  }

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return CommandLine.ExitCode.USAGE;
  }
}
