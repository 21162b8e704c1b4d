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
import java.util.stream.Stream;
import org.relais.hub.storage.DatabaseConfig;

/**
 * A fresh, empty database for one test: an H2 file in a temporary directory, or a schema of its own
 * in the PostgreSQL named by {@code RELAIS_TEST_PG_URL}. Store tests run against {@link #all()}.
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
      return new TestDatabase("h2", DatabaseConfig.embedded(dir), () -> deleteTree(dir));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TestDatabase postgres() {
    String base = postgresUrl();
    if (base == null) {
      throw new IllegalStateException(PG_ENV + " is not set");
    }
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
    execute(base, "CREATE SCHEMA " + schema);
    String url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    return new TestDatabase("postgresql", new DatabaseConfig(url, "", "", 4),
        () -> execute(base, "DROP SCHEMA " + schema + " CASCADE"));
  }

  private static void execute(String url, String sql) {
    try (Connection connection = DriverManager.getConnection(url);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("PostgreSQL at " + PG_ENV + " did not answer: " + e.getMessage(), e);
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
