package org.relais.hub.join;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.relais.hub.schedule.SessionSitting;
import org.relais.protocol.JoinState;
import org.relais.protocol.SittingState;

/**
 * Which sitting of a session a join link is about now, and the next one when that sitting is over or
 * called off: the open one; else a sitting called off before the next (a holiday, said ahead); else
 * today's if it is over and the next is another day; else the next. {@code next} is null when nothing
 * follows, or when {@code shown} is itself still to come.
 */
record SittingDoors(SessionSitting shown, SessionSitting next, JoinState state) {

  static SittingDoors at(List<SessionSitting> all, Instant now, ZoneId zone) {
    Optional<SessionSitting> open = all.stream().filter(s -> s.isOpenAt(now)).findFirst();
    if (open.isPresent()) {
      return new SittingDoors(open.get(), null, JoinState.OPEN);
    }
    SessionSitting upcoming = all.stream()
        .filter(s -> s.state() == SittingState.SCHEDULED && now.isBefore(s.opensAt())).findFirst().orElse(null);
    Optional<SessionSitting> calledOff = all.stream().filter(s -> s.state() == SittingState.CANCELLED
        && now.isBefore(s.end().plus(SessionSitting.CLOSES_AFTER))).findFirst();
    if (calledOff.isPresent() && (upcoming == null || calledOff.get().start().isBefore(upcoming.start()))) {
      return new SittingDoors(calledOff.get(), upcoming, JoinState.CANCELLED);
    }
    LocalDate today = now.atZone(zone).toLocalDate();
    Optional<SessionSitting> doneToday = all.stream().filter(s -> s.date().equals(today) && s.isDoneAt(now))
        .reduce((first, later) -> later);
    if (doneToday.isPresent() && (upcoming == null || !upcoming.date().equals(today))) {
      SessionSitting done = doneToday.get();
      return new SittingDoors(done, upcoming,
          done.state() == SittingState.CANCELLED ? JoinState.CANCELLED : JoinState.ENDED);
    }
    if (upcoming != null) {
      return new SittingDoors(upcoming, null, JoinState.EARLY);
    }
    return new SittingDoors(all.get(all.size() - 1), null, JoinState.ENDED);
  }
}
