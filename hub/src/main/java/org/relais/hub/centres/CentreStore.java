package org.relais.hub.centres;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;
import org.relais.hub.storage.Cursor;
import org.relais.hub.storage.Page;

/** Centres and their sites (rooms). */
public final class CentreStore {
  private static final String CENTRE_COLUMNS =
      "id, name, kind, address, postcode, city, latitude, longitude, phone, accessibility, version";
  private static final String SITE_COLUMNS = "id, centre_id, name, capacity, equipment, version";

  private final Pool pool;
  private final Clock clock;

  public CentreStore(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Future<Void> insert(Centre c) {
    Object now = Columns.instant(clock.instant());
    return pool.preparedQuery("INSERT INTO centres (" + CENTRE_COLUMNS + ", created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(c.id(), c.name(), c.kind().name(), c.address(), c.postcode(),
            c.city(), c.latitude(), c.longitude(), c.phone(),
            c.accessibility(), c.version(), now, now))
        .mapEmpty();
  }

  public Future<Boolean> update(Centre c, long expectedVersion) {
    return pool.preparedQuery("""
            UPDATE centres SET name = ?, kind = ?, address = ?, postcode = ?, city = ?, latitude = ?, longitude = ?,
              phone = ?, accessibility = ?, version = ?, updated_at = ?
            WHERE id = ? AND version = ?""")
        .execute(Tuple.of(c.name(), c.kind().name(), c.address(), c.postcode(),
            c.city(), c.latitude(), c.longitude(), c.phone(),
            c.accessibility(), c.version(), Columns.instant(clock.instant()), c.id(), expectedVersion))
        .map(result -> result.rowCount() == 1);
  }

  public Future<Boolean> delete(UUID id) {
    return pool.preparedQuery("DELETE FROM centres WHERE id = ?").execute(Tuple.of(id))
        .map(result -> result.rowCount() == 1);
  }

  public Future<Optional<Centre>> find(UUID id) {
    return pool.preparedQuery("SELECT " + CENTRE_COLUMNS + " FROM centres WHERE id = ?").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(centre(rows.iterator().next())));
  }

  /** Centres in name order, {@code limit} at a time. */
  public Future<Page<Centre>> list(int limit, String cursor) {
    List<String> after = cursor == null ? List.of("", new UUID(0, 0).toString()) : Cursor.decode(cursor, 2);
    return pool.preparedQuery("SELECT " + CENTRE_COLUMNS + " FROM centres "
            + "WHERE name > ? OR (name = ? AND id > ?) ORDER BY name, id LIMIT ?")
        .execute(Tuple.of(after.get(0), after.get(0), Cursor.uuid(after.get(1)), limit + 1))
        .map(rows -> {
          List<Centre> centres = new ArrayList<>();
          rows.forEach(row -> centres.add(centre(row)));
          if (centres.size() <= limit) {
            return new Page<>(centres, null);
          }
          Centre last = centres.get(limit - 1);
          return new Page<>(centres.subList(0, limit), Cursor.encode(last.name(), last.id().toString()));
        });
  }

  public Future<Void> insertSite(Site s) {
    Object now = Columns.instant(clock.instant());
    return pool.preparedQuery("INSERT INTO sites (" + SITE_COLUMNS + ", created_at, updated_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(s.id(), s.centreId(), s.name(), s.capacity(), s.equipment(),
            s.version(), now, now))
        .mapEmpty();
  }

  public Future<Boolean> updateSite(Site s, long expectedVersion) {
    return pool.preparedQuery("""
            UPDATE sites SET name = ?, capacity = ?, equipment = ?, version = ?, updated_at = ?
            WHERE id = ? AND version = ?""")
        .execute(Tuple.of(s.name(), s.capacity(), s.equipment(), s.version(),
            Columns.instant(clock.instant()), s.id(), expectedVersion))
        .map(result -> result.rowCount() == 1);
  }

  public Future<Boolean> deleteSite(UUID id) {
    return pool.preparedQuery("DELETE FROM sites WHERE id = ?").execute(Tuple.of(id))
        .map(result -> result.rowCount() == 1);
  }

  public Future<Optional<Site>> findSite(UUID id) {
    return pool.preparedQuery("SELECT " + SITE_COLUMNS + " FROM sites WHERE id = ?").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(site(rows.iterator().next())));
  }

  public Future<List<Site>> sitesOf(UUID centreId) {
    return pool.preparedQuery("SELECT " + SITE_COLUMNS + " FROM sites WHERE centre_id = ? ORDER BY name, id")
        .execute(Tuple.of(centreId))
        .map(rows -> {
          List<Site> sites = new ArrayList<>();
          rows.forEach(row -> sites.add(site(row)));
          return sites;
        });
  }

  private static Centre centre(Row row) {
    return new Centre(Columns.uuid(row, "id"), row.getString("name"), CentreKind.valueOf(row.getString("kind")),
        row.getString("address"), row.getString("postcode"), row.getString("city"), row.getDouble("latitude"),
        row.getDouble("longitude"), row.getString("phone"), row.getString("accessibility"), row.getLong("version"));
  }

  private static Site site(Row row) {
    return new Site(Columns.uuid(row, "id"), Columns.uuid(row, "centre_id"), row.getString("name"),
        row.getInteger("capacity"), row.getString("equipment"), row.getLong("version"));
  }
}
