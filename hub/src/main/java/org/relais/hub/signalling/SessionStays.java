package org.relais.hub.signalling;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.ZoneId;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.SubjectKind;

/**
 * Turns presence in a session's built-in room into attendance: a stay per link holder (a family's
 * registration, a room's booking, the instructor) and sitting, begun when the holder enters and ended
 * when its last socket leaves. A help call's room is no session's and makes no stay.
 */
public final class SessionStays {
  private final SessionRooms rooms;
  private final RoomPresence presence;
  private final Attendance attendance;
  private final ZoneId zone;
  private final Consumer<UUID> changed;
  private final Clock clock;

  /** {@code changed} hears of each session whose stays changed (its live figures). */
  public SessionStays(SessionRooms rooms, RoomPresence presence, Attendance attendance, ZoneId zone,
      Consumer<UUID> changed, Clock clock) {
    this.rooms = rooms;
    this.presence = presence;
    this.attendance = attendance;
    this.zone = zone;
    this.changed = changed;
    this.clock = clock;
  }

  /** The admission's holder is in: its stay begins, or goes on if it left moments ago. */
  Future<Optional<Attendance.Stay>> entered(Admission admission) {
    if (admission.isHelpCall() || admission.joinToken() == null) {
      return Future.succeededFuture(Optional.empty());
    }
    return rooms.view(admission).compose(view -> {
      Attendance.Stay stay = new Attendance.Stay(view.session().id(),
          view.window().sitting().start().atZone(zone).toLocalDate(), SubjectKind.of(view.claims().role()),
          view.claims().subjectId(), Attendance.Source.ROOM, admission.peerId());
      return attendance.joined(stay, clock.instant()).map(begun -> {
        changed.accept(stay.sessionId());
        return Optional.of(stay);
      });
    });
  }

  /**
   * The holder's last socket has left the room: its stay ends now (and goes on if it is back soon). A
   * newer socket of the holder may have entered, on any node, while the stay was being ended: whoever
   * is in the room once it has ended has their stay going on again.
   */
  Future<Boolean> left(Attendance.Stay stay, String roomId) {
    return attendance.left(stay, clock.instant())
        .compose(ended -> presence.members(roomId).compose(members -> members.stream()
            .anyMatch(present -> present.peer().id().equals(stay.occupant()))
            ? attendance.joined(stay, clock.instant()).map(ended) : Future.succeededFuture(ended)))
        .onSuccess(ended -> changed.accept(stay.sessionId()));
  }
}
