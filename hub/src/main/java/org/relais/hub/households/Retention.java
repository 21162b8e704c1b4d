package org.relais.hub.households;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.storage.Columns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the retention period: a household whose last sitting is more than N months ago loses its personal
 * data (name, contact), as on an erasure; its stays stay as anonymous counts. Each run is recorded in
 * {@code retention_runs} and logged with its counts. Running twice erases nothing twice.
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  /** What one run erased. */
  public record Run(Instant ranAt, Instant cutoff, int households, int registrations, int stays) {}

  private final HouseholdStore store;
  private final PrivacyLog log;
  private final int months;
  private final Clock clock;

  public Retention(HouseholdStore store, PrivacyLog log, int months, Clock clock) {
    this.store = store;
    this.log = log;
    this.months = months;
    this.clock = clock;
  }

  public Future<Run> runOnce() {
    Instant now = clock.instant();
    Instant cutoff = now.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant();
    return store.households(HouseholdScope.NETWORK).compose(households -> {
      List<Household> due = households.stream().filter(h -> h.lastSitting().isBefore(cutoff)).toList();
      return store.pool().withTransaction(tx -> {
        Future<int[]> erased = Future.succeededFuture(new int[2]);
        for (Household household : due) {
          erased = erased.compose(sum -> store.erase(tx, household.ref(), household.registrationIds(), now)
              .map(one -> {
                sum[0] += one.registrations();
                sum[1] += one.stays();
                return sum;
              }));
        }
        return erased.compose(sum -> {
          Run run = new Run(now, cutoff, due.size(), sum[0], sum[1]);
          return tx.preparedQuery("INSERT INTO retention_runs (id, ran_at, cutoff, households, registrations, stays)"
                  + " VALUES (?, ?, ?, ?, ?, ?)")
              .execute(Tuple.of(UUID.randomUUID(), Columns.instant(now), Columns.instant(cutoff), run.households(),
                  run.registrations(), run.stays()))
              .compose(done -> run.households() == 0 ? Future.succeededFuture()
                  : log.write(tx, PrivacyLog.Action.RETENTION_ERASED, PrivacyLog.Actor.SYSTEM, null, null,
                      "households=" + run.households(), "registrations=" + run.registrations() + " stays="
                          + run.stays()))
              .map(run);
        });
      });
    }).onSuccess(run -> LOG.info("Retention: {} household(s) last seen before {} erased: {} registration(s),"
        + " {} stay(s) kept as anonymous counts", run.households(), run.cutoff(), run.registrations(), run.stays()));
  }
}
