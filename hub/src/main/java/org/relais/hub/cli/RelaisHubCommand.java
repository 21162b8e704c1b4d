package org.relais.hub.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
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
      if (e instanceof ConfigException config) {
        commandLine.getErr().println("Invalid configuration: " + config.getMessage());
        return EX_CONFIG;
      }
      throw e;
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
