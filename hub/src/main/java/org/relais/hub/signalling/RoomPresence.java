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

  /** Whether {@code peerId} may come in: already there (a reconnection), or the room is not full. */
  public Future<Boolean> hasRoomFor(String roomId, String peerId, int maxPeers) {
    return map(roomId).compose(map -> map.get(peerId).compose(present -> present != null
        ? Future.succeededFuture(true) : map.size().map(size -> size < maxPeers)));
  }

  /** Puts {@code present} in the room; answers the socket it replaced, if the peer was already there. */
  public Future<String> enter(String roomId, Present present) {
    return map(roomId).compose(map -> map.get(present.peer().id()).compose(before -> map
        .put(present.peer().id(), present.toJson(), ENTRY_TTL.toMillis())
        .map(done -> before == null ? null : Present.fromJson(before).socketId())));
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
