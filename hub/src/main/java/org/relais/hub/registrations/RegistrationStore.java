package org.relais.hub.registrations;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.privacy.ConsentWording;
import org.relais.hub.schedule.ClassPages;
import org.relais.hub.storage.Columns;

/** Registrations, and the per-session queue of who is confirmed and who waits. */
public final class RegistrationStore {
  /** A registration with the idempotency fingerprint of the request that made it. */
  public record Stored(Registration registration, String requestHash) {}

  private static final String COLUMNS = """
      id, session_id, display_name, email, phone, household_size, consent, language, status, token_id,
      request_hash, version, created_at""";

  private final Pool pool;
  private final Clock clock;

  public RegistrationStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Pool pool() {
    return pool;
  }

  /** Serialises capacity decisions for one session; answers whether it exists. */
  public Future<Boolean> lockSession(SqlClient tx, UUID sessionId) {
    return tx.preparedQuery("SELECT id FROM sessions WHERE id = ? FOR UPDATE").execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 1);
  }

  public Future<Optional<Stored>> findByIdempotencyKey(SqlClient tx, UUID sessionId, String key) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM registrations WHERE session_id = ? AND idempotency_key = ?")
        .execute(Tuple.of(sessionId, key))
        .map(rows -> read(rows).stream().findFirst());
  }

  public Future<Integer> countConfirmed(SqlClient tx, UUID sessionId) {
    return tx.preparedQuery("SELECT COUNT(*) AS n FROM registrations WHERE session_id = ? AND status = 'CONFIRMED'")
        .execute(Tuple.of(sessionId))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  public Future<Void> insert(SqlClient tx, Registration r, String idempotencyKey, String requestHash) {
    RegistrationRequest d = r.details();
    Object now = Columns.instant(clock.instant());
    // Consent is kept with the wording the family agreed to and when (RGPD: a consent one can show).
    return tx.preparedQuery("INSERT INTO registrations (" + COLUMNS + ", idempotency_key, updated_at,"
            + " consent_wording_version, consent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.from(Arrays.asList(r.id(), r.sessionId(), d.displayName(), d.email(), d.phone(),
            d.householdSize(), d.consent(), d.language(), r.status().name(), r.tokenId(), requestHash, r.version(),
            Columns.instant(r.createdAt()), idempotencyKey, now, d.consent() ? ConsentWording.CURRENT : null,
            d.consent() ? Columns.instant(r.createdAt()) : null)))
        .mapEmpty();
  }

  public Future<Optional<Registration>> find(SqlClient client, UUID id, boolean forUpdate) {
    return client.preparedQuery("SELECT " + COLUMNS + " FROM registrations WHERE id = ?"
            + (forUpdate ? " FOR UPDATE" : ""))
        .execute(Tuple.of(id))
        .map(rows -> read(rows).stream().findFirst().map(Stored::registration));
  }

  public Future<Void> setStatus(SqlClient tx, Registration updated) {
    return tx.preparedQuery("UPDATE registrations SET status = ?, version = ?, updated_at = ? WHERE id = ?")
        .execute(Tuple.of(updated.status().name(), updated.version(), Columns.instant(clock.instant()),
            updated.id()))
        .mapEmpty();
  }

  /** The longest-waiting registration of the session, locked, if anyone waits. */
  public Future<Optional<Registration>> firstWaiting(SqlClient tx, UUID sessionId) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM registrations WHERE session_id = ? AND status = 'WAITLISTED'"
            + " ORDER BY arrival LIMIT 1 FOR UPDATE")
        .execute(Tuple.of(sessionId))
        .map(rows -> read(rows).stream().findFirst().map(Stored::registration));
  }

  /** Whether the family's data behind {@code r} was erased (the row stays, anonymous, for the counts). */
  public Future<Boolean> isErased(UUID registrationId) {
    return pool.preparedQuery("SELECT erased_at FROM registrations WHERE id = ?").execute(Tuple.of(registrationId))
        .map(rows -> rows.size() == 1 && rows.iterator().next().getValue("erased_at") != null);
  }

  /** Where {@code r} stands in its session's waiting list (1 for the first in line). */
  public Future<Integer> positionInQueue(Registration r) {
    return pool.preparedQuery("SELECT COUNT(*) AS n FROM registrations WHERE session_id = ? AND status = 'WAITLISTED'"
            + " AND arrival <= (SELECT arrival FROM registrations WHERE id = ?)")
        .execute(Tuple.of(r.sessionId(), r.id()))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  /** The families of each session: confirmed and waiting, counted in one query. */
  public Future<Map<UUID, ClassPages.Families>> families(List<UUID> sessionIds) {
    if (sessionIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("SELECT session_id, status, COUNT(*) AS n FROM registrations WHERE session_id IN ("
            + String.join(", ", Collections.nCopies(sessionIds.size(), "?")) + ") AND status <> 'CANCELLED'"
            + " GROUP BY session_id, status")
        .execute(Tuple.from(new ArrayList<Object>(sessionIds))).map(rows -> {
          Map<UUID, ClassPages.Families> bySession = new HashMap<>();
          rows.forEach(row -> {
            ClassPages.Families was = bySession.getOrDefault(Columns.uuid(row, "session_id"),
                ClassPages.Families.NONE);
            int n = row.getInteger("n");
            bySession.put(Columns.uuid(row, "session_id"), "CONFIRMED".equals(row.getString("status"))
                ? new ClassPages.Families(n, was.waiting()) : new ClassPages.Families(was.confirmed(), n));
          });
          return bySession;
        });
  }

  public Future<List<Registration>> ofSession(UUID sessionId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM registrations WHERE session_id = ? ORDER BY arrival")
        .execute(Tuple.of(sessionId))
        .map(rows -> read(rows).stream().map(Stored::registration).toList());
  }

  private static List<Stored> read(RowSet<Row> rows) {
    List<Stored> found = new ArrayList<>();
    for (Row row : rows) {
      RegistrationRequest details = new RegistrationRequest(row.getString("display_name"), row.getString("email"),
          row.getString("phone"), row.getInteger("household_size"), row.getBoolean("consent"),
          row.getString("language"));
      found.add(new Stored(new Registration(Columns.uuid(row, "id"), Columns.uuid(row, "session_id"), details,
          RegistrationStatus.valueOf(row.getString("status")), row.getString("token_id"),
          Columns.instant(row, "created_at"), row.getLong("version")), row.getString("request_hash")));
    }
    return found;
  }
}
