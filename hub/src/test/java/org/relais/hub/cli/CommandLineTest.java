package org.relais.hub.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relais.hub.config.ConfigLoader;
import org.relais.hub.config.HubConfig;
import org.relais.hub.staff.Passwords;
import org.relais.hub.staff.StaffStore;
import org.relais.hub.storage.Database;
import picocli.CommandLine;
import io.vertx.core.Vertx;

class CommandLineTest {
  private final InputStream originalIn = System.in;

  @AfterEach
  void restoreStdin() {
    System.setIn(originalIn);
  }

  private static Path config(Path dir) throws Exception {
    Path file = dir.resolve("relais.properties");
    Files.writeString(file, "data.dir=" + dir.resolve("data").toString().replace("\\", "/") + "\n");
    return file;
  }

  private static int run(StringWriter err, String... args) {
    CommandLine cli = RelaisHubCommand.commandLine();
    cli.setErr(new PrintWriter(err, true));
    return cli.execute(args);
  }

  @Test
  void migratesTheDatabase(@TempDir Path dir) throws Exception {
    Path file = config(dir);

    assertThat(run(new StringWriter(), "--config", file.toString(), "db", "migrate")).isZero();
    assertThat(run(new StringWriter(), "--config", file.toString(), "db", "migrate")).isZero();
    assertThat(Files.list(dir.resolve("data")).map(p -> p.getFileName().toString()))
        .anyMatch(name -> name.startsWith("relais") && name.endsWith(".mv.db"));
  }

  @Test
  void createsTheFirstAdminWithThePasswordFromStandardInput(@TempDir Path dir) throws Exception {
    Path file = config(dir);
    System.setIn(new ByteArrayInputStream("une longue phrase secrète\n".getBytes(StandardCharsets.UTF_8)));

    int exit = run(new StringWriter(), "--config", file.toString(), "admin", "create", "--email",
        "Claire@Relais.test", "--name", "Claire Martin", "--role", "ADMIN");

    assertThat(exit).isZero();
    HubConfig config = HubConfig.from(ConfigLoader.load(file, Map.of()));
    Vertx vertx = Vertx.vertx();
    try {
      Database db = Database.open(vertx, config.db()).await();
      StaffStore.Credentials admin = new StaffStore(db.pool(), Clock.systemUTC()).findByEmail("claire@relais.test")
          .await().orElseThrow();
      assertThat(admin.member().displayName()).isEqualTo("Claire Martin");
      assertThat(new Passwords(vertx, 1).verify("une longue phrase secrète", admin.passwordHash()).await()).isTrue();
      db.close().await();
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void refusesATooShortPasswordAndCreatesNothing(@TempDir Path dir) throws Exception {
    Path file = config(dir);
    System.setIn(new ByteArrayInputStream("short\n".getBytes(StandardCharsets.UTF_8)));

    int exit = run(new StringWriter(), "--config", file.toString(), "admin", "create", "--email", "a@relais.test",
        "--name", "A", "--role", "ADMIN");

    assertThat(exit).isEqualTo(1);
  }

  @Test
  void anInvalidConfigurationExitsWith78NamingTheKey(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.properties");
    Files.writeString(file, "http.port=99999\n");
    StringWriter err = new StringWriter();

    int exit = run(err, "--config", file.toString(), "db", "migrate");

    assertThat(exit).isEqualTo(78);
    assertThat(err.toString()).contains("http.port");
  }
}
