package org.relais.hub.households;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.sqlclient.Row;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.storage.Columns;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.StoreTest;

/** The retention job deployed on its own, with nothing but a database and a clock: each run is recorded. */
class RetentionVerticleTest extends StoreTest {
  @ParameterizedTest
  @MethodSource("databases")
  void deployedAloneItRunsAtOnceAndRecordsTheRunWithItsCutoff(String kind) {
    open(kind);
    MutableClock clock = new MutableClock(HubHarness.START);
    Retention retention = new Retention(new HouseholdStore(db.pool()), new PrivacyLog(db.pool(), clock), 12, 36,
        clock);

    String deployment = vertx.deployVerticle(new RetentionVerticle(retention, Duration.ofDays(1))).await();
    Row run = db.pool().query("SELECT ran_at, cutoff, households, registrations, stays FROM retention_runs")
        .execute().await().iterator().next();
    assertThat(Columns.instant(run, "ran_at")).isEqualTo(HubHarness.START);
    assertThat(Columns.instant(run, "cutoff")).isEqualTo(Instant.parse("2025-11-23T08:00:00Z"));
    assertThat(run.getInteger("households")).isZero();

    clock.advance(Duration.ofDays(1));
    assertThat(retention.runOnce().await().cutoff()).isEqualTo(Instant.parse("2025-11-24T08:00:00Z"));
    vertx.undeploy(deployment).await();
    assertThat(db.pool().query("SELECT COUNT(*) AS n FROM retention_runs").execute().await().iterator().next()
        .getInteger("n")).isEqualTo(2);
  }
}
