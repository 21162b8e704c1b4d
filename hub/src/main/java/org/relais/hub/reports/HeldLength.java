package org.relais.hub.reports;

import java.time.Duration;
import java.time.Instant;

/**
 * The length a family's time is measured against: the sitting's planned length or, when its instructor ended it
 * sooner than planned after it started, the time it was held (a minute at the least), so that a family that
 * stayed to the end of a class cut short counts as present.
 */
final class HeldLength {
  private static final long MIN_SECONDS = 60;
  private static final String PLANNED = "(EXTRACT(EPOCH FROM s.end_at) - EXTRACT(EPOCH FROM s.start_at))";
  private static final String HELD = "(EXTRACT(EPOCH FROM st.ended_at) - EXTRACT(EPOCH FROM st.started_at))";
  /** The same in seconds, as SQL over the sitting's class {@code s} and its row {@code st} of {@code sittings}. */
  static final String SQL = "CASE WHEN st.started_at IS NOT NULL AND st.ended_at IS NOT NULL AND " + HELD + " < "
      + PLANNED + " THEN GREATEST(" + HELD + ", " + MIN_SECONDS + ") ELSE " + PLANNED + " END";

  private HeldLength() {}

  static Duration of(Duration planned, Instant started, Instant ended) {
    if (started == null || ended == null) {
      return planned;
    }
    Duration held = Duration.between(started, ended);
    return held.compareTo(planned) < 0 ? held.compareTo(Duration.ofSeconds(MIN_SECONDS)) < 0
        ? Duration.ofSeconds(MIN_SECONDS) : held : planned;
  }
}
