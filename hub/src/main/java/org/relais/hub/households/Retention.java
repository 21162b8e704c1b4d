package org.relais.hub.households;

import io.vertx.core.Future;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.storage.Columns;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of the retention period: a household whose last sitting is more than N months ago loses its personal
 * data (name, contact), as on an erasure; its stays stay as anonymous counts. The names animators typed at
 * check-in go as long after their sitting (the head counts stay), and so do the words people wrote, whoever they
 * are and however recently they came back: questions to instructors, help calls' names and messages, the rooms'
 * questions and help requests. The privacy log keeps its entries for a period of
 * its own, then they go. Each run is recorded in {@code retention_runs} and logged with its counts. Running twice
 * erases nothing twice.
 */
public final class Retention {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  /** What one run erased. */
  public record Run(Instant ranAt, Instant cutoff, int households, int registrations, int stays, int checkIns,
      int texts, int logEntries) {}

  private final HouseholdStore store;
  private final PrivacyLog log;
  private final int months;
  private final int logMonths;
  private final Clock clock;

  public Retention(HouseholdStore store, PrivacyLog log, int months, int logMonths, Clock clock) {
    this.store = store;
    this.log = log;
    this.months = months;
    this.logMonths = logMonths;
    this.clock = clock;
  }

  /** The months a household's data is kept after its last sitting. */
  public int months() {
    return months;
  }

  /** The months the privacy log keeps its entries. */
  public int logMonths() {
    return logMonths;
  }

  /** The latest runs, newest first. */
  public Future<List<Run>> latestRuns(int limit) {
    return store.pool().preparedQuery("SELECT ran_at, cutoff, households, registrations, stays, check_ins, texts,"
            + " log_entries FROM retention_runs ORDER BY ran_at DESC, id LIMIT ?")
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<Run> runs = new ArrayList<>();
          rows.forEach(row -> runs.add(new Run(Columns.instant(row, "ran_at"), Columns.instant(row, "cutoff"),
              row.getInteger("households"), row.getInteger("registrations"), row.getInteger("stays"),
              row.getInteger("check_ins"), row.getInteger("texts"), row.getInteger("log_entries"))));
          return runs;
        });
  }

  public Future<Run> runOnce() {
    Instant now = clock.instant();
    Instant cutoff = now.atOffset(ZoneOffset.UTC).minusMonths(months).toInstant();
    Instant logCutoff = now.atOffset(ZoneOffset.UTC).minusMonths(logMonths).toInstant();
    return store.households(HouseholdScope.NETWORK).compose(households -> {
      List<Household> due = households.stream().filter(h -> h.lastSitting().isBefore(cutoff)).toList();
      return store.pool().withTransaction(tx -> {
        int[] sum = new int[2];
        Future<int[]> erasing = Future.succeededFuture(sum);
        for (Household household : due) {
          erasing = erasing.compose(counts -> store.erase(tx, household.ref(), household.registrationIds(), now)
              .map(one -> {
                counts[0] += one.registrations();
                counts[1] += one.stays();
                return counts;
              }));
        }
        Future<Integer> checkIns = erasing.compose(erased -> tx.preparedQuery("UPDATE site_events SET label = NULL"
                + " WHERE kind = 'CHECK_IN' AND label IS NOT NULL AND happened_at < ?")
            .execute(Tuple.of(Columns.instant(cutoff))).map(rows -> rows.rowCount()));
        Future<Integer> texts = checkIns.compose(cleared -> store.eraseTextsBefore(tx, cutoff));
        Future<Integer> logEntries = texts.compose(cleared -> tx.preparedQuery("DELETE FROM privacy_log"
                + " WHERE at < ?")
            .execute(Tuple.of(Columns.instant(logCutoff))).map(rows -> rows.rowCount()));
        return logEntries.compose(purged -> {
          Run run = new Run(now, cutoff, due.size(), sum[0], sum[1], checkIns.result(), texts.result(), purged);
          return tx.preparedQuery("INSERT INTO retention_runs (id, ran_at, cutoff, households, registrations, stays,"
                  + " check_ins, texts, log_entries) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
              .execute(Tuple.of(UUID.randomUUID(), Columns.instant(now), Columns.instant(cutoff), run.households(),
                  run.registrations(), run.stays(), run.checkIns()).addValue(run.texts()).addValue(run.logEntries()))
              .compose(done -> run.households() == 0 && run.checkIns() == 0 && run.texts() == 0
                  && run.logEntries() == 0
                  ? Future.succeededFuture()
                  : log.write(tx, PrivacyLog.Action.RETENTION_ERASED, PrivacyLog.Actor.SYSTEM, null, null,
                      "households=" + run.households(), "registrations=" + run.registrations() + " stays="
                          + run.stays() + " checkIns=" + run.checkIns() + " texts=" + run.texts()
                          + " logEntries=" + run.logEntries()))
              .map(run);
        });
      });
    }).onSuccess(run -> LOG.info("Retention: {} household(s) last seen before {} erased: {} registration(s),"
        + " {} stay(s) kept as anonymous counts; {} check-in name(s) and {} written text(s) cleared; {} privacy log"
        + " entr(ies) older than {} month(s) deleted", run.households(), run.cutoff(), run.registrations(),
        run.stays(), run.checkIns(), run.texts(), run.logEntries(), logMonths));
  }
}
