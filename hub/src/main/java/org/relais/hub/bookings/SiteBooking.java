package org.relais.hub.bookings;

import java.util.UUID;
import org.relais.hub.validation.Checks;

/** A centre's booking of a session for one of its rooms, with the join links of the room's screen and animator. */
public record SiteBooking(UUID id, UUID sessionId, UUID siteId, int expectedHeadCount, Status status,
    String screenTokenId, String animatorTokenId, long version) {

  public enum Status { BOOKED, CANCELLED }

  public SiteBooking {
    Checks.required("siteId", siteId);
    Checks.range("expectedHeadCount", expectedHeadCount, 1, 1000);
  }

  public SiteBooking cancelled() {
    return new SiteBooking(id, sessionId, siteId, expectedHeadCount, Status.CANCELLED, screenTokenId,
        animatorTokenId, version + 1);
  }
}
