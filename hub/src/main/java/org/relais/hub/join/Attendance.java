package org.relais.hub.join;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/**
 * Who was in a room and when: one row per stay (joined, then left), from the join page's own reports,
 * from Jitsi's events and from the built-in rooms' presence, each under the sitting it belongs to. A
 * repeated "joined" while a stay is open, or a "left" without one, changes nothing, so retried webhooks
 * count once. In a built-in room a stay survives a dropped connection: joining again within the grace
 * continues the stay that the drop closed.
 */
public final class Attendance {
  /** Who told us. */
  public enum Source { PAGE, JITSI, ROOM, BROADCAST }

  /** A stay's holder; {@code sittingDate} is the sitting's day in the schedule's zone (none if not known). */
  public record Stay(UUID sessionId, LocalDate sittingDate, SubjectKind kind, UUID subjectId, Source source,
      String occupant) {
    public Stay(UUID sessionId, SubjectKind kind, UUID subjectId, Source source, String occupant) {
      this(sessionId, null, kind, subjectId, source, occupant);
    }
  }

  /** How many stays a session had, and how many are still going on. */
  public record Counts(int stays, int present) {}

  /** The families at home in one sitting: their stays, the families in now, and every family that came. */
  public record AtHome(int stays, int present, int came) {
    public static final AtHome NONE = new AtHome(0, 0, 0);
  }

  /** A stay as recorded; {@code leftAt} is null while it goes on. */
  public record Recorded(UUID subjectId, SubjectKind kind, Source source, LocalDate sittingDate, Instant joinedAt,
      Instant leftAt) {
    public Duration duration() {
      return leftAt == null ? null : Duration.between(joinedAt, leftAt);
    }
  }

  private final Pool pool;
  private final Duration roomGrace;

  /** {@code roomGrace}: how long after leaving a built-in room a holder may come back into the same stay. */
  public Attendance(Pool pool, Duration roomGrace) {
    this.pool = pool;
    this.roomGrace = roomGrace;
  }

