package org.relais.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.testing.TestDatabase;

class DatabaseTest {
  private Vertx vertx;

  @BeforeEach
  void setUp() {
    vertx = Vertx.vertx();
  }

  @AfterEach
  void tearDown() {
    vertx.close().await();
  }

  static java.util.stream.Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void migratesAndRoundTripsUuidsInstantsAndDates(String kind) {
    try (TestDatabase test = TestDatabase.create(kind)) {
      Database db = Database.open(vertx, test.config()).await();
      UUID id = UUID.randomUUID();
      Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
      db.pool().preparedQuery("INSERT INTO centres (id, name, kind, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)")
          .execute(Tuple.of(id, "Centre", "SOCIAL_CENTRE", Columns.instant(now), Columns.instant(now))).await();
      Row row = db.pool().preparedQuery("SELECT id, created_at, CAST(? AS DATE) AS d FROM centres WHERE id = ?")
          .execute(Tuple.of(LocalDate.of(2026, 3, 29), id)).await().iterator().next();
      assertThat(Columns.uuid(row, "id")).isEqualTo(id);
      assertThat(Columns.instant(row, "created_at")).isEqualTo(now);
      assertThat(Columns.date(row, "d")).isEqualTo(LocalDate.of(2026, 3, 29));
      db.close().await();
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aCommitIsOnTheDiskBeforeItIsAnswered(String kind) {
    try (TestDatabase test = TestDatabase.create(kind)) {
      Database db = Database.open(vertx, test.config()).await();
      try {
        String sql = kind.equals("h2")
            ? "SELECT setting_value AS v FROM information_schema.settings WHERE setting_name = 'WRITE_DELAY'"
            : "SELECT current_setting('synchronous_commit') AS v";
        String setting = db.pool().query(sql).execute().await().iterator().next().getString("v");
        assertThat(setting).isEqualTo(kind.equals("h2") ? "0" : "on");
        if (kind.equals("h2")) {
          assertThat(test.config().url()).startsWith("jdbc:h2:file:" + SyncedH2Files.SCHEME + ":");
        }
      } finally {
        db.close().await();
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aStatementAfterATransactionIsCommittedAndAFailedOneSpoilsNothing(String kind) throws Exception {
    try (TestDatabase test = TestDatabase.create(kind)) {
      Database db = Database.open(vertx, new DatabaseConfig(test.config().url(), test.config().user(),
          test.config().password(), 1)).await();
      try {
        aStatementAfterATransaction(test, db.pool());
      } finally {
        db.close().await();
      }
    }
  }

  private static void aStatementAfterATransaction(TestDatabase test, Pool pool) throws Exception {
    UUID inTransaction = UUID.randomUUID();
    UUID afterwards = UUID.randomUUID();
    String insert = "INSERT INTO centres (id, name, kind, version, created_at, updated_at) VALUES (?, ?, ?, 1, ?, ?)";
    Object now = Columns.instant(Instant.now());

    pool.withTransaction(tx -> tx.preparedQuery(insert).execute(Tuple.of(inTransaction, "A", "OTHER", now, now)))
        .await();
    // The one pooled connection, just out of a transaction, runs a plain statement.
    pool.preparedQuery(insert).execute(Tuple.of(afterwards, "B", "OTHER", now, now)).await();

    assertThat(namesSeenByAnotherConnection(test)).containsExactly("A", "B");

    // A refused statement (a duplicate key) must not leave the connection refusing the ones after it.
    boolean refused = pool.preparedQuery(insert).execute(Tuple.of(afterwards, "B again", "OTHER", now, now))
        .transform(done -> Future.succeededFuture(done.failed())).await();
    assertThat(refused).isTrue();
    assertThat(pool.query("SELECT COUNT(*) AS n FROM centres").execute().await().iterator().next().getLong("n"))
        .isEqualTo(2);
  }

  @Test
  @EnabledIfEnvironmentVariable(named = TestDatabase.PG_ENV, matches = ".+")
  void aTransactionWhoseLinkIsLostFailsWholeAndTheNextStatementGetsANewLink() throws Exception {
    try (TestDatabase test = TestDatabase.postgres()) {
      Database db = Database.open(vertx, new DatabaseConfig(test.config().url(), "", "", 1)).await();
      try {
        String insert = "INSERT INTO centres (id, name, kind, version, created_at, updated_at)"
            + " VALUES (?, ?, ?, 1, ?, ?)";
        Object now = Columns.instant(Instant.now());
        Pool pool = db.pool();

        boolean failed = pool.withTransaction(tx -> tx.preparedQuery(insert)
                .execute(Tuple.of(UUID.randomUUID(), "A", "OTHER", now, now))
                .compose(done -> tx.query("SELECT pg_backend_pid() AS pid").execute())
                .compose(rows -> vertx.executeBlocking(() -> terminate(test, rows.iterator().next().getInteger("pid"))))
                .compose(cut -> tx.preparedQuery(insert).execute(Tuple.of(UUID.randomUUID(), "B", "OTHER", now, now))))
            .transform(done -> Future.succeededFuture(done.failed())).await();
        assertThat(failed).as("the transaction failed").isTrue();

        // The pool's one connection lost its link with the transaction; the next statement runs on a new one.
        pool.preparedQuery(insert).execute(Tuple.of(UUID.randomUUID(), "C", "OTHER", now, now)).await();
        assertThat(namesSeenByAnotherConnection(test)).containsExactly("C");
      } finally {
        db.close().await();
      }
    }
  }

  @Test
  void aStatementOrTransactionWaitingTooLongForAConnectionFailsAsUnavailable() {
    try (TestDatabase test = TestDatabase.h2()) {
      Database db = Database.open(vertx, new DatabaseConfig(test.config().url(), "", "", 1)).await();
      try {
        SqlConnection held = db.pool().getConnection().await();
        Throwable statement = db.pool().query("SELECT 1").execute()
            .transform(done -> Future.succeededFuture(done.cause())).await();
        Throwable transaction = db.pool().withTransaction(tx -> tx.query("SELECT 1").execute())
            .transform(done -> Future.succeededFuture(done.cause())).await();
        held.close().await();

        assertThat(SqlErrors.isUnavailable(statement)).as("%s", statement).isTrue();
        assertThat(SqlErrors.isUnavailable(transaction)).as("%s", transaction).isTrue();
      } finally {
        db.close().await();
      }
    }
  }

  private static boolean terminate(TestDatabase test, int pid) throws Exception {
    try (Connection connection = DriverManager.getConnection(test.config().url());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT pg_terminate_backend(" + pid + ")")) {
      return rows.next() && rows.getBoolean(1);
    }
  }

  private static List<String> namesSeenByAnotherConnection(TestDatabase test) throws Exception {
    List<String> names = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection(test.config().url());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT name FROM centres ORDER BY name")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
