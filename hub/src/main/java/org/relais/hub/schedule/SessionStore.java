package org.relais.hub.schedule;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
      status, version, room_name, updated_by""";

  private final Pool pool;
  private final Clock clock;

  public SessionStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Pool pool() {
    return pool;
  }

  /** Inserts the session and its moved sittings; {@code span} runs from its first sitting to its last. */
  public Future<Void> insert(SqlClient client, Session session, Interval span) {
    SessionDraft d = session.draft();
    Recurrence r = d.recurrence();
    Object now = Columns.instant(clock.instant());
    return client.preparedQuery("INSERT INTO sessions (" + COLUMNS + ", series_start_at, series_end_at, created_at,"
            + " updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(session.id(), d.title(), d.category().name(), d.description(),
            d.language(), d.instructorId(), d.centreId(), Columns.instant(d.start()),
            Columns.instant(d.end()), r == null ? null : r.storedWeekdays(),
            r == null ? null : r.until(), r == null ? null : r.count(), d.homeCapacity(),
            d.videoMode().name(), d.accessibility(), session.status().name(), session.version(),
            session.roomName(), session.updatedBy(), Columns.instant(span.start()),
            Columns.instant(span.end()), now, now))
        .compose(done -> writeMoves(client, session));
  }

  /**
   * Replaces the session and its moved sittings if still at {@code expectedVersion}; answers whether it was.
   * Call it in a transaction: the moves are written apart from the row.
   */
  public Future<Boolean> update(SqlClient client, Session session, Interval span, long expectedVersion) {
    SessionDraft d = session.draft();
    Recurrence r = d.recurrence();
    return client.preparedQuery("""
            UPDATE sessions SET title = ?, category = ?, description = ?, language = ?, instructor_id = ?,
              centre_id = ?, start_at = ?, end_at = ?, recurrence_weekdays = ?, recurrence_until = ?,
              recurrence_count = ?, home_capacity = ?, video_mode = ?, accessibility = ?, status = ?,
              version = ?, updated_by = ?, series_start_at = ?, series_end_at = ?, updated_at = ?
            WHERE id = ? AND version = ?""")
        .execute(Tuple.of(d.title(), d.category().name(), d.description(), d.language(),
            d.instructorId(), d.centreId(), Columns.instant(d.start()), Columns.instant(d.end()),
            r == null ? null : r.storedWeekdays(), r == null ? null : r.until(),
            r == null ? null : r.count(), d.homeCapacity(), d.videoMode().name(),
            d.accessibility(), session.status().name(), session.version(), session.updatedBy(),
            Columns.instant(span.start()), Columns.instant(span.end()), Columns.instant(clock.instant()),
            session.id(), expectedVersion))
        .compose(result -> result.rowCount() == 1
            ? client.preparedQuery("DELETE FROM sitting_moves WHERE session_id = ?").execute(Tuple.of(session.id()))
                .compose(deleted -> writeMoves(client, session)).map(true)
            : Future.succeededFuture(false));
  }

  private static Future<Void> writeMoves(SqlClient client, Session session) {
    if (session.moves().isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> rows = new ArrayList<>();
    session.moves().forEach((date, to) -> rows.add(Tuple.of(session.id(), date, Columns.instant(to.start()),
        Columns.instant(to.end()))));
    return client.preparedQuery("INSERT INTO sitting_moves (session_id, sitting_date, start_at, end_at)"
        + " VALUES (?, ?, ?, ?)").executeBatch(rows).mapEmpty();
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
        .compose(rows -> withMoves(client, read(rows))).map(found -> found.stream().findFirst());
  }

  /** Sessions with a sitting that may fall in [from, to), narrowed by {@code filter}. */
  public Future<List<Session>> window(Instant from, Instant to, Filter filter) {
    StringBuilder sql = new StringBuilder("SELECT " + COLUMNS
        + " FROM sessions WHERE series_start_at < ? AND series_end_at > ?");
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
    return pool.preparedQuery(sql.toString()).execute(Tuple.from(params))
        .compose(rows -> withMoves(pool, read(rows)));
  }

  /**
   * The sessions of the given centres (all of them if {@code centreIds} is null) not over before
   * {@code endedAfter}, at most {@code limit} of them, the soonest first.
   */
  public Future<List<Session>> ofCentres(Set<UUID> centreIds, Instant endedAfter, int limit) {
    if (centreIds != null && centreIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    List<Object> params = new ArrayList<>(List.of(Columns.instant(endedAfter)));
    String centres = "";
    if (centreIds != null) {
      params.addAll(centreIds);
      centres = " AND centre_id IN (" + String.join(", ", Collections.nCopies(centreIds.size(), "?")) + ")";
    }
    params.add(limit);
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM sessions WHERE series_end_at > ?" + centres
            + " ORDER BY series_start_at, id LIMIT ?").execute(Tuple.from(params))
        .compose(rows -> withMoves(pool, read(rows)));
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
        .compose(rows -> withMoves(pool, read(rows))).map(found -> found.stream().findFirst());
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
            + " AND status = 'SCHEDULED' AND series_start_at < ? AND series_end_at > ?")
        .execute(Tuple.of(instructorId, except, Columns.instant(to), Columns.instant(from)))
        .compose(rows -> withMoves(tx, read(rows)));
  }

  /** Which sittings of {@code sessionIds} were called off or ended: they no longer hold their time. */
  public Future<ReleasedSittings> released(SqlClient client, List<UUID> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Future.succeededFuture(ReleasedSittings.NONE);
    }
    return client.preparedQuery("SELECT session_id, sitting_date, state, ended_at FROM sittings"
            + " WHERE state IN ('CANCELLED', 'ENDED') AND session_id IN ("
            + String.join(", ", Collections.nCopies(sessionIds.size(), "?")) + ")")
        .execute(Tuple.from(new ArrayList<Object>(sessionIds))).map(rows -> {
          Map<UUID, Map<LocalDate, Optional<Instant>>> released = new HashMap<>();
          for (Row row : rows) {
            // An ENDED row without its time (adopted from before sittings had one) is taken as held whole.
            Instant ended = Columns.instant(row, "ended_at");
            if (row.getString("state").equals("ENDED") && ended == null) {
              continue;
            }
            released.computeIfAbsent(Columns.uuid(row, "session_id"), id -> new HashMap<>())
                .put(Columns.date(row, "sitting_date"), Optional.ofNullable(ended));
          }
          return new ReleasedSittings(released);
        });
  }

  /** The sessions with their moved sittings, read in one query. */
  private static Future<List<Session>> withMoves(SqlClient client, List<Session> sessions) {
    if (sessions.isEmpty()) {
      return Future.succeededFuture(sessions);
    }
    List<Object> ids = new ArrayList<>(sessions.stream().map(Session::id).toList());
    return client.preparedQuery("SELECT session_id, sitting_date, start_at, end_at FROM sitting_moves"
            + " WHERE session_id IN (" + String.join(", ", Collections.nCopies(ids.size(), "?")) + ")")
        .execute(Tuple.from(ids)).map(rows -> {
          if (rows.size() == 0) {
            return sessions;
          }
          Map<UUID, Map<LocalDate, Interval>> moves = new HashMap<>();
          rows.forEach(row -> moves.computeIfAbsent(Columns.uuid(row, "session_id"), id -> new HashMap<>())
              .put(Columns.date(row, "sitting_date"),
                  new Interval(Columns.instant(row, "start_at"), Columns.instant(row, "end_at"))));
          return sessions.stream().map(s -> moves.containsKey(s.id()) ? new Session(s.id(), s.draft(), s.status(),
              s.version(), s.roomName(), moves.get(s.id()), s.updatedBy()) : s).toList();
        });
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
          row.getLong("version"), row.getString("room_name"), Map.of(), Columns.uuid(row, "updated_by")));
    }
    return sessions;
  }
}
