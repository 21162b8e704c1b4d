package org.relais.hub.sites;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.relais.protocol.Addresses;

/**
 * Which relay-sites are connected, in Vert.x shared data (clustered when the hub is), so every node's
 * console sees every site. An entry lives as long as its heartbeats keep coming: if the node holding
 * the link dies, the entry expires by itself after the silence limit. Each site coming online or going
 * offline is published on {@link Addresses#sitePresenceChanged()}, and noted in its {@link SiteSightings}.
 */
public final class SitePresence {
  static final String MAP = "relais.sites.online";

  /** A connected site: through which socket, since when, last heard of when, running which version. */
  public record Online(String socketId, Instant since, Instant lastSeen, String version, int pending) {
    JsonObject toJson() {
      return new JsonObject().put("socketId", socketId).put("since", since.toEpochMilli())
          .put("lastSeen", lastSeen.toEpochMilli()).put("version", version).put("pending", pending);
    }

    static Online fromJson(JsonObject json) {
      return new Online(json.getString("socketId"), Instant.ofEpochMilli(json.getLong("since")),
          Instant.ofEpochMilli(json.getLong("lastSeen")), json.getString("version"), json.getInteger("pending", 0));
    }
  }

  private final Vertx vertx;
  private final Duration silenceLimit;
  private final SiteSightings sightings;
  private final Clock clock;

  public SitePresence(Vertx vertx, Duration silenceLimit, SiteSightings sightings, Clock clock) {
    this.vertx = vertx;
    this.silenceLimit = silenceLimit;
    this.sightings = sightings;
    this.clock = clock;
  }

  Future<Void> connected(UUID siteId, String socketId, String version) {
    Instant now = clock.instant();
    return put(siteId, new Online(socketId, now, now, version, 0))
        .onSuccess(done -> sightings.seen(siteId, version, now).onComplete(noted -> changed(siteId)));
  }

  /** Refreshes the site's entry if this socket still holds it; answers whether it did. */
  Future<Boolean> heard(UUID siteId, String socketId, int pending) {
    return get(siteId).compose(found -> found.filter(online -> online.socketId().equals(socketId))
        .map(online -> {
          Instant now = clock.instant();
          sightings.heard(siteId, online.version(), now);
          return put(siteId, new Online(socketId, online.since(), now, online.version(), pending)).map(true);
        })
        .orElse(Future.succeededFuture(false)));
  }

  /** Removes the site's entry if this socket holds it (a newer link may have taken over already). */
  Future<Boolean> disconnected(UUID siteId, String socketId) {
    // removeIfPresent compares whole values: read the current one, remove it only if it is this socket's.
    return map().compose(map -> map.get(siteId.toString()).compose(current -> current != null
        && socketId.equals(current.getString("socketId"))
        ? map.removeIfPresent(siteId.toString(), current).onSuccess(removed -> {
          if (removed) {
            sightings.seen(siteId, current.getString("version"), clock.instant()).onComplete(noted -> {
              sightings.forget(siteId);
              changed(siteId);
            });
          }
        }) : Future.succeededFuture(false)));
  }

  /** Every site online now, by id: one read of the shared map, whatever the number of sites. */
  public Future<Map<UUID, Online>> all() {
    Instant now = clock.instant();
    return map().compose(map -> map.entries()).map(entries -> {
      Map<UUID, Online> online = new HashMap<>();
      entries.forEach((id, json) -> {
        Online entry = Online.fromJson(json);
        if (entry.lastSeen().plus(silenceLimit).isAfter(now)) {
          online.put(UUID.fromString(id), entry);
        }
      });
      return online;
    });
  }

  private void changed(UUID siteId) {
    vertx.eventBus().publish(Addresses.sitePresenceChanged(), siteId.toString());
  }

  public Future<Optional<Online>> get(UUID siteId) {
    return map().compose(map -> map.get(siteId.toString()))
        .map(json -> Optional.ofNullable(json).map(Online::fromJson)
            .filter(online -> online.lastSeen().plus(silenceLimit).isAfter(clock.instant())));
  }

  private Future<Void> put(UUID siteId, Online online) {
    return map().compose(map -> map.put(siteId.toString(), online.toJson(), silenceLimit.toMillis()));
  }

  private Future<AsyncMap<String, JsonObject>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }
}
