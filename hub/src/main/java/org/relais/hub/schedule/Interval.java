package org.relais.hub.schedule;

import java.time.Instant;

/** A half-open span of time [start, end). */
public record Interval(Instant start, Instant end) {
  public Interval {
    if (!end.isAfter(start)) {
      throw new IllegalArgumentException("end must be after start");
    }
  }

  public boolean overlaps(Interval other) {
    return start.isBefore(other.end) && other.start.isBefore(end);
  }
}
