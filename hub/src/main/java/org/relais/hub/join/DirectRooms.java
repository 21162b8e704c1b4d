package org.relais.hub.join;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.UUID;
import org.relais.protocol.JoinRole;

/**
 * What a join link needs to know of the built-in rooms: is a seat of its role free, which ICE servers, and
 * which of their candidates browsers may use.
 */
public interface DirectRooms {
  Future<Boolean> hasSeatFor(String roomId, String peerId, JoinRole role, UUID sessionId);

  JsonArray iceServers(String peerId);

  /** RTCConfiguration's {@code iceTransportPolicy}: {@code all} or {@code relay}. */
  String iceTransportPolicy();
}
