package org.relais.hub.schedule;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.relais.protocol.SittingState;

/**
 * One sitting of a session with its state: the date it falls on in the schedule's zone (which names it in
 * the API), its times, and when the instructor started and ended it. Its doors are open from 15 minutes
 * before the start, or as soon as the instructor starts it, until it is ended (or 30 minutes after the
 * end, for a sitting nobody ended).
 */
public record SessionSitting(Occurrence occurrence, LocalDate date, SittingState state, Instant startedAt,
    Instant endedAt, long version) {
  public static final Duration OPENS_BEFORE = Duration.ofMinutes(15);
  public static final Duration CLOSES_AFTER = Duration.ofMinutes(30);

  public Session session() {
    return occurrence.session();
  }

  public Instant start() {
    return occurrence.start();
  }

  public Instant end() {
    return occurrence.end();
  }

  /** When the doors open: 15 minutes before the start, or earlier if the instructor started it earlier. */
  public Instant opensAt() {
    Instant usual = start().minus(OPENS_BEFORE);
    return startedAt != null && startedAt.isBefore(usual) ? startedAt : usual;
  }

  /** When the doors close, or closed: when it was ended, else 30 minutes after its end. */
  public Instant closesAt() {
    Instant usual = end().plus(CLOSES_AFTER);
    return endedAt != null && endedAt.isBefore(usual) ? endedAt : usual;
  }

  public boolean isOpenAt(Instant now) {
    return switch (state) {
      case LIVE -> now.isBefore(closesAt());
      case SCHEDULED -> !now.isBefore(opensAt()) && now.isBefore(closesAt());
      case ENDED, CANCELLED -> false;
    };
  }

  /** Whether it is over or called off at {@code now}: nothing more will happen on this sitting. */
  public boolean isDoneAt(Instant now) {
    return state.isFinal() || !now.isBefore(closesAt());
  }
}
