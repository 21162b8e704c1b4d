package org.relais.hub.schedule;

import java.time.Instant;

/** One sitting of a session: the session, with this sitting's own start and end. */
public record Occurrence(Session session, Instant start, Instant end) implements Comparable<Occurrence> {

  /** Schedule order: by start, then by session id so equal starts keep a stable order across pages. */
  @Override
  public int compareTo(Occurrence other) {
    int byStart = start.compareTo(other.start);
    return byStart != 0 ? byStart : session.id().compareTo(other.session.id());
  }

  public Interval interval() {
    return new Interval(start, end);
  }
}
