package org.relais.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
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
      System.out.println(kind + " id=" + row.getValue("id").getClass() + " ts=" + row.getValue("created_at").getClass() + " " + row.getValue("created_at") + " d=" + row.getValue("d").getClass());
      assertThat(Columns.uuid(row, "id")).isEqualTo(id);
      assertThat(Columns.instant(row, "created_at")).isEqualTo(now);
      assertThat(Columns.date(row, "d")).isEqualTo(LocalDate.of(2026, 3, 29));
      db.close().await();
    }
  }
}
