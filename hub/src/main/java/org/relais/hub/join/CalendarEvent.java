package org.relais.hub.join;

import java.time.Instant;
import java.util.List;
import org.relais.hub.schedule.Recurrence;

/** What a calendar file says about a class: one event, weekly when the session is a series. */
public record CalendarEvent(String uid, String title, String description, String location, String url,
    Instant start, Instant end, Recurrence recurrence, Instant lastStart) {

  public CalendarEvent {
    if (recurrence != null && lastStart == null) {
      throw new IllegalArgumentException("a series needs its last start");
    }
  }

  public List<String> weekdayCodes() {
    return recurrence == null ? List.of() : recurrence.codes();
  }
}
