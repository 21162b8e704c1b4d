package org.relais.hub.reminders;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Function;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.schedule.SittingService;
import org.relais.protocol.SittingState;

/**
 * Writes the reminders of the sittings coming within the horizon, for every confirmed registration of their
 * session. A registration writes its next sitting's reminders itself; a weekly series' later sittings get theirs
 * here as they come near. Running it again, on any node, writes nothing twice: a reminder's key is unique and
 * the insert does nothing on a key already there (a cancelled reminder stays cancelled).
 */
public final class ReminderPlanner {
  private final Outbox outbox;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final Duration horizon;
  private final Clock clock;

  public ReminderPlanner(Outbox outbox, ScheduleService schedule, SittingService sittings, Duration horizon,
      Clock clock) {
    this.outbox = outbox;
    this.schedule = schedule;
    this.sittings = sittings;
    this.horizon = horizon;
    this.clock = clock;
  }

  /** Answers how many reminders it wrote. */
  public Future<Integer> plan() {
    Instant now = clock.instant();
    Instant to = now.plus(horizon);
    ZoneId zone = schedule.zone();
    LocalDate first = now.atZone(zone).toLocalDate();
    LocalDate last = to.atZone(zone).toLocalDate();
    return Future.all(schedule.occurrences(now, to, SessionStore.Filter.NONE), sittings.states(first, last))
        .compose(both -> {
          List<Occurrence> coming = both.<List<Occurrence>>resultAt(0).stream()
              .filter(o -> o.start().isAfter(now) && o.start().isBefore(to)).toList();
          Function<Occurrence, SittingState> states = both.resultAt(1);
          Future<Integer> written = Future.succeededFuture(0);
          for (Occurrence sitting : coming) {
            if (states.apply(sitting) == SittingState.SCHEDULED) {
              written = written.compose(n -> outbox.enqueueRemindersForSession(outbox.pool(),
                  sitting.session().id(), Occurrences.seriesDate(sitting.session(), sitting, zone), sitting.start())
                  .map(m -> n + m));
            }
          }
          return written;
        });
  }
}
