package org.relais.hub.network;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/**
 * The network's figures read for a whole week at once, one query each, whatever the number of classes: the
 * families registered per class, the rooms booked for them, the classes booked per room. A read model over
 * the registrations' and bookings' tables; nothing here writes.
 */
public final class NetworkStore {
  /** Families of a class: confirmed, and on its waiting list. */
  record Families(int confirmed, int waiting) {
    static final Families NONE = new Families(0, 0);
  }

  /** A room booked for a class. */
  record BookedRoom(UUID sessionId, UUID siteId, String siteName, String centreName) {}

  /** A centre of the network, for the filter. */
  record CentreName(UUID id, String name) {}

  private final Pool pool;

  public NetworkStore(Pool pool) {
    this.pool = pool;
  }

  Future<List<CentreName>> centres() {
    return pool.query("SELECT id, name FROM centres ORDER BY name").execute().map(rows -> {
      List<CentreName> centres = new ArrayList<>();
      for (Row row : rows) {
        centres.add(new CentreName(Columns.uuid(row, "id"), row.getString("name")));
      }
      return centres;
    });
  }

  /** Families of each class with a sitting that may fall in [from, to). */
  Future<Map<UUID, Families>> families(Instant from, Instant to) {
    return pool.preparedQuery("SELECT r.session_id, r.status, COUNT(*) AS n FROM registrations r"
            + " JOIN sessions s ON s.id = r.session_id WHERE s.start_at < ? AND s.series_end_at > ?"
            + " AND r.status IN ('CONFIRMED', 'WAITLISTED') GROUP BY r.session_id, r.status")
        .execute(Tuple.of(Columns.instant(to), Columns.instant(from)))
        .map(rows -> {
          Map<UUID, Families> families = new HashMap<>();
          for (Row row : rows) {
            int n = ((Number) row.getValue("n")).intValue();
            boolean confirmed = "CONFIRMED".equals(row.getString("status"));
            families.merge(Columns.uuid(row, "session_id"), confirmed ? new Families(n, 0) : new Families(0, n),
                (a, b) -> new Families(a.confirmed() + b.confirmed(), a.waiting() + b.waiting()));
          }
          return families;
        });
  }

  /** Rooms booked for each class with a sitting that may fall in [from, to), in centre and room order. */
  Future<List<BookedRoom>> bookedRooms(Instant from, Instant to) {
    return pool.preparedQuery("SELECT b.session_id, b.site_id, st.name AS site_name, c.name AS centre_name"
            + " FROM site_bookings b JOIN sessions s ON s.id = b.session_id"
            + " JOIN sites st ON st.id = b.site_id JOIN centres c ON c.id = st.centre_id"
            + " WHERE b.status = 'BOOKED' AND s.start_at < ? AND s.series_end_at > ?"
            + " ORDER BY c.name, st.name")
        .execute(Tuple.of(Columns.instant(to), Columns.instant(from)))
        .map(rows -> {
          List<BookedRoom> rooms = new ArrayList<>();
          for (Row row : rows) {
            rooms.add(new BookedRoom(Columns.uuid(row, "session_id"), Columns.uuid(row, "site_id"),
                row.getString("site_name"), row.getString("centre_name")));
          }
          return rooms;
        });
  }
}
