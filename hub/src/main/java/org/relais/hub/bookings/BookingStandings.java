package org.relais.hub.bookings;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.join.JoinSubjects;

/** Where a room's screen and animator links stand: open while the booking holds. */
public final class BookingStandings implements JoinSubjects.Source {
  private final BookingStore store;

  public BookingStandings(BookingStore store) {
    this.store = store;
  }

  @Override
  public Future<Optional<JoinSubjects.Standing>> find(UUID id) {
    return store.find(id).map(found -> found.map(b -> new JoinSubjects.Standing(b.sessionId(),
        b.status() == SiteBooking.Status.BOOKED, false, null)));
  }
}
