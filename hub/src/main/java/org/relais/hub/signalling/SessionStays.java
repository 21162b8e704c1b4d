package org.relais.hub.signalling;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.SubjectKind;

/**
 * Turns presence in a session's built-in room into attendance: a stay per link holder (a family's
 * registration, a room's booking, the instructor) and sitting, begun when the holder enters and ended
 * when its last socket leaves. A help call's room is no session's and makes no stay.
 */
public final class SessionStays {
  private final SessionRooms rooms;
  private final Function<UUID, Future<String>> roomOf;
  private final RoomPresence presence;
  private final Attendance attendance;
  private final ZoneId zone;
  private final Consumer<UUID> changed;
  private final Clock clock;

  /**
   * {@code roomOf} names a session's room; {@code changed} hears of each session whose stays changed (its
   * live figures).
   */
  public SessionStays(SessionRooms rooms, Function<UUID, Future<String>> roomOf, RoomPresence presence,
      Attendance attendance, ZoneId zone, Consumer<UUID> changed, Clock clock) {
    this.rooms = rooms;
    this.roomOf = roomOf;
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

  /** Sweeps as often as a room's entries expire; answers the timer's id. */
  public long scheduleSweeps(Vertx vertx) {
    return vertx.setPeriodic(RoomPresence.ENTRY_TTL.toMillis(), tick -> sweep());
  }

  /**
   * Ends the stays of holders no longer in their room whose socket never said so: their node died, and
   * their entry expired. Every node may sweep; a stay ends once. Answers how many it ended.
   */
  public Future<Integer> sweep() {
    return attendance.goingOn(Attendance.Source.ROOM).compose(open -> {
      List<Future<Boolean>> ended = open.stream().map(stay -> roomOf.apply(stay.sessionId())
          .compose(room -> presence.members(room))
          .compose(members -> members.stream().anyMatch(present -> present.peer().id().equals(stay.occupant()))
              ? Future.succeededFuture(false)
              : attendance.left(stay, clock.instant()).onSuccess(done -> changed.accept(stay.sessionId())))
          .otherwise(false))
          .toList();
      return Future.join(ended).map(done -> (int) ended.stream().filter(f -> f.result()).count());
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
