package org.relais.hub.cli;

import java.net.BindException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigLoader;
import org.relais.hub.config.HubConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relais-hub [--config FILE] [serve|demo|admin create|db migrate]}; {@code serve} when none is given. */
@Command(name = "relais-hub", mixinStandardHelpOptions = true, version = "Relais hub 0.1",
    description = "The Relais hub: schedule, join links and live state of the network's classes.",
    subcommands = {ServeCommand.class, DemoCommand.class, AdminCommand.class, DbCommand.class},
    footer = {"", "Configuration: defaults, then --config FILE, then RELAIS_* environment variables",
        "(http.port -> RELAIS_HTTP_PORT, db.url -> RELAIS_DB_URL, ...). An invalid value exits with 78."})
public final class RelaisHubCommand implements Callable<Integer> {
  /** Exit status for a configuration error (sysexits EX_CONFIG). */
  public static final int EX_CONFIG = 78;

  @Option(names = "--config", paramLabel = "FILE", description = "A properties file overriding the defaults")
  Path configFile;

  public static CommandLine commandLine() {
    CommandLine cli = new CommandLine(new RelaisHubCommand());
    cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      if (cause instanceof ConfigException config) {
        commandLine.getErr().println("Invalid configuration: " + config.getMessage());
        return EX_CONFIG;
      }
      if (cause instanceof BindException) {
        commandLine.getErr().println("Cannot listen: the port is already in use (set http.port, or RELAIS_HTTP_PORT)");
        return 1;
      }
      commandLine.getErr().println("The hub could not start: " + cause);
      return 1;
    });
    return cli;
  }

  @Override
  public Integer call() throws Exception {
    return new ServeCommand(this).call();
  }

  HubConfig config() {
    return HubConfig.from(ConfigLoader.load(configFile, System.getenv()));
  }
}
