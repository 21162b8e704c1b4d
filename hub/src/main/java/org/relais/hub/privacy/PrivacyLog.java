package org.relais.hub.privacy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/**
 * Who read or changed personal data, and when (the {@code privacy_log} table): a centre's DPO answers "who saw
 * this family's number?" from it. An entry names a page, a class or counts, never a contact.
 */
public final class PrivacyLog {
  /** What was done. */
  public enum Action {
    OFF_RADAR_VIEWED, CALL_LIST_PRINTED, HOUSEHOLD_VIEWED, HOUSEHOLD_CONTACTED, REGISTRATIONS_EXPORTED,
    DATA_DOWNLOADED, DATA_ERASED, RETENTION_ERASED
  }

  /** Who did it: a staff member, the family through its private link, or the hub itself. */
  public enum Actor { STAFF, FAMILY, SYSTEM }

  /** One entry; {@code staffId} only for {@link Actor#STAFF}, {@code centreId} where one centre was concerned. */
  public record Entry(Instant at, Action action, Actor actor, UUID staffId, UUID centreId, String subject,
      String detail) {}

  private final Pool pool;
  private final Clock clock;

  public PrivacyLog(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Future<Void> staff(UUID staffId, Action action, UUID centreId, String subject, String detail) {
    return write(pool, action, Actor.STAFF, staffId, centreId, subject, detail);
  }

  public Future<Void> family(Action action, String subject, String detail) {
    return write(pool, action, Actor.FAMILY, null, null, subject, detail);
  }

  /** Writes in the caller's transaction, so the entry and the change it tells of stand or fall together. */
  public Future<Void> write(SqlClient client, Action action, Actor actor, UUID staffId, UUID centreId,
      String subject, String detail) {
    return client.preparedQuery("INSERT INTO privacy_log (id, at, action, actor, staff_id, centre_id, subject, detail)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.from(Arrays.asList(UUID.randomUUID(), Columns.instant(clock.instant()), action.name(),
            actor.name(), staffId, centreId, clip(subject, 200), clip(detail, 500))))
        .mapEmpty();
  }

  /** The latest entries, newest first. */
  public Future<List<Entry>> latest(int limit) {
    return pool.preparedQuery("SELECT at, action, actor, staff_id, centre_id, subject, detail FROM privacy_log"
            + " ORDER BY at DESC, id LIMIT ?")
        .execute(Tuple.of(limit))
        .map(rows -> {
          List<Entry> entries = new ArrayList<>();
          rows.forEach(row -> entries.add(new Entry(Columns.instant(row, "at"), Action.valueOf(row.getString("action")),
              Actor.valueOf(row.getString("actor")), Columns.uuid(row, "staff_id"), Columns.uuid(row, "centre_id"),
              row.getString("subject"), row.getString("detail"))));
          return entries;
        });
  }

  private static String clip(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
