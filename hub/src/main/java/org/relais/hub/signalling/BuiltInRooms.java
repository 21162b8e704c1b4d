package org.relais.hub.signalling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.join.DirectRooms;
import org.relais.hub.seats.Seats;
import org.relais.protocol.JoinRole;

/** The built-in rooms as join links see them: their seats, by role, and their ICE servers. */
public final class BuiltInRooms implements DirectRooms {
  private final RoomPresence presence;
  private final IceServers iceServers;
  private final Seats seats;
  private final Function<UUID, Future<Integer>> bookedRooms;

  /** {@code bookedRooms}: how many rooms at centres are booked for a session, each holding seats. */
  public BuiltInRooms(RoomPresence presence, IceServers iceServers, Seats seats,
      Function<UUID, Future<Integer>> bookedRooms) {
    this.presence = presence;
    this.iceServers = iceServers;
    this.seats = seats;
    this.bookedRooms = bookedRooms;
  }

  @Override
  public Future<Boolean> hasSeatFor(String roomId, String peerId, JoinRole role, UUID sessionId) {
    return claim(role, sessionId).compose(claim -> presence.hasSeat(roomId, peerId, claim));
  }

  /** The seats a holder of {@code role} competes for in the session's room. */
  public Future<RoomPresence.SeatClaim> claim(JoinRole role, UUID sessionId) {
    return bookedRooms.apply(sessionId).map(rooms -> new RoomPresence.SeatClaim(role.name(),
        seats.forRole(role, rooms)));
  }

  @Override
  public JsonArray iceServers(String peerId) {
    return iceServers.forPeer(peerId);
  }

  @Override
  public String iceTransportPolicy() {
    return iceServers.transportPolicy();
  }
}
