package org.relais.hub.bookings;

import io.vertx.core.Future;
import io.vertx.sqlclient.SqlClient;
import java.time.ZoneId;
import java.util.List;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.ProblemException;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionStore;
import org.relais.protocol.SessionStatus;

/**
 * A room shows one class at a time, also when a class booked there changes its times or moves a sitting:
 * such a change is refused if another class booked in one of its rooms then has a sitting at the same time.
 */
public final class RoomClashes implements ScheduleService.RoomRule {
  private final BookingStore bookings;
  private final SessionStore sessions;
  private final CentreService centres;
  private final ZoneId zone;

  public RoomClashes(BookingStore bookings, SessionStore sessions, CentreService centres, ZoneId zone) {
    this.bookings = bookings;
    this.sessions = sessions;
    this.centres = centres;
    this.zone = zone;
  }

  @Override
  public Future<Void> check(SqlClient tx, Session session, List<Occurrence> sittings) {
    return bookings.sharingRooms(tx, session.id()).compose(others -> {
      Future<Void> checked = Future.succeededFuture();
      // One after the other: they share the transaction's connection.
      for (SiteBooking other : others) {
        checked = checked.compose(free -> sessions.find(tx, other.sessionId())).compose(found -> {
          Session booked = found.filter(s -> s.status() != SessionStatus.CANCELLED).orElse(null);
          if (booked == null) {
            return Future.<Void>succeededFuture();
          }
          return sessions.released(tx, List.of(booked.id())).compose(released -> Occurrences.firstClash(sittings,
                  released.holding(booked, Occurrences.all(booked, zone), zone))
              .map(clash -> centres.site(other.siteId()).<Void>map(room -> {
                ProblemException conflict = ProblemException.conflict("start", "The room \"" + room.name()
                    + "\" is booked for \"" + booked.draft().title() + "\" at that time");
                throw new ProblemException(conflict.problem().with("room", room.name())
                    .with("otherSessionId", booked.id().toString()).with("otherTitle", booked.draft().title())
                    .with("at", clash.start().toString()));
              }))
              .orElse(Future.succeededFuture()));
        });
      }
      return checked;
    });
  }
}
