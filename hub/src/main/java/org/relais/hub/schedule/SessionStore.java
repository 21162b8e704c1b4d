package org.relais.hub.schedule;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;
import org.relais.protocol.Category;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.VideoMode;

/** Sessions as rows; a series is one row, expanded into sittings by {@link Occurrences}. */
public final class SessionStore {
  /** Optional narrowing of a schedule window. */
  public record Filter(Category category, UUID centreId, String language) {
    public static final Filter NONE = new Filter(null, null, null);
  }

  private static final String COLUMNS = """
      id, title, category, description, language, instructor_id, centre_id, start_at, end_at,
      recurrence_weekdays, recurrence_until, recurrence_count, home_capacity, video_mode, accessibility,
      status, version, room_name""";

  private final Pool pool;
  private final Clock clock;

  public SessionStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Pool pool() {
    return pool;
  }

  public Future<Void> insert(SqlClient client, Session session, Instant seriesEnd) {
    SessionDraft d = session.draft();
    Recurrence r = d.recurrence();
    Object now = Columns.instant(clock.instant());
    return client.preparedQuery("INSERT INTO sessions (" + COLUMNS + ", series_end_at, created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(session.id(), d.title(), d.category().name(), d.description(), d.language(),
            d.instructorId(), d.centreId(), Columns.instant(d.start()), Columns.instant(d.end()),
            r == null ? null : r.storedWeekdays(), r == null ? null : r.until(), r == null ? null : r.count(),
            d.homeCapacity(), d.videoMode().name(), d.accessibility(), session.status().name(), session.version(),
            session.roomName(), Columns.instant(seriesEnd), now, now))
        .mapEmpty();
  }

  /** Replaces the session if still at {@code expectedVersion}; answers whether it was. */
  public Future<Boolean> update(SqlClient client, Session session, Instant seriesEnd, long expectedVersion) {
    SessionDraft d = session.draft();
    Recurrence r = d.recurrence();
    return client.preparedQuery("""
            UPDATE sessions SET title = ?, category = ?, description = ?, language = ?, instructor_id = ?,
              centre_id = ?, start_at = ?, end_at = ?, recurrence_weekdays = ?, recurrence_until = ?,
              recurrence_count = ?, home_capacity = ?, video_mode = ?, accessibility = ?, status = ?,
              version = ?, series_end_at = ?, updated_at = ?
            WHERE id = ? AND version = ?""")
        .execute(Tuple.of(d.title(), d.category().name(), d.description(), d.language(), d.instructorId(),
            d.centreId(), Columns.instant(d.start()), Columns.instant(d.end()),
            r == null ? null : r.storedWeekdays(), r == null ? null : r.until(), r == null ? null : r.count(),
            d.homeCapacity(), d.videoMode().name(), d.accessibility(), session.status().name(), session.version(),
            Columns.instant(seriesEnd), Columns.instant(clock.instant()), session.id(), expectedVersion))
        .map(result -> result.rowCount() == 1);
  }

  public Future<Boolean> delete(UUID id) {
    return pool.preparedQuery("DELETE FROM sessions WHERE id = ?").execute(Tuple.of(id))
        .map(result -> result.rowCount() == 1);
  }

  public Future<Optional<Session>> find(UUID id) {
    return find(pool, id);
  }

  public Future<Optional<Session>> find(SqlClient client, UUID id) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM sessions WHERE id = ?").execute(Tuple.of(id))
        .map(rows -> read(rows).stream().findFirst());
  }

  /** Sessions with a sitting that may fall in [from, to), narrowed by {@code filter}. */
  public Future<List<Session>> window(Instant from, Instant to, Filter filter) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
        + " FROM sessions WHERE start_at < ? AND series_end_at > ?");
    List<Object> params = new ArrayList<>(List.of(Columns.instant(to), Columns.instant(from)));
    if (filter.category() != null) {
      sql.append(" AND category = ?");
      params.add(filter.category().name());
    }
    if (filter.centreId() != null) {
      sql.append(" AND centre_id = ?");
      params.add(filter.centreId());
    }
    if (filter.language() != null) {
      sql.append(" AND language = ?");
      params.add(filter.language());
    }
    return pool.preparedQuery(sql.toString()).execute(Tuple.from(params)).map(SessionStore::read);
  }

  /** Gives a room to sessions stored before rooms were named; answers how many it named. */
  public Future<Integer> nameUnnamedRooms() {
    return pool.query("SELECT id, title FROM sessions WHERE room_name IS NULL").execute().compose(rows -> {
      List<Tuple> names = new ArrayList<>();
      rows.forEach(row -> names.add(Tuple.of(Session.newRoomName(row.getString("title")), Columns.uuid(row, "id"))));
      return names.isEmpty() ? Future.succeededFuture(0)
          : pool.preparedQuery("UPDATE sessions SET room_name = ? WHERE id = ? AND room_name IS NULL")
              .executeBatch(names).map(names.size());
    });
  }

  /** The session whose video room is called {@code roomName}. */
  public Future<Optional<Session>> findByRoom(String roomName) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM sessions WHERE room_name = ?").execute(Tuple.of(roomName))
        .map(rows -> read(rows).stream().findFirst());
  }

  /** Locks the instructor's staff row for the rest of the transaction; answers whether it exists. */
  public Future<Boolean> lockInstructor(SqlClient tx, UUID instructorId) {
    return tx.preparedQuery("SELECT id FROM staff WHERE id = ? FOR UPDATE").execute(Tuple.of(instructorId))
        .map(rows -> rows.size() == 1);
  }

  /** The instructor's other active sessions with a sitting that may fall in [from, to). */
  public Future<List<Session>> activeSessionsOf(SqlClient tx, UUID instructorId, Instant from, Instant to,
      UUID except) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM sessions WHERE instructor_id = ? AND id <> ?"
            + " AND status = 'SCHEDULED' AND start_at < ? AND series_end_at > ?")
        .execute(Tuple.of(instructorId, except, Columns.instant(to), Columns.instant(from)))
        .map(SessionStore::read);
  }

  private static List<Session> read(RowSet<Row> rows) {
    List<Session> sessions = new ArrayList<>(rows.size());
    for (Row row : rows) {
      String weekdays = row.getString("recurrence_weekdays");
      Recurrence recurrence = weekdays == null ? null : new Recurrence(Recurrence.parseStored(weekdays),
          Columns.date(row, "recurrence_until"), row.getInteger("recurrence_count"));
      SessionDraft draft = new SessionDraft(row.getString("title"), Category.valueOf(row.getString("category")),
          row.getString("description"), row.getString("language"), Columns.uuid(row, "instructor_id"),
          Columns.uuid(row, "centre_id"), Columns.instant(row, "start_at"), Columns.instant(row, "end_at"),
          recurrence, row.getInteger("home_capacity"), VideoMode.valueOf(row.getString("video_mode")),
          row.getString("accessibility"));
      sessions.add(new Session(Columns.uuid(row, "id"), draft, SessionStatus.valueOf(row.getString("status")),
          row.getLong("version"), row.getString("room_name")));
    }
    return sessions;
  }
}
