package org.relais.hub.privacy;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/**
 * Who read or changed personal data, and when (the {@code privacy_log} table): a centre's DPO answers "who saw
 * this family's number?" from it. An entry names a page, a class or counts, never a contact.
 */
public final class PrivacyLog {
  /** What was done. */
  public enum Action {
    OFF_RADAR_VIEWED, CALL_LIST_PRINTED, HOUSEHOLD_VIEWED, HOUSEHOLD_CONTACTED, HOUSEHOLD_INVITED,
    REGISTRATIONS_EXPORTED, SITTING_ATTENDANCE_VIEWED,
    DATA_DOWNLOADED, DATA_ERASED, RETENTION_ERASED, PRIVACY_LOG_VIEWED
  }

  /** Who did it: a staff member, the family through its private link, or the hub itself. */
  public enum Actor { STAFF, FAMILY, SYSTEM }

  /** One entry; {@code staffId} only for {@link Actor#STAFF}, {@code centreId} where one centre was concerned. */
  public record Entry(Instant at, Action action, Actor actor, UUID staffId, UUID centreId, String subject,
      String detail) {}

  /**
   * One entry as the privacy page shows it: who by the staff member's name (null for the family, the hub, or a
   * staff row that no longer exists), the centre by its name.
   */
  public record Shown(UUID id, Instant at, Action action, Actor actor, String staffName, String centreName,
      String subject, String detail) {
    /** Where the next page starts: after this entry, in the page's order. */
    public String cursor() {
      return at + "_" + id;
    }
  }

  /** Where a page of entries starts: strictly after the entry at {@code at} with {@code id}, newest first. */
  public record Cursor(Instant at, UUID id) {
    /** The cursor a link carries, or empty when it is not one this log wrote. */
    public static Optional<Cursor> parse(String raw) {
      if (raw == null || raw.length() > 80) {
        return Optional.empty();
      }
      int split = raw.lastIndexOf('_');
      try {
        return Optional.of(new Cursor(Instant.parse(raw.substring(0, split)),
            UUID.fromString(raw.substring(split + 1))));
      } catch (RuntimeException e) {
        return Optional.empty();
      }
    }
  }

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

  /**
   * A page of entries, newest first: those of {@code centres} only when given (entries of no centre then left
   * out), of one action when given, after {@code before} when given.
   */
  public Future<List<Shown>> page(Optional<Set<UUID>> centres, Action only, Cursor before, int limit) {
    StringBuilder where = new StringBuilder(" WHERE 1 = 1");
    List<Object> args = new ArrayList<>();
    if (centres.isPresent()) {
      if (centres.get().isEmpty()) {
        return Future.succeededFuture(List.of());
      }
      where.append(" AND l.centre_id IN (").append(String.join(", ", Collections.nCopies(centres.get().size(), "?")))
          .append(')');
      args.addAll(centres.get());
    }
    if (only != null) {
      where.append(" AND l.action = ?");
      args.add(only.name());
    }
    if (before != null) {
      where.append(" AND (l.at < ? OR (l.at = ? AND l.id > ?))");
      args.add(Columns.instant(before.at()));
      args.add(Columns.instant(before.at()));
      args.add(before.id());
    }
    args.add(limit);
    return pool.preparedQuery("SELECT l.id, l.at, l.action, l.actor, l.subject, l.detail, s.display_name AS staff_name,"
            + " c.name AS centre_name FROM privacy_log l LEFT JOIN staff s ON s.id = l.staff_id"
            + " LEFT JOIN centres c ON c.id = l.centre_id" + where + " ORDER BY l.at DESC, l.id LIMIT ?")
        .execute(Tuple.from(args))
        .map(rows -> {
          List<Shown> entries = new ArrayList<>();
          rows.forEach(row -> entries.add(new Shown(Columns.uuid(row, "id"), Columns.instant(row, "at"),
              Action.valueOf(row.getString("action")), Actor.valueOf(row.getString("actor")),
              row.getString("staff_name"), row.getString("centre_name"), row.getString("subject"),
              row.getString("detail"))));
          return entries;
        });
  }

  private static String clip(String text, int max) {
    return text == null || text.length() <= max ? text : text.substring(0, max);
  }
}
