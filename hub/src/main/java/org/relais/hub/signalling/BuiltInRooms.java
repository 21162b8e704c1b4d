package org.relais.hub.signalling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import org.relais.hub.join.DirectRooms;

/** The built-in rooms as join links see them: their size limit and their ICE servers. */
public final class BuiltInRooms implements DirectRooms {
  private final RoomPresence presence;
  private final IceServers iceServers;
  private final int maxPeers;

  public BuiltInRooms(RoomPresence presence, IceServers iceServers, int maxPeers) {
    this.presence = presence;
    this.iceServers = iceServers;
    this.maxPeers = maxPeers;
  }

  @Override
  public Future<Boolean> hasRoomFor(String roomId, String peerId) {
    return presence.hasRoomFor(roomId, peerId, maxPeers);
  }

  @Override
  public JsonArray iceServers(String peerId) {
    return iceServers.forPeer(peerId);
  }
}