  /** Answers whether a stay began or went on again; false when one was going on already. */
  public Future<Boolean> joined(Stay stay, Instant at) {
    Duration grace = stay.source() == Source.ROOM ? roomGrace : Duration.ZERO;
    Tuple args = Tuple.of(stay.sessionId(), stay.subjectId(), stay.source().name(), Columns.instant(at.minus(grace)));
    String ofSitting = sitting(stay, args);
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT id, left_at FROM attendance WHERE session_id = ?"
            + " AND subject_id = ? AND source = ? AND (left_at IS NULL OR left_at >= ?)" + ofSitting
            + " ORDER BY joined_at DESC FOR UPDATE")
        .execute(args)
        .compose(found -> {
          Row latest = found.size() == 0 ? null : found.iterator().next();
          if (latest != null && latest.getValue("left_at") == null) {
            return Future.succeededFuture(false);
          }
          if (latest != null && !grace.isZero()) {
            return tx.preparedQuery("UPDATE attendance SET left_at = NULL WHERE id = ?")
                .execute(Tuple.of(Columns.uuid(latest, "id")))
                .compose(v -> summedAgain(tx, stay, at)).map(true);
          }
          return tx.preparedQuery("INSERT INTO attendance (id, session_id, sitting_date, subject_kind, subject_id,"
                  + " source, occupant, joined_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
              .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), stay.sessionId(), stay.sittingDate(),
                  stay.kind().name(), stay.subjectId(), stay.source().name(), stay.occupant(), Columns.instant(at))))
              .compose(v -> summedAgain(tx, stay, at)).map(true);
        }));
  }

  /**
   * A stay of a sitting from before {@code at}'s day may come after the reports summed that sitting (see
   * {@code sitting_attendance}): its row is marked dirty, or written dirty, so that it is summed again.
   */
  private static Future<Void> summedAgain(SqlConnection tx, Stay stay, Instant at) {
    if (stay.sittingDate() == null || !stay.sittingDate().isBefore(LocalDate.ofInstant(at, ZoneOffset.UTC))) {
      return Future.succeededFuture();
    }
    Tuple key = Tuple.of(stay.sessionId(), stay.sittingDate());
    return tx.preparedQuery("INSERT INTO sitting_attendance (session_id, sitting_date, dirty, families, present,"
            + " stay_seconds) VALUES (?, ?, TRUE, 0, 0, 0) ON CONFLICT DO NOTHING")
        .execute(key)
        .compose(v -> tx.preparedQuery("UPDATE sitting_attendance SET dirty = TRUE WHERE session_id = ?"
            + " AND sitting_date = ?").execute(key))
        .mapEmpty();
  }

  public Future<Boolean> left(Stay stay, Instant at) {
    Tuple args = Tuple.of(Columns.instant(at), stay.sessionId(), stay.subjectId(), stay.source().name());
    String ofSitting = sitting(stay, args);
    Tuple open = Tuple.of(stay.sessionId(), stay.sessionId(), stay.subjectId(), stay.source().name());
    sitting(stay, open);
    // A stay closed after its sitting was summed: the sitting is summed again by the next report.
    return pool.withTransaction(tx -> tx.preparedQuery("UPDATE sitting_attendance SET dirty = TRUE WHERE session_id = ?"
            + " AND sitting_date IN (SELECT sitting_date FROM attendance WHERE session_id = ? AND subject_id = ?"
            + " AND source = ? AND left_at IS NULL" + ofSitting + ")")
        .execute(open)
        .compose(v -> tx.preparedQuery("UPDATE attendance SET left_at = ? WHERE session_id = ? AND subject_id = ?"
            + " AND source = ? AND left_at IS NULL" + ofSitting).execute(args))
        .map(result -> result.rowCount() > 0));
  }

  public Future<Counts> count(UUID sessionId) {
    return pool.preparedQuery("SELECT COUNT(*) AS stays, SUM(CASE WHEN left_at IS NULL THEN 1 ELSE 0 END) AS open"
            + " FROM attendance WHERE session_id = ?")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          var row = rows.iterator().next();
          Number open = (Number) row.getValue("open");
          return new Counts(row.getInteger("stays"), open == null ? 0 : open.intValue());
        });
  }

  /**
   * The families at home in one sitting: their stays, how many families are in now and how many came (a family
   * seen by two sources, its page and Jitsi, counts once).
   */
  public Future<AtHome> atHome(UUID sessionId, LocalDate sittingDate) {
    return pool.preparedQuery("SELECT COUNT(*) AS stays, COUNT(DISTINCT CASE WHEN left_at IS NULL THEN subject_id"
            + " END) AS present, COUNT(DISTINCT subject_id) AS came FROM attendance WHERE session_id = ?"
            + " AND sitting_date = ? AND subject_kind = ?")
        .execute(Tuple.of(sessionId, sittingDate, SubjectKind.REGISTRATION.name()))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new AtHome(((Number) row.getValue("stays")).intValue(), ((Number) row.getValue("present")).intValue(),
              ((Number) row.getValue("came")).intValue());
        });
  }

  /** The stays from {@code source} going on now, wherever they are. */
  public Future<List<Stay>> goingOn(Source source) {
    return pool.preparedQuery("SELECT session_id, sitting_date, subject_kind, subject_id, occupant FROM attendance"
            + " WHERE source = ? AND left_at IS NULL")
        .execute(Tuple.of(source.name()))
        .map(rows -> {
          List<Stay> all = new ArrayList<>();
          for (Row row : rows) {
            all.add(new Stay(Columns.uuid(row, "session_id"), Columns.date(row, "sitting_date"),
                SubjectKind.valueOf(row.getString("subject_kind")), Columns.uuid(row, "subject_id"), source,
                row.getString("occupant")));
          }
          return all;
        });
  }

  /** Every stay of a session, oldest first. */
  public Future<List<Recorded>> stays(UUID sessionId) {
    return pool.preparedQuery("SELECT subject_id, subject_kind, source, sitting_date, joined_at, left_at"
            + " FROM attendance WHERE session_id = ? ORDER BY joined_at, id")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          List<Recorded> all = new ArrayList<>();
          for (Row row : rows) {
            all.add(new Recorded(Columns.uuid(row, "subject_id"), SubjectKind.valueOf(row.getString("subject_kind")),
                Source.valueOf(row.getString("source")), Columns.date(row, "sitting_date"),
                Columns.instant(row, "joined_at"), Columns.instant(row, "left_at")));
          }
          return all;
        });
  }

  /** Narrows a query to the stay's sitting when it names one, adding its date to {@code args}. */
  private static String sitting(Stay stay, Tuple args) {
    if (stay.sittingDate() == null) {
      return "";
    }
    args.addValue(stay.sittingDate());
    return " AND sitting_date = ?";
  }
}
