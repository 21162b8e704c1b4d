package org.relais.hub.join;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionSitting;

/**
 * When a sitting's doors are open: from 15 minutes before it starts (or as soon as the instructor starts
 * it) until it is ended, else 30 minutes after it ends.
 */
public record JoinWindow(Occurrence sitting, Instant opensAt, Instant closesAt) {
  public static final Duration OPENS_BEFORE = SessionSitting.OPENS_BEFORE;
  public static final Duration CLOSES_AFTER = SessionSitting.CLOSES_AFTER;

  public static JoinWindow of(Occurrence sitting) {
    return new JoinWindow(sitting, sitting.start().minus(OPENS_BEFORE), sitting.end().plus(CLOSES_AFTER));
  }

  public static JoinWindow of(SessionSitting sitting) {
    return new JoinWindow(sitting.occurrence(), sitting.opensAt(), sitting.closesAt());
  }

  /** The sitting whose doors open at its usual time now, or the next one; empty when the last has closed. */
  public static Optional<JoinWindow> current(Session session, ZoneId zone, Instant now) {
    return Occurrences.all(session, zone).stream().map(JoinWindow::of)
        .filter(window -> window.closesAt().isAfter(now)).findFirst();
  }

  /** The span a join token is valid for: from the first sitting's opening to the last one's closing. */
  public static JoinWindow whole(Session session, ZoneId zone) {
    List<Occurrence> sittings = Occurrences.all(session, zone);
    JoinWindow first = of(sittings.get(0));
    return new JoinWindow(first.sitting(), first.opensAt(), of(sittings.get(sittings.size() - 1)).closesAt());
  }

  public boolean isOpenAt(Instant now) {
    return !now.isBefore(opensAt) && now.isBefore(closesAt);
  }
}
