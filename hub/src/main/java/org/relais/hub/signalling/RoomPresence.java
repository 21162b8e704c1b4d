package org.relais.hub.signalling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.time.Duration;
import java.util.List;
import org.relais.protocol.room.RoomMessage;

/**
 * Who is in each built-in room, in Vert.x shared data (a clustered map when the hub is clustered, so
 * every node sees the same rooms). Entries expire unless refreshed, so the peers of a node that died
 * leave by themselves.
 */
public final class RoomPresence {
  static final Duration ENTRY_TTL = Duration.ofSeconds(90);
  private static final String MAP_PREFIX = "relais.room.presence.";
  private static final String LOCK_PREFIX = "relais.room.seats.";
  private static final Duration LOCK_WAIT = Duration.ofSeconds(5);

  /**
   * The seats a newcomer competes for: those of its {@code role} ({@code null}: everyone's), of which the
   * room has {@code seats}.
   */
  public record SeatClaim(String role, int seats) {
    public static SeatClaim anyOf(int seats) {
      return new SeatClaim(null, seats);
    }

    boolean isFree(List<Present> members, String peerId) {
      return members.stream().anyMatch(p -> p.peer().id().equals(peerId))
          || members.stream().filter(p -> role == null || role.equals(p.peer().role())).count() < seats;
    }
  }

  /** A peer as stored: how others see it, and which socket holds it now. */
  public record Present(RoomMessage.Peer peer, String socketId) {
    JsonObject toJson() {
      return new JsonObject().put("id", peer.id()).put("name", peer.name()).put("role", peer.role())
          .put("socket", socketId);
    }

    static Present fromJson(JsonObject json) {
      return new Present(new RoomMessage.Peer(json.getString("id"), json.getString("name"), json.getString("role")),
          json.getString("socket"));
    }
  }

  private final Vertx vertx;

  public RoomPresence(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<List<Present>> members(String roomId) {
    return map(roomId).compose(AsyncMap::values)
        .map(values -> values.stream().map(Present::fromJson).toList());
  }

  /** Whether {@code peerId} may come in: already there (a reconnection), or a seat of its kind is free. */
  public Future<Boolean> hasSeat(String roomId, String peerId, SeatClaim claim) {
    return members(roomId).map(members -> claim.isFree(members, peerId));
  }

  /**
   * Puts {@code present} in the room if a seat of its kind is free there (or it is already in, from an
   * older socket); answers whether it did. One entry at a time per room, on every node, so that two
   * newcomers never both take the last seat.
   */
  public Future<Boolean> enter(String roomId, Present present, SeatClaim claim) {
    return vertx.sharedData().getLockWithTimeout(LOCK_PREFIX + roomId, LOCK_WAIT.toMillis())
        .compose(lock -> map(roomId).compose(map -> map.values().compose(values -> {
          List<Present> members = values.stream().map(Present::fromJson).toList();
          if (!claim.isFree(members, present.peer().id())) {
            return Future.succeededFuture(false);
          }
          return map.put(present.peer().id(), present.toJson(), ENTRY_TTL.toMillis()).map(true);
        })).andThen(done -> lock.release()));
  }

  /** Keeps a present peer from expiring. */
  public Future<Void> refresh(String roomId, Present present) {
    return map(roomId).compose(map -> map.put(present.peer().id(), present.toJson(), ENTRY_TTL.toMillis()));
  }

  /** Takes the peer out, unless a newer socket holds it by now; answers whether it did. */
  public Future<Boolean> leave(String roomId, Present present) {
    return map(roomId).compose(map -> map.removeIfPresent(present.peer().id(), present.toJson()));
  }

  private Future<AsyncMap<String, JsonObject>> map(String roomId) {
    return vertx.sharedData().getAsyncMap(MAP_PREFIX + roomId);
  }
}
