package org.relais.hub.join;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;

/** What a join link needs to know of the built-in rooms: is there room for one more, and which ICE servers. */
public interface DirectRooms {
  Future<Boolean> hasRoomFor(String roomId, String peerId);

  JsonArray iceServers(String peerId);
}
