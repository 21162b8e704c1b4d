package org.relais.hub.bookings;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.seats.Seats;

/** The seats of a session's built-in room as its bookings leave them: how many rooms are booked for it. */
public final class BookedSeats implements ScheduleService.CapacityRule {
  private final BookingStore store;
  private final Seats seats;

  public BookedSeats(BookingStore store, Seats seats) {
    this.store = store;
    this.seats = seats;
  }

  public Seats seats() {
    return seats;
  }

  /** Rooms booked (and not cancelled) for the session. */
  public Future<Integer> bookedRooms(UUID sessionId) {
    return store.ofSession(sessionId).map(bookings -> (int) bookings.stream()
        .filter(b -> b.status() == SiteBooking.Status.BOOKED).count());
  }

  @Override
  public Future<Void> check(Optional<UUID> sessionId, SessionDraft draft) {
    return sessionId.map(this::bookedRooms).orElse(Future.succeededFuture(0)).map(rooms -> {
      seats.requireFits(draft.videoMode(), draft.homeCapacity(), rooms, "homeCapacity");
      return null;
    });
  }
}
