package org.relais.site.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.relais.site.config.SiteConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code relay-site [--config FILE] [--data DIR] enrol|serve}. */
@Command(name = "relay-site", mixinStandardHelpOptions = true, version = "relay-site 0.1.0",
    description = "The Relais node at a centre: the kiosk on the LAN and the link to the hub.",
    subcommands = {EnrolCommand.class, ServeCommand.class})
public final class RelaySiteCommand implements Runnable {
  /** Exit status for a configuration error (sysexits EX_CONFIG). */
  static final int CONFIG_ERROR = 78;

  @Option(names = "--config", description = "Properties file (data.dir, kiosk.host, kiosk.port, kiosk.signInFor)")
  Path configFile;

  @Option(names = "--data", description = "Data directory (credential, journal, schedule); overrides data.dir")
  Path dataDir;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  public static CommandLine commandLine() {
    return new CommandLine(new RelaySiteCommand());
  }

  @Override
  public void run() {
    // No subcommand: serve, as the systemd unit does.
    spec.commandLine().execute("serve");
  }

  SiteConfig config() throws IOException {
    SiteConfig loaded = SiteConfig.load(configFile, System.getenv());
    return dataDir == null ? loaded : new SiteConfig(dataDir, loaded.kiosk(), loaded.broadcast());
  }
}
