package org.relais.hub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.relais.hub.storage.Database;
import org.relais.hub.storage.DatabaseConfig;

/**
 * A fresh database for one test, its schema up to date and no rows: an H2 file in a temporary directory, or a
 * database of its own in the PostgreSQL named by {@code RELAIS_TEST_PG_URL}. Store tests run against
 * {@link #kinds()}. The migrations run once per JVM and kind, into a template each test's database is copied
 * from: they took half of a test hub's start. A template is itself built from empty, so every run still
 * applies every migration to a new database of each kind.
 */
public final class TestDatabase implements AutoCloseable {
  public static final String PG_ENV = "RELAIS_TEST_PG_URL";

  private final String name;
  private final DatabaseConfig config;
  private final Runnable cleanup;

  private TestDatabase(String name, DatabaseConfig config, Runnable cleanup) {
    this.name = name;
    this.config = config;
    this.cleanup = cleanup;
  }

  /** The databases every store test runs against: H2 always, PostgreSQL when configured. */
  public static Stream<String> kinds() {
    return postgresUrl() == null ? Stream.of("h2") : Stream.of("h2", "postgresql");
  }

  public static TestDatabase create(String kind) {
    return switch (kind) {
      case "h2" -> h2();
      case "postgresql" -> postgres();
      default -> throw new IllegalArgumentException(kind);
    };
  }

  public static String postgresUrl() {
    String url = System.getenv(PG_ENV);
    return url == null || url.isBlank() ? null : url;
  }

  public static TestDatabase h2() {
    try {
      Path dir = Files.createTempDirectory("relais-h2-");
      Files.copy(H2Template.FILE, dir.resolve(H2Template.FILE.getFileName()));
      return new TestDatabase("h2", DatabaseConfig.embedded(dir), () -> deleteTree(dir));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TestDatabase postgres() {
    String base = requiredPostgresUrl();
    String name = uniqueName("t_");
    execute(base, "CREATE DATABASE " + name + " TEMPLATE " + PostgresTemplate.NAME);
    return new TestDatabase("postgresql", new DatabaseConfig(onDatabase(base, name), "", "", 4),
        () -> PostgresTemplate.DROPS.execute(() -> execute(base, "DROP DATABASE " + name + " WITH (FORCE)")));
  }

  private static String requiredPostgresUrl() {
    String base = postgresUrl();
    if (base == null) {
      throw new IllegalStateException(PG_ENV + " is not set");
    }
    return base;
  }

  private static String uniqueName(String prefix) {
    return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
  }

  /** {@code url} with its database replaced by {@code database}, its parameters kept. */
  static String onDatabase(String url, String database) {
    Matcher parts = Pattern.compile("(jdbc:postgresql://[^/?]+/)([^?]*)(.*)").matcher(url);
    if (!parts.matches()) {
      throw new IllegalStateException(PG_ENV + " is not a jdbc:postgresql://host/database URL: " + url);
    }
    return parts.group(1) + database + parts.group(3);
  }

  /** An H2 file migrated once, then shut so that its copies open clean. */
  private static final class H2Template {
    static final Path FILE = build();

    private static Path build() {
      try {
        Path dir = Files.createTempDirectory("relais-h2-template-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir)));
        DatabaseConfig config = DatabaseConfig.embedded(dir);
        Database.migrate(config);
        execute(config.url(), "SHUTDOWN");
        return dir.resolve("relais.mv.db");
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /**
   * A PostgreSQL database migrated once, copied by {@code CREATE DATABASE … TEMPLATE}. Tests' databases are
   * dropped in the background (a drop waits for a checkpoint), the template last, as the JVM ends.
   */
  private static final class PostgresTemplate {
    static final ExecutorService DROPS = Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "test-database-drops");
      thread.setDaemon(true);
      return thread;
    });
    static final String NAME = build();

    private static String build() {
      String base = requiredPostgresUrl();
      String name = uniqueName("relais_template_");
      execute(base, "CREATE DATABASE " + name);
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        DROPS.shutdown();
        try {
          DROPS.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        execute(base, "DROP DATABASE " + name + " WITH (FORCE)");
      }));
      Database.migrate(new DatabaseConfig(onDatabase(base, name), "", "", 1));
      return name;
    }
  }

  private static void execute(String url, String sql) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("The test database did not run " + sql + ": " + e.getMessage(), e);
    }
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException ignored) {
      // best effort: the directory is under the system temporary directory
    }
  }

  public DatabaseConfig config() {
    return config;
  }

  public String name() {
    return name;
  }

  @Override
  public void close() {
    cleanup.run();
  }

  @Override
  public String toString() {
    return name;
  }
}
