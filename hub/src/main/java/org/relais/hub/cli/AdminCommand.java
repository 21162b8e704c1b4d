package org.relais.hub.cli;

import io.vertx.core.Vertx;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.relais.hub.config.HubConfig;
import org.relais.hub.staff.Passwords;
import org.relais.hub.staff.StaffAccounts;
import org.relais.hub.staff.StaffDraft;
import org.relais.hub.staff.StaffPrincipals;
import org.relais.hub.staff.StaffSessions;
import org.relais.hub.staff.StaffStore;
import org.relais.hub.storage.Database;
import org.relais.protocol.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** Account administration from the command line, for installers: the first ADMIN has nobody to ask. */
@Command(name = "admin", description = "Administer staff accounts.", subcommands = AdminCommand.Create.class)
public final class AdminCommand {
  static final String PASSWORD_ENV = "RELAIS_ADMIN_PASSWORD";

  @ParentCommand
  RelaisHubCommand parent;

  @Command(name = "create", description = {
      "Create a staff account. The password is read from standard input (one line),",
      "or from " + PASSWORD_ENV + " when set; never from an argument."})
  static final class Create implements Callable<Integer> {
    @ParentCommand
    AdminCommand admin;

    @Option(names = "--email", required = true)
    String email;

    @Option(names = "--name", required = true, description = "Display name")
    String name;

    @Option(names = "--role", required = true, description = "ADMIN, COORDINATOR, INSTRUCTOR or ANIMATOR")
    Role role;

    @Option(names = "--centre", description = "A centre the account works in (repeatable)")
    List<UUID> centres = List.of();

    @Override
    public Integer call() throws Exception {
      String password = readPassword();
      HubConfig config = admin.parent.config();
      Vertx vertx = Vertx.vertx();
      try {
        var member = Database.open(vertx, config.db()).compose(db -> accounts(vertx, db, config)
            .createTrusted(new StaffDraft(email, name, role, new LinkedHashSet<>(centres), password))
            .eventually(db::close))
            .toCompletionStage().toCompletableFuture().get(1, TimeUnit.MINUTES);
        System.out.println("Created " + member.role() + " " + member.email() + " (" + member.id() + ")");
        return 0;
      } catch (java.util.concurrent.ExecutionException e) {
        System.err.println("Not created: " + e.getCause().getMessage());
        return 1;
      } finally {
        vertx.close().await();
      }
    }

    private static StaffAccounts accounts(Vertx vertx, Database db, HubConfig config) {
      StaffStore store = new StaffStore(db.pool(), Clock.systemUTC());
      StaffPrincipals principals = new StaffPrincipals(store, vertx.eventBus());
      return new StaffAccounts(store, new Passwords(vertx, 1), principals,
          new StaffSessions(db.pool(), principals, config.auth(), Clock.systemUTC()));
    }

    private static String readPassword() throws IOException {
      String fromEnv = System.getenv(PASSWORD_ENV);
      if (fromEnv != null && !fromEnv.isEmpty()) {
        return fromEnv;
      }
      Console console = System.console();
      if (console != null) {
        char[] typed = console.readPassword("Password: ");
        return typed == null ? "" : new String(typed);
      }
      String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      return line == null ? "" : line;
    }
  }
}
