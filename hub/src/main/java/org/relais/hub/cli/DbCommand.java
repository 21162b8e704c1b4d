package org.relais.hub.cli;

import java.util.concurrent.Callable;
import org.relais.hub.config.HubConfig;
import org.relais.hub.storage.Database;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** Database chores: bring the schema up to date without starting the hub (before a rolling upgrade). */
@Command(name = "db", description = "Database administration.", subcommands = DbCommand.Migrate.class)
public final class DbCommand {
  @ParentCommand
  RelaisHubCommand parent;

  @Command(name = "migrate", description = "Apply pending schema migrations and exit.")
  static final class Migrate implements Callable<Integer> {
    @ParentCommand
    DbCommand db;

    @Override
    public Integer call() {
      HubConfig config = db.parent.config();
      int applied = Database.migrate(config.db());
      System.out.println("Database " + config.db().safeUrl() + ": " + applied + " migration(s) applied.");
      return 0;
    }
  }
}
