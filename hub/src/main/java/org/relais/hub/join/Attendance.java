package org.relais.hub.join;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/**
 * Who was in a room and when: one row per stay (joined, then left), from the join page's own reports
 * and from Jitsi's events. A repeated "joined" while a stay is open, or a "left" without one, changes
 * nothing, so retried webhooks count once.
 */
public final class Attendance {
  /** Who told us. */
  public enum Source { PAGE, JITSI }

  public record Stay(UUID sessionId, SubjectKind kind, UUID subjectId, Source source, String occupant) {}

  /** How many stays a session had, and how many are still going on. */
  public record Counts(int stays, int present) {}

  private final Pool pool;

  public Attendance(Pool pool) {
    this.pool = pool;
  }

  public Future<Boolean> joined(Stay stay, Instant at) {
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT id FROM attendance WHERE session_id = ? AND subject_id = ?"
            + " AND source = ? AND left_at IS NULL FOR UPDATE")
        .execute(Tuple.of(stay.sessionId(), stay.subjectId(), stay.source().name()))
        .compose(open -> open.size() > 0 ? Future.succeededFuture(false)
            : tx.preparedQuery("INSERT INTO attendance (id, session_id, subject_kind, subject_id, source, occupant,"
                    + " joined_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .execute(Tuple.of(UUID.randomUUID(), stay.sessionId(), stay.kind().name(), stay.subjectId(),
                    stay.source().name(), stay.occupant(), Columns.instant(at)))
                .map(true)));
  }

  public Future<Boolean> left(Stay stay, Instant at) {
    return pool.preparedQuery("UPDATE attendance SET left_at = ? WHERE session_id = ? AND subject_id = ? AND source = ?"
            + " AND left_at IS NULL")
        .execute(Tuple.of(Columns.instant(at), stay.sessionId(), stay.subjectId(), stay.source().name()))
        .map(result -> result.rowCount() > 0);
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
}
