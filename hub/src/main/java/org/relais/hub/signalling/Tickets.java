package org.relais.hub.signalling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;

/**
 * Short-lived, single-use tickets that open a bridge socket, so the long-lived join token never sits in
 * a WebSocket URL. Kept in Vert.x shared data (clustered when the hub is), so a ticket issued by one
 * node opens a socket on another; redeeming removes it.
 */
public final class Tickets {
  private static final SecureRandom RANDOM = new SecureRandom();
  static final String MAP = "relais.bridge.tickets";
  private static final String ROOMS = "rooms";

  private final Vertx vertx;
  private final Duration ttl;
  private final Clock clock;

  public Tickets(Vertx vertx, Duration ttl, Clock clock) {
    this.vertx = vertx;
    this.ttl = ttl;
    this.clock = clock;
  }

  public Duration ttl() {
    return ttl;
  }

  /** Issues a ticket and describes it as the API hands it out: what to open, and as whom in which room. */
  public Future<JsonObject> describedTicket(Admission admission, String bridgeUrl) {
    return describedGrant(ROOMS, admission.toJson(), bridgeUrl).map(described -> described
        .put("room", admission.roomId())
        .put("peerId", admission.peerId()));
  }

  /** Issues a ticket to the bridge named {@code bridge}, carrying {@code grant}, and says how to use it. */
  public Future<JsonObject> describedGrant(String bridge, JsonObject grant, String bridgeUrl) {
    Instant expiresAt = clock.instant().plus(ttl);
    byte[] raw = new byte[24];
    RANDOM.nextBytes(raw);
    String ticket = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    JsonObject stored = grant.copy().put("bridge", bridge).put("expiresAt", expiresAt.toEpochMilli());
    // The map's own expiry only cleans up; validity is judged by the hub's clock when redeemed.
    return map().compose(map -> map.put(ticket, stored, ttl.multipliedBy(2).toMillis()))
        .map(done -> new JsonObject()
            .put("ticket", ticket)
            .put("expiresAt", expiresAt.toString())
            .put("url", bridgeUrl + "?ticket=" + ticket));
  }

  /** The admission of a ticket, once: a second redeem of the same ticket finds nothing. */
  public Future<Optional<Admission>> redeem(String ticket) {
    return redeemGrant(ROOMS, ticket).map(found -> found.map(Admission::fromJson));
  }

  /** The grant of a ticket to {@code bridge}, once; a ticket to another bridge is used up and refused. */
  public Future<Optional<JsonObject>> redeemGrant(String bridge, String ticket) {
    if (ticket == null || ticket.length() != 32) {
      return Future.succeededFuture(Optional.empty());
    }
    return map().compose(map -> map.remove(ticket)).map(found -> Optional.ofNullable(found)
        .filter(stored -> bridge.equals(stored.getString("bridge")))
        .filter(stored -> clock.millis() < stored.getLong("expiresAt", 0L)));
  }

  private Future<AsyncMap<String, JsonObject>> map() {
    return vertx.sharedData().getAsyncMap(MAP);
  }
}
