package org.relais.hub.help;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;
import org.relais.protocol.site.FamilyCall;

/** Help calls. A family has at most one open call: {@code open_for} is unique while it is set. */
final class HelpStore {
  private static final String COLUMNS = "id, session_id, centre_id, registration_id, display_name, message, status, "
      + "room_name, taken_by, taken_by_name, version, created_at";

  private final Pool pool;
  private final ZoneId zone;
  private final Clock clock;

  /** {@code zone}: the schedule's, whose day of a call names the sitting it was made from. */
  HelpStore(Pool pool, ZoneId zone, Clock clock) {
    this.pool = pool;
    this.zone = zone;
    this.clock = clock;
  }

  /** Stores a new call; fails with a unique violation if the family already has an open one. */
  Future<Void> insert(HelpCall call) {
    Object now = Columns.instant(call.createdAt());
    return pool.preparedQuery("INSERT INTO help_calls (" + COLUMNS + ", open_for, updated_at, sitting_date) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.from(new Object[] {call.id(), call.sessionId(), call.centreId(), call.registrationId(),
            call.displayName(), call.message(), call.status().name(), call.roomName(), null, null, call.version(), now,
            call.registrationId(), now, call.createdAt().atZone(zone).toLocalDate()}))
        .mapEmpty();
  }

  /**
   * Writes {@code next} over the version it came from; answers false if someone else changed it first. The
   * first time a call is taken is kept: the reports' time to answer.
   */
  Future<Boolean> update(HelpCall next, long expectedVersion) {
    Object now = Columns.instant(clock.instant());
    return pool.preparedQuery("UPDATE help_calls SET status = ?, taken_by = ?, taken_by_name = ?, version = ?, "
            + "open_for = ?, updated_at = ?, taken_at = CASE WHEN taken_at IS NULL AND ? "
            + "THEN ? ELSE taken_at END WHERE id = ? AND version = ?")
        .execute(Tuple.from(new Object[] {next.status().name(), next.takenBy(), next.takenByName(), next.version(),
            next.status().isOpen() ? next.registrationId() : null, now,
            next.status() == HelpCall.Status.TAKEN, now, next.id(), expectedVersion}))
        .map(result -> result.rowCount() == 1);
  }

  Future<Optional<HelpCall>> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM help_calls WHERE id = ?").execute(Tuple.of(id))
        .map(rows -> read(rows).stream().findFirst());
  }

  Future<Optional<HelpCall>> openOf(UUID registrationId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM help_calls WHERE open_for = ?")
        .execute(Tuple.of(registrationId)).map(rows -> read(rows).stream().findFirst());
  }

  /** The centre's open calls made since {@code since}, oldest first: the queue its animators work through. */
  Future<List<HelpCall>> openAt(UUID centreId, Instant since) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM help_calls WHERE centre_id = ? "
            + "AND status IN ('WAITING', 'TAKEN') AND created_at >= ? ORDER BY created_at, id LIMIT 200")
        .execute(Tuple.of(centreId, Columns.instant(since))).map(HelpStore::read);
  }

  /** Like {@link #openAt}, with the title of each call's session: the queue as the centre's kiosks list it. */
  Future<List<FamilyCall>> openForKiosks(UUID centreId, Instant since) {
    return pool.preparedQuery("SELECT h.id, h.display_name, s.title, h.created_at, h.message, h.status, h.taken_by, "
            + "h.taken_by_name FROM help_calls h JOIN sessions s ON s.id = h.session_id WHERE h.centre_id = ? "
            + "AND h.status IN ('WAITING', 'TAKEN') AND h.created_at >= ? ORDER BY h.created_at, h.id LIMIT 200")
        .execute(Tuple.of(centreId, Columns.instant(since))).map(rows -> {
          List<FamilyCall> calls = new ArrayList<>();
          for (Row row : rows) {
            boolean taken = HelpCall.Status.TAKEN.name().equals(row.getString("status"));
            calls.add(new FamilyCall(Columns.uuid(row, "id"), row.getString("display_name"), row.getString("title"),
                Columns.instant(row, "created_at"), row.getString("message"), taken,
                taken ? Columns.uuid(row, "taken_by") : null, taken ? row.getString("taken_by_name") : null));
          }
          return calls;
        });
  }

  /** How many calls of the centre made since {@code since} wait before this one, in the order of {@link #openAt}. */
  Future<Integer> waitingBefore(HelpCall call, Instant since) {
    return pool.preparedQuery("SELECT COUNT(*) AS n FROM help_calls WHERE centre_id = ? AND status = 'WAITING' "
            + "AND created_at >= ? AND (created_at < ? OR (created_at = ? AND id < ?))")
        .execute(Tuple.from(new Object[] {call.centreId(), Columns.instant(since), Columns.instant(call.createdAt()),
            Columns.instant(call.createdAt()), call.id()}))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  private static List<HelpCall> read(RowSet<Row> rows) {
    List<HelpCall> calls = new ArrayList<>();
    for (Row row : rows) {
      calls.add(new HelpCall(Columns.uuid(row, "id"), Columns.uuid(row, "session_id"), Columns.uuid(row, "centre_id"),
          Columns.uuid(row, "registration_id"), row.getString("display_name"), row.getString("message"),
          HelpCall.Status.valueOf(row.getString("status")), row.getString("room_name"), Columns.uuid(row, "taken_by"),
          row.getString("taken_by_name"), row.getLong("version"), Columns.instant(row, "created_at")));
    }
    return calls;
  }
}
