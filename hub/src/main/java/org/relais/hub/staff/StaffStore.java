package org.relais.hub.staff;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.storage.Columns;
import org.relais.hub.storage.Cursor;
import org.relais.hub.storage.Page;
import org.relais.protocol.Role;

/** Staff accounts and their centre scopes. */
public final class StaffStore {
  /** A member with the stored password hash, for login only. */
  public record Credentials(StaffMember member, String passwordHash) {}

  private static final String SELECT = """
      SELECT s.id, s.email, s.display_name, s.role, s.password_hash, s.version, s.active, sc.centre_id
      FROM %s s LEFT JOIN staff_centres sc ON sc.staff_id = s.id
      ORDER BY s.email, sc.centre_id""";

  private final Pool pool;
  private final Clock clock;

  public StaffStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Future<Void> insert(StaffMember member, String passwordHash) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            INSERT INTO staff (id, email, display_name, role, password_hash, version, active, created_at, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""")
        .execute(Tuple.of(member.id(), member.email(), member.displayName(), member.role().name(),
            passwordHash, member.version(), member.active(), Columns.instant(clock.instant()),
            Columns.instant(clock.instant())))
        .compose(done -> insertCentres(conn, member)));
  }

  /** Replaces the account if it is still at {@code expectedVersion}; answers whether it was. */
  public Future<Boolean> update(StaffMember member, long expectedVersion, String newPasswordHash) {
    return pool.withTransaction(conn -> conn.preparedQuery("""
            UPDATE staff SET email = ?, display_name = ?, role = ?, password_hash = COALESCE(?, password_hash),
              version = ?, active = ?, updated_at = ?
            WHERE id = ? AND version = ?""")
        .execute(Tuple.of(member.email(), member.displayName(), member.role().name(),
            newPasswordHash, member.version(), member.active(), Columns.instant(clock.instant()), member.id(),
            expectedVersion))
        .compose(result -> {
          if (result.rowCount() == 0) {
            return Future.succeededFuture(false);
          }
          return conn.preparedQuery("DELETE FROM staff_centres WHERE staff_id = ?").execute(Tuple.of(member.id()))
              .compose(deleted -> insertCentres(conn, member))
              .map(true);
        }));
  }

  public Future<Boolean> delete(UUID id) {
    return pool.preparedQuery("DELETE FROM staff WHERE id = ?").execute(Tuple.of(id))
        .map(result -> result.rowCount() > 0);
  }

  public Future<Optional<StaffMember>> find(UUID id) {
    return pool.preparedQuery(SELECT.formatted("(SELECT * FROM staff WHERE id = ?)")).execute(Tuple.of(id))
        .map(rows -> read(rows).stream().findFirst().map(Credentials::member));
  }

  public Future<Optional<Credentials>> findByEmail(String email) {
    if (email.indexOf('\0') >= 0) {
      // No stored address has one (PostgreSQL refuses NUL in text, and addresses are checked on the way in).
      return Future.succeededFuture(Optional.empty());
    }
    return pool.preparedQuery(SELECT.formatted("(SELECT * FROM staff WHERE email = ?)")).execute(Tuple.of(email))
        .map(rows -> read(rows).stream().findFirst());
  }

  public Future<Long> count() {
    return pool.query("SELECT COUNT(*) AS n FROM staff").execute()
        .map(rows -> rows.iterator().next().getLong("n"));
  }

  /** Accounts in e-mail order, {@code limit} at a time. */
  public Future<Page<StaffMember>> list(int limit, String cursor) {
    String after = cursor == null ? "" : Cursor.decode(cursor, 1).get(0);
    return pool.preparedQuery(SELECT.formatted("(SELECT * FROM staff WHERE email > ? ORDER BY email LIMIT ?)"))
        .execute(Tuple.of(after, limit + 1))
        .map(rows -> {
          List<StaffMember> members = read(rows).stream().map(Credentials::member).toList();
          if (members.size() <= limit) {
            return new Page<>(members, null);
          }
          List<StaffMember> page = members.subList(0, limit);
          return new Page<>(page, Cursor.encode(page.get(limit - 1).email()));
        });
  }

  private static Future<Void> insertCentres(SqlConnection conn, StaffMember member) {
    if (member.centreIds().isEmpty()) {
      return Future.succeededFuture();
    }
    List<Tuple> batch = new ArrayList<>();
    member.centreIds().forEach(centre -> batch.add(Tuple.of(member.id(), centre)));
    return conn.preparedQuery("INSERT INTO staff_centres (staff_id, centre_id) VALUES (?, ?)")
        .executeBatch(batch).mapEmpty();
  }

  private static List<Credentials> read(RowSet<Row> rows) {
    Map<UUID, Row> first = new LinkedHashMap<>();
    Map<UUID, Set<UUID>> centres = new LinkedHashMap<>();
    for (Row row : rows) {
      UUID id = Columns.uuid(row, "id");
      first.putIfAbsent(id, row);
      Set<UUID> scope = centres.computeIfAbsent(id, k -> new HashSet<>());
      UUID centre = Columns.uuid(row, "centre_id");
      if (centre != null) {
        scope.add(centre);
      }
    }
    List<Credentials> result = new ArrayList<>();
    first.forEach((id, row) -> result.add(new Credentials(
        new StaffMember(id, row.getString("email"), row.getString("display_name"), Role.valueOf(row.getString("role")),
            centres.get(id), row.getLong("version"), row.getBoolean("active")),
        row.getString("password_hash"))));
    return result;
  }
}
