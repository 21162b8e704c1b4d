package org.relais.hub.bookings;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/** Room bookings. */
public final class BookingStore {
  private static final String COLUMNS =
      "id, session_id, site_id, expected_head_count, status, screen_token_id, animator_token_id, version";

  private final Pool pool;
  private final Clock clock;

  public BookingStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Pool pool() {
    return pool;
  }

  /** Serialises bookings of one room; answers whether it exists. */
  public Future<Boolean> lockSite(SqlClient tx, UUID siteId) {
    return tx.preparedQuery("SELECT id FROM sites WHERE id = ? FOR UPDATE").execute(Tuple.of(siteId))
        .map(rows -> rows.size() == 1);
  }

  /** The room's active bookings, with the session each is for. */
  public Future<List<SiteBooking>> activeOfSite(SqlClient tx, UUID siteId) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM site_bookings WHERE site_id = ? AND status = 'BOOKED'")
        .execute(Tuple.of(siteId)).map(BookingStore::read);
  }

  /** Active bookings of other sessions in the rooms booked for {@code sessionId}. */
  public Future<List<SiteBooking>> sharingRooms(SqlClient tx, UUID sessionId) {
    return tx.preparedQuery("SELECT " + COLUMNS + " FROM site_bookings WHERE status = 'BOOKED' AND session_id <> ?"
            + " AND site_id IN (SELECT site_id FROM site_bookings WHERE session_id = ? AND status = 'BOOKED')")
        .execute(Tuple.of(sessionId, sessionId)).map(BookingStore::read);
  }

  public Future<Void> insert(SqlClient tx, SiteBooking b) {
    Object now = Columns.instant(clock.instant());
    return tx.preparedQuery("INSERT INTO site_bookings (" + COLUMNS + ", created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(b.id(), b.sessionId(), b.siteId(), b.expectedHeadCount(), b.status().name(),
            b.screenTokenId(), b.animatorTokenId(), b.version(), now, now))
        .mapEmpty();
  }

  public Future<Boolean> update(SiteBooking b, long expectedVersion) {
    return update(pool, b, expectedVersion);
  }

  public Future<Boolean> update(SqlClient client, SiteBooking b, long expectedVersion) {
    return client.preparedQuery("UPDATE site_bookings SET status = ?, expected_head_count = ?, version = ?, "
            + "updated_at = ? WHERE id = ? AND version = ?")
        .execute(Tuple.of(b.status().name(), b.expectedHeadCount(), b.version(), Columns.instant(clock.instant()),
            b.id(), expectedVersion))
        .map(result -> result.rowCount() == 1);
  }

  public Future<Optional<SiteBooking>> find(UUID id) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM site_bookings WHERE id = ?").execute(Tuple.of(id))
        .map(rows -> read(rows).stream().findFirst());
  }

  public Future<List<SiteBooking>> ofSession(UUID sessionId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM site_bookings WHERE session_id = ? ORDER BY created_at, id")
        .execute(Tuple.of(sessionId)).map(BookingStore::read);
  }

  private static List<SiteBooking> read(RowSet<Row> rows) {
    List<SiteBooking> bookings = new ArrayList<>();
    for (Row row : rows) {
      bookings.add(new SiteBooking(Columns.uuid(row, "id"), Columns.uuid(row, "session_id"),
          Columns.uuid(row, "site_id"), row.getInteger("expected_head_count"),
          SiteBooking.Status.valueOf(row.getString("status")), row.getString("screen_token_id"),
          row.getString("animator_token_id"), row.getLong("version")));
    }
    return bookings;
  }
}
