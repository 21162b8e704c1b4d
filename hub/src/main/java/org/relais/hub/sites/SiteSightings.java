package org.relais.hub.sites;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.relais.hub.storage.Columns;
import org.relais.hub.storage.SqlErrors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When each relay-site was last heard of and which version it runs, kept in the database so that an offline
 * site still says since when it is silent. Written when a site links and unlinks, and at most once a
 * {@link #EVERY} while its heartbeats keep coming: never a write per heartbeat.
 */
public final class SiteSightings {
  private static final Logger LOG = LoggerFactory.getLogger(SiteSightings.class);
  static final Duration EVERY = Duration.ofMinutes(1);

  /** A room with a relay-site (a live link credential): where it is, and when it was last heard of. */
  public record RelaySite(UUID siteId, String siteName, UUID centreId, String centreName, String version,
      Instant lastSeen) {}

  private final Pool pool;
  /** When this node last wrote each site's sighting. */
  private final Map<UUID, Instant> written = new ConcurrentHashMap<>();

  public SiteSightings(Pool pool) {
    this.pool = pool;
  }

  /** The site was heard of now: written at once. A failed write is logged, never the link's failure. */
  Future<Void> seen(UUID siteId, String version, Instant at) {
    written.put(siteId, at);
    return write(siteId, version, at).recover(e -> {
      LOG.warn("Could not note when relay-site {} was seen", siteId, e);
      return Future.succeededFuture();
    });
  }

  /** A heartbeat: written if this node has not written the site's sighting for a while. */
  void heard(UUID siteId, String version, Instant at) {
    Instant last = written.get(siteId);
    if (last == null || !at.isBefore(last.plus(EVERY))) {
      seen(siteId, version, at);
    }
  }

  void forget(UUID siteId) {
    written.remove(siteId);
  }

  private Future<Void> write(UUID siteId, String version, Instant at) {
    Tuple values = Tuple.of(version, Columns.instant(at), siteId);
    return pool.preparedQuery("UPDATE site_sightings SET version = ?, last_seen_at = ? WHERE site_id = ?")
        .execute(values)
        .compose(updated -> updated.rowCount() == 1 ? Future.<Void>succeededFuture()
            : pool.preparedQuery("INSERT INTO site_sightings (version, last_seen_at, site_id) VALUES (?, ?, ?)")
                .execute(values).<Void>mapEmpty()
                // Another node wrote the first sighting meanwhile: theirs is as good.
                .recover(failure -> SqlErrors.isUniqueViolation(failure) ? Future.succeededFuture()
                    : Future.failedFuture(failure)));
  }

  /** Every room of the network with a relay-site enrolled, with its last sighting (null: never linked). */
  public Future<List<RelaySite>> relaySites() {
    return pool.query("SELECT s.id, s.name, s.centre_id, c.name AS centre_name, g.version, g.last_seen_at"
            + " FROM sites s JOIN centres c ON c.id = s.centre_id"
            + " LEFT JOIN site_sightings g ON g.site_id = s.id"
            + " WHERE EXISTS (SELECT 1 FROM site_credentials k WHERE k.site_id = s.id AND k.kind = 'LINK'"
            + " AND k.revoked_at IS NULL)")
        .execute()
        .map(rows -> {
          List<RelaySite> sites = new ArrayList<>();
          for (Row row : rows) {
            sites.add(new RelaySite(Columns.uuid(row, "id"), row.getString("name"), Columns.uuid(row, "centre_id"),
                row.getString("centre_name"), row.getString("version"), Columns.instant(row, "last_seen_at")));
          }
          return sites;
        });
  }
}
