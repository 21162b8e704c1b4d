package org.relais.hub.schedule;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.http.ProblemException;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.storage.AsyncCaches;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Addresses;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.SittingState;

/**
 * The sittings of sessions and their states: started, ended and cancelled one at a time, so that ending
 * today's sitting of a weekly class leaves next week's as it was. Each change is one transaction that
 * wins only from the state it read; consoles, join pages and relay-sites hear of it at once.
 */
public final class SittingService {
  private final SittingStore store;
  private final Outbox outbox;
  private final ScheduleService schedule;
  private final EventBus eventBus;
  private final Clock clock;
  private final ZoneId zone;
  private final AsyncCache<UUID, Map<LocalDate, SittingStore.Stored>> stored;
  private final AsyncCache<DateRange, Map<UUID, Map<LocalDate, SittingStore.Stored>>> ranges;

  private record DateRange(LocalDate from, LocalDate to) {}

  public SittingService(SittingStore store, ScheduleService schedule, ScheduleConfig config, EventBus eventBus,
      Outbox outbox, Clock clock) {
    this.store = store;
    this.outbox = outbox;
    this.schedule = schedule;
    this.eventBus = eventBus;
    this.clock = clock;
    this.zone = config.zone();
    this.stored = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl()).maximumSize(20_000).buildAsync();
    this.ranges = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl()).maximumSize(100).buildAsync();
    eventBus.consumer(Addresses.scheduleChanged(), message -> {
      stored.synchronous().invalidateAll();
      ranges.synchronous().invalidateAll();
    });
  }

  public ZoneId zone() {
    return zone;
  }

  /**
   * Forgets what this node knows of the session's sittings: for who hears of a change before the schedule's
   * own message has emptied this node's cache.
   */
  public void forget(UUID sessionId) {
    stored.synchronous().invalidate(sessionId);
    ranges.synchronous().invalidateAll();
  }

  /** Every sitting of the session with its state, in order. */
  public Future<List<SessionSitting>> of(Session session) {
    return AsyncCaches.get(stored, session.id(), () -> store.of(session.id())).map(byDate -> of(session, byDate));
  }

  private List<SessionSitting> of(Session session, Map<LocalDate, SittingStore.Stored> byDate) {
    return Occurrences.all(session, zone).stream().map(o -> withState(o, byDate)).toList();
  }

  /**
   * The state of each of the schedule's sittings (an occurrence of any session) whose date is from
   * {@code from} to {@code to}: for a programme of many sessions, read at once.
   */
  public Future<Function<Occurrence, SittingState>> states(LocalDate from, LocalDate to) {
    return AsyncCaches.get(ranges, new DateRange(from, to), () -> store.between(from, to)).map(bySession -> o -> {
      if (o.session().status() == SessionStatus.CANCELLED) {
        return SittingState.CANCELLED;
      }
      Map<LocalDate, SittingStore.Stored> ofSession = bySession.getOrDefault(o.session().id(), Map.of());
      return ofSession.getOrDefault(o.start().atZone(zone).toLocalDate(), SittingStore.Stored.SCHEDULED).state();
    });
  }

  /**
   * What is stored of the schedule's sittings whose date is from {@code from} to {@code to} (state and version),
   * by session and date; a sitting missing here is SCHEDULED at version 0.
   */
  public Future<Map<UUID, Map<LocalDate, SittingStore.Stored>>> stored(LocalDate from, LocalDate to) {
    return AsyncCaches.get(ranges, new DateRange(from, to), () -> store.between(from, to));
  }

  /** The sittings of the session whose date is from {@code from} to {@code to}, both included. */
  public Future<List<SessionSitting>> between(UUID sessionId, LocalDate from, LocalDate to) {
    return schedule.get(sessionId).compose(this::of).map(all -> all.stream()
        .filter(s -> !s.date().isBefore(from) && !s.date().isAfter(to)).toList());
  }

  /** Where a session stands at a moment, for the families registered to it. */
  public enum Progress {
    /** A sitting is still to come, and none is open now. */
    UPCOMING,
    /** A sitting's doors are open, before its start and before its instructor started it. */
    OPEN,
    /** A sitting is under way: its instructor started it, or its start time is past while its doors are open. */
    STARTED,
    /** Every sitting is over or called off: nothing more will take place. */
    OVER
  }

  /** Where the session of {@code all} (its sittings, in order) stands at {@code now}. */
  public static Progress progress(List<SessionSitting> all, Instant now) {
    if (all.stream().allMatch(s -> s.isDoneAt(now))) {
      return Progress.OVER;
    }
    return all.stream().filter(s -> s.isOpenAt(now)).findFirst()
        .map(open -> open.state() == SittingState.LIVE || !now.isBefore(open.start()) ? Progress.STARTED
            : Progress.OPEN)
        .orElse(Progress.UPCOMING);
  }

  /**
   * The sitting that is live or whose doors are open now, else today's, else the next one, else the last:
   * the one a console shows and its start and end buttons act on.
   */
  public static Optional<SessionSitting> current(List<SessionSitting> all, Instant now, ZoneId zone) {
    LocalDate today = now.atZone(zone).toLocalDate();
    return all.stream().filter(s -> s.state() == SittingState.LIVE && s.isOpenAt(now)).findFirst()
        .or(() -> all.stream().filter(s -> s.isOpenAt(now)).findFirst())
        .or(() -> all.stream().filter(s -> s.date().equals(today)).findFirst())
        .or(() -> all.stream().filter(s -> now.isBefore(s.closesAt())).findFirst())
        .or(() -> all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1)));
  }

  /** The instructor opens the sitting's room, even before its time; on its own day only. */
  public Future<SessionSitting> start(StaffPrincipal actor, UUID sessionId, String date) {
    return move(actor, sessionId, Optional.of(date), SittingState.LIVE);
  }

  public Future<SessionSitting> end(StaffPrincipal actor, UUID sessionId, String date) {
    return move(actor, sessionId, Optional.of(date), SittingState.ENDED);
  }

  /** Calls one sitting off (a holiday): the series goes on. */
  public Future<SessionSitting> cancel(StaffPrincipal actor, UUID sessionId, String date) {
    return move(actor, sessionId, Optional.of(date), SittingState.CANCELLED);
  }

  /**
   * Holds one sitting at another day or time (a holiday, a room taken): the series goes on as it was. Only a
   * sitting whose doors have not opened may move, to a time to come, and not onto the date of another sitting
   * of the series; the rules of any change of the session apply too (rights, instructor free, no lost update).
   */
  public Future<SessionSitting> reschedule(StaffPrincipal actor, UUID sessionId, String date, Interval to) {
    LocalDate day = parseDate("date", date);
    return schedule.get(sessionId).compose(session -> {
      ScheduleService.requireMayEdit(actor, session.draft());
      if (session.status() == SessionStatus.CANCELLED) {
        throw ProblemException.conflict("status", "The whole session is cancelled");
      }
      return store.of(session.id()).compose(byDate -> {
        List<SessionSitting> all = of(session, byDate);
        SessionSitting sitting = all.stream().filter(s -> s.date().equals(day)).findFirst()
            .orElseThrow(() -> ProblemException.unprocessable("date", day + " is not a sitting of this session"));
        Instant now = clock.instant();
        if (sitting.state() != SittingState.SCHEDULED || !now.isBefore(sitting.opensAt())) {
          throw ProblemException.conflict("date", "The sitting of " + day + " has begun or is over; it cannot move");
        }
        if (!now.isBefore(to.start().minus(SessionSitting.OPENS_BEFORE))) {
          throw new InvalidFieldException("start", "a sitting moves to a time to come");
        }
        if (Duration.between(to.start(), to.end()).compareTo(SessionDraft.MAX_DURATION) > 0) {
          throw new InvalidFieldException("end", "a session lasts at most 12 hours");
        }
        LocalDate target = Occurrences.dateOf(to.start(), zone);
        if (!target.equals(day) && (byDate.containsKey(target) || all.stream().anyMatch(s -> s.date().equals(target)))) {
          throw ProblemException.conflict("start", "This class already has a sitting on " + target);
        }
        LocalDate seriesDate = session.moves().entrySet().stream()
            .filter(move -> Occurrences.dateOf(move.getValue().start(), zone).equals(day))
            .map(Map.Entry::getKey).findFirst().orElse(day);
        return schedule.move(actor, session, seriesDate, to).map(moved -> {
          SessionSitting there = of(moved, byDate).stream().filter(s -> s.date().equals(target)).findFirst()
              .orElseThrow();
          return changed(there, SittingStore.Stored.SCHEDULED);
        });
      });
    });
  }

  public Future<SessionSitting> startCurrent(StaffPrincipal actor, UUID sessionId) {
    return move(actor, sessionId, Optional.empty(), SittingState.LIVE);
  }

  public Future<SessionSitting> endCurrent(StaffPrincipal actor, UUID sessionId) {
    return move(actor, sessionId, Optional.empty(), SittingState.ENDED);
  }

  /** Reads a sitting's date as the API names it; a malformed one is refused naming {@code field}. */
  public static LocalDate parseDate(String field, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest(field, field + " must be a date such as 2026-12-08");
    }
  }

  public JsonObject json(SessionSitting sitting) {
    SessionJson json = schedule.json();
    return new JsonObject()
        .put("date", sitting.date().toString())
        .put("start", json.instant(sitting.start()))
        .put("end", json.instant(sitting.end()))
        .put("state", sitting.state().name())
        .put("startedAt", sitting.startedAt() == null ? null : json.instant(sitting.startedAt()))
        .put("endedAt", sitting.endedAt() == null ? null : json.instant(sitting.endedAt()));
  }

  /** {@code date} empty: the current sitting. The input is checked before anything is read. */
  private Future<SessionSitting> move(StaffPrincipal actor, UUID sessionId, Optional<String> date,
      SittingState next) {
    Optional<LocalDate> day = date.map(d -> parseDate("date", d));
    return schedule.get(sessionId).compose(session -> {
      ScheduleService.requireMayEdit(actor, session.draft());
      if (session.status() == SessionStatus.CANCELLED) {
        throw ProblemException.conflict("status", "The whole session is cancelled");
      }
      // Read from the store, not the cache: a change is decided on the states as they are.
      return store.of(session.id()).map(byDate -> of(session, byDate)).compose(all -> {
        SessionSitting sitting = day.map(d -> all.stream().filter(s -> s.date().equals(d)).findFirst()
                .orElseThrow(() -> ProblemException.unprocessable("date", d + " is not a sitting of this session")))
            .orElseGet(() -> current(all, clock.instant(), zone).orElseThrow());
        return move(sitting, next);
      });
    });
  }

  private Future<SessionSitting> move(SessionSitting sitting, SittingState next) {
    if (sitting.state() == next) {
      // A console clicked twice, or two consoles at once: the sitting is already where they want it.
      return Future.succeededFuture(sitting);
    }
    if (!sitting.state().canBecome(next)) {
      throw ProblemException.conflict("state", "The sitting of " + sitting.date() + " is " + sitting.state()
          + "; it cannot become " + next);
    }
    Instant now = clock.instant();
    if (next == SittingState.LIVE && (now.isBefore(sitting.date().atStartOfDay(zone).toInstant())
        || !now.isBefore(sitting.closesAt()))) {
      throw ProblemException.conflict("date", "The sitting of " + sitting.date()
          + " can only be started on its day, until " + SessionSitting.CLOSES_AFTER.toMinutes() + " min after its end");
    }
    UUID sessionId = sitting.session().id();
    SittingStore.Stored from = new SittingStore.Stored(sitting.state(), sitting.startedAt(), sitting.endedAt(), null,
        sitting.version());
    SittingStore.Stored to = from.moved(next, now);
    return store.pool().withTransaction(tx -> store.lockSeries(tx, sessionId).compose(series -> switch (series) {
      case MISSING -> Future.failedFuture(ProblemException.notFound("No session " + sessionId));
      case CANCELLED -> Future.failedFuture(ProblemException.conflict("status", "The whole session is cancelled"));
      case SCHEDULED -> store.move(tx, sessionId, sitting.date(), from, to)
          // A sitting called off: its reminders with it, and the families told, in the same transaction.
          .compose(won -> won && next == SittingState.CANCELLED ? outbox.sittingCancelled(tx, sessionId,
              Occurrences.seriesDate(sitting.session(), sitting.occurrence(), zone)).map(true)
              : Future.succeededFuture(won));
    })).compose(won -> won ? Future.succeededFuture(changed(sitting, to)) : lostTo(sitting, next));
  }

  /** Another write got there first: fine if it made the same change, otherwise say what the sitting is now. */
  private Future<SessionSitting> lostTo(SessionSitting sitting, SittingState next) {
    return store.of(sitting.session().id()).map(byDate -> {
      SessionSitting now = withState(sitting.occurrence(), byDate);
      if (now.state() != next) {
        throw ProblemException.conflict("state", "The sitting of " + now.date() + " changed meanwhile; it is "
            + now.state());
      }
      return now;
    });
  }

  private SessionSitting changed(SessionSitting sitting, SittingStore.Stored to) {
    SessionSitting moved = new SessionSitting(sitting.occurrence(), sitting.date(), to.state(), to.startedAt(),
        to.endedAt(), to.version());
    String sessionId = sitting.session().id().toString();
    forget(sitting.session().id());
    // With the session's id: its consoles and relay-sites show the new state at once.
    eventBus.publish(Addresses.scheduleChanged(), sessionId);
    eventBus.publish(Addresses.sittingChanged(sessionId), new JsonObject().put("sessionId", sessionId)
        .put("date", moved.date().toString()).put("state", moved.state().name()));
    return moved;
  }

  private SessionSitting withState(Occurrence occurrence, Map<LocalDate, SittingStore.Stored> byDate) {
    LocalDate date = occurrence.start().atZone(zone).toLocalDate();
    SittingStore.Stored state = byDate.getOrDefault(date, SittingStore.Stored.SCHEDULED);
    return new SessionSitting(occurrence, date, state.state(), state.startedAt(), state.endedAt(), state.version());
  }
}
