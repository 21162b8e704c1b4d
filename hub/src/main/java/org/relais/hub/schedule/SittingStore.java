package org.relais.hub.schedule;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;
import org.relais.protocol.SittingState;

/** The states of sittings that left SCHEDULED, one row per session and date; no row means SCHEDULED. */
public final class SittingStore {
  /** A sitting's stored state; version 0 is a sitting without a row yet. */
  public record Stored(SittingState state, Instant startedAt, Instant endedAt, Instant cancelledAt, long version) {
    public static final Stored SCHEDULED = new Stored(SittingState.SCHEDULED, null, null, null, 0);

    /** This state moved to {@code next} at {@code at}, one version on. */
    public Stored moved(SittingState next, Instant at) {
      return new Stored(next, next == SittingState.LIVE ? at : startedAt, next == SittingState.ENDED ? at : endedAt,
          next == SittingState.CANCELLED ? at : cancelledAt, version + 1);
    }
  }

  /** What the series as a whole is, read in the transaction that changes one of its sittings. */
  public enum Series { MISSING, SCHEDULED, CANCELLED }

  private final Pool pool;
  private final Clock clock;

  public SittingStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Pool pool() {
    return pool;
  }

  /** Every stored sitting of the session, by date. */
  public Future<Map<LocalDate, Stored>> of(UUID sessionId) {
    return pool.preparedQuery("SELECT sitting_date, state, started_at, ended_at, cancelled_at, version FROM sittings"
            + " WHERE session_id = ?").execute(Tuple.of(sessionId))
        .map(rows -> {
          Map<LocalDate, Stored> byDate = new HashMap<>();
          rows.forEach(row -> byDate.put(Columns.date(row, "sitting_date"), read(row)));
          return Map.copyOf(byDate);
        });
  }

  /** Stored sittings of every session whose date is from {@code from} to {@code to}, by session and date. */
  public Future<Map<UUID, Map<LocalDate, Stored>>> between(LocalDate from, LocalDate to) {
    return pool.preparedQuery("SELECT session_id, sitting_date, state, started_at, ended_at, cancelled_at, version"
            + " FROM sittings WHERE sitting_date BETWEEN ? AND ?").execute(Tuple.of(from, to))
        .map(rows -> {
          Map<UUID, Map<LocalDate, Stored>> bySession = new HashMap<>();
          rows.forEach(row -> bySession.computeIfAbsent(Columns.uuid(row, "session_id"), id -> new HashMap<>())
              .put(Columns.date(row, "sitting_date"), read(row)));
          return bySession;
        });
  }

  /** Locks the session's row for the rest of the transaction, and says whether it is still scheduled. */
  public Future<Series> lockSeries(SqlClient tx, UUID sessionId) {
    return tx.preparedQuery("SELECT status FROM sessions WHERE id = ? FOR UPDATE").execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 0 ? Series.MISSING
            : Series.valueOf(rows.iterator().next().getString("status")));
  }

  /**
   * Writes the sitting's new state if it is still at {@code from}'s version (0: no row yet); answers whether
   * it was, so that of two concurrent writes from one state only one wins. Call it holding the session's
   * lock ({@link #lockSeries}): the version read here then stays true until the write.
   */
  public Future<Boolean> move(SqlClient tx, UUID sessionId, LocalDate date, Stored from, Stored to) {
    return tx.preparedQuery("SELECT version FROM sittings WHERE session_id = ? AND sitting_date = ?")
        .execute(Tuple.of(sessionId, date))
        .compose(rows -> {
          long current = rows.size() == 0 ? 0 : rows.iterator().next().getLong("version");
          if (current != from.version()) {
            return Future.succeededFuture(false);
          }
          return write(tx, sessionId, date, to, current == 0).map(true);
        });
  }

  private Future<Void> write(SqlClient tx, UUID sessionId, LocalDate date, Stored to, boolean insert) {
    Object now = Columns.instant(clock.instant());
    String sql = insert
        ? "INSERT INTO sittings (state, started_at, ended_at, cancelled_at, version, updated_at, session_id,"
            + " sitting_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
        : "UPDATE sittings SET state = ?, started_at = ?, ended_at = ?, cancelled_at = ?, version = ?,"
            + " updated_at = ? WHERE session_id = ? AND sitting_date = ?";
    return tx.preparedQuery(sql).execute(Tuple.of(to.state().name(), Columns.instant(to.startedAt()),
            Columns.instant(to.endedAt()), Columns.instant(to.cancelledAt()), to.version(), now, sessionId, date))
        .mapEmpty();
  }

  /**
   * Sessions stored LIVE or ENDED when a status covered the whole series become SCHEDULED again, and the
   * sitting they were started or ended on (the one of the day of their last change, else the last one
   * begun by then) takes that state. Answers how many it moved.
   */
  public Future<Integer> adoptSeriesStates(SessionStore sessions, ZoneId zone) {
    return pool.withTransaction(tx -> tx.query("SELECT id, status, updated_at FROM sessions"
            + " WHERE status IN ('LIVE', 'ENDED') FOR UPDATE").execute()
        .compose(rows -> {
          List<Row> legacy = new ArrayList<>();
          rows.forEach(legacy::add);
          if (legacy.isEmpty()) {
            return Future.succeededFuture(0);
          }
          Future<Void> adopted = tx.query("UPDATE sessions SET status = 'SCHEDULED', version = version + 1"
              + " WHERE status IN ('LIVE', 'ENDED')").execute().mapEmpty();
          // One after the other: they share the transaction's connection.
          for (Row row : legacy) {
            adopted = adopted.compose(done -> adopt(tx, sessions, zone, row));
          }
          return adopted.map(legacy.size());
        }));
  }

  private Future<Void> adopt(SqlClient tx, SessionStore sessions, ZoneId zone, Row row) {
    UUID id = Columns.uuid(row, "id");
    SittingState state = SittingState.valueOf(row.getString("status"));
    Instant at = Columns.instant(row, "updated_at");
    return sessions.find(tx, id).compose(found -> {
      Optional<Occurrence> sitting = found.flatMap(session -> sittingChangedAt(session, zone, at));
      if (sitting.isEmpty()) {
        return Future.succeededFuture();
      }
      LocalDate date = sitting.get().start().atZone(zone).toLocalDate();
      Stored stored = new Stored(state, at, state == SittingState.ENDED ? at : null, null, 1);
      return move(tx, id, date, Stored.SCHEDULED, stored).mapEmpty();
    });
  }

  private static Optional<Occurrence> sittingChangedAt(Session session, ZoneId zone, Instant at) {
    LocalDate day = at.atZone(zone).toLocalDate();
    List<Occurrence> all = Occurrences.all(session, zone);
    return all.stream().filter(o -> o.start().atZone(zone).toLocalDate().equals(day)).findFirst()
        .or(() -> all.stream().filter(o -> !o.start().isAfter(at)).max(Comparator.naturalOrder()))
        .or(() -> all.stream().findFirst());
  }

  private static Stored read(Row row) {
    return new Stored(SittingState.valueOf(row.getString("state")), Columns.instant(row, "started_at"),
        Columns.instant(row, "ended_at"), Columns.instant(row, "cancelled_at"), row.getLong("version"));
  }
}
