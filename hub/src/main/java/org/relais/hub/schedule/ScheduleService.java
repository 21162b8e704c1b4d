package org.relais.hub.schedule;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.SqlClient;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.http.ProblemException;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.storage.AsyncCaches;
import org.relais.hub.storage.Cursor;
import org.relais.hub.storage.SqlErrors;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Addresses;
import org.relais.protocol.Role;
import org.relais.protocol.SessionStatus;

/**
 * The schedule: sessions written with their rules (who may, no double-booked instructor, no lost
 * update), and read far more often than written, from a per-node cache that every change empties on
 * every node.
 */
public final class ScheduleService {
  /**
   * Whether the session's video can seat its home capacity; {@code sessionId} is empty for a new session.
   * Fails with the field at fault when it cannot.
   */
  @FunctionalInterface
  public interface CapacityRule {
    Future<Void> check(Optional<UUID> sessionId, SessionDraft draft);
  }

  /**
   * Whether the rooms booked for the session are free at its sittings, checked in the transaction that saves
   * it; fails with a conflict on {@code start} naming the room and the other class when one is not.
   */
  @FunctionalInterface
  public interface RoomRule {
    Future<Void> check(SqlClient tx, Session session, List<Occurrence> sittings);
  }

  private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

  private final SessionStore store;
  private final Outbox outbox;
  private final CapacityRule capacity;
  private final RoomRule rooms;
  private final ZoneId zone;
  private final EventBus eventBus;
  private final SessionJson json;
  private final AsyncCache<ScheduleQuery.ScheduleWindow, List<Occurrence>> windows;
  private final AsyncCache<ScheduleQuery, Buffer> pages;
  private final AsyncCache<UUID, Session> sessions;

  public ScheduleService(SessionStore store, CapacityRule capacity, RoomRule rooms, ScheduleConfig config,
      EventBus eventBus, Outbox outbox) {
    this.store = store;
    this.outbox = outbox;
    this.capacity = capacity;
    this.rooms = rooms;
    this.zone = config.zone();
    this.eventBus = eventBus;
    this.json = new SessionJson(zone);
    this.windows = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl()).maximumSize(2_000).buildAsync();
    this.pages = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl()).maximumSize(10_000).buildAsync();
    this.sessions = Caffeine.newBuilder().expireAfterWrite(config.cacheTtl()).maximumSize(20_000).buildAsync();
    eventBus.consumer(Addresses.scheduleChanged(), message -> dropCaches());
  }

  public ZoneId zone() {
    return zone;
  }

  public SessionJson json() {
    return json;
  }

  /** Every sitting of a window in schedule order, unpaged (for pages that show a few days). */
  public Future<List<Occurrence>> occurrences(Instant from, Instant to, SessionStore.Filter filter) {
    ScheduleQuery.ScheduleWindow window = new ScheduleQuery.ScheduleWindow(from, to, filter);
    return AsyncCaches.get(windows, window, () -> load(window));
  }

  /** Sittings of the query's window in schedule order, one page of them. */
  public Future<OccurrencePage> occurrences(ScheduleQuery query) {
    return AsyncCaches.get(windows, query.window(), () -> load(query.window()))
        .map(all -> page(all, query));
  }

  /** The same page as JSON bytes, ready to send. */
  public Future<Buffer> occurrencesJson(ScheduleQuery query) {
    return AsyncCaches.get(pages, query, () -> occurrences(query).map(page -> new JsonObject()
        .put("items", new JsonArray(page.items().stream().map(json::occurrence).toList()))
        .put("next", page.next())
        .toBuffer()));
  }

  /** The session as stored now: read through this node's cache, which every change empties. */
  public Future<Session> get(UUID id) {
    return AsyncCaches.get(sessions, id, () -> store.find(id)
        .map(found -> found.orElseThrow(() -> ProblemException.notFound("No session " + id))));
  }

  /** The sessions an ADMIN (all) or a COORDINATOR (of its centres) runs, not over at {@code since}, soonest first. */
  public Future<List<Session>> runBy(StaffPrincipal actor, Instant since, int limit) {
    actor.requireRole(Role.ADMIN, Role.COORDINATOR);
    return store.ofCentres(actor.isAdmin() ? null : actor.centreIds(), since, limit);
  }

  public Future<Optional<Session>> findByRoom(String roomName) {
    return store.findByRoom(roomName);
  }

  public Future<Session> create(StaffPrincipal actor, SessionDraft draft) {
    requireMayEdit(actor, draft);
    return create(draft, actor.id());
  }

  /** Creates a session without a caller (the demo data); every rule but the caller's rights applies. */
  public Future<Session> createTrusted(SessionDraft draft) {
    return create(draft, null);
  }

  private Future<Session> create(SessionDraft draft, UUID editor) {
    Session session = new Session(UUID.randomUUID(), draft, SessionStatus.SCHEDULED, 1,
        Session.newRoomName(draft.title())).editedBy(editor);
    return save(session, null).map(session);
  }

  public Future<Session> update(StaffPrincipal actor, UUID id, SessionDraft draft, long expectedVersion) {
    requireMayEdit(actor, draft);
    return get(id).compose(current -> {
      requireMayEdit(actor, current.draft());
      if (current.version() != expectedVersion) {
        throw ProblemException.preconditionFailed(current.version());
      }
      if (current.status() == SessionStatus.CANCELLED) {
        throw ProblemException.conflict("status", "A " + current.status() + " session can no longer be changed");
      }
      Session updated = current.withDraft(draft).editedBy(actor.id());
      return save(updated, expectedVersion, tx -> remindersFollow(tx, current, updated)).map(updated);
    });
  }

  /**
   * Holds the sitting the series gives on {@code seriesDate} at {@code to} instead (back at its own time if
   * {@code to} is that time), under the rules of any change: the caller's rights, the instructor free then,
   * no lost update. Which sittings may move is {@link SittingService}'s to say.
   */
  Future<Session> move(StaffPrincipal actor, Session current, LocalDate seriesDate, Interval to) {
    requireMayEdit(actor, current.draft());
    boolean home = Occurrences.series(current.draft(), current, zone).stream()
        .anyMatch(o -> o.start().equals(to.start()) && o.end().equals(to.end()));
    Session moved = current.withMove(seriesDate, home ? null : to).editedBy(actor.id());
    // Its reminders follow the sitting, and the families are told, in the same transaction.
    return save(moved, current.version(), tx -> outbox.sittingMoved(tx, current.id(), seriesDate, to.start()))
        .map(moved);
  }

  /**
   * A change of the series' times moves the sittings whose reminders already wait (the next two days'), and their
   * families are told; a sitting the new series no longer holds is called off. Later sittings' reminders are
   * planned at their new times.
   */
  private Future<Integer> remindersFollow(SqlClient tx, Session before, Session after) {
    return outbox.datesAwaitingReminders(tx, after.id()).compose(dates -> {
      Future<Integer> followed = Future.succeededFuture(0);
      for (LocalDate date : dates) {
        Optional<Instant> was = Occurrences.bySeriesDate(before, date, zone).map(Occurrence::start);
        Optional<Instant> now = Occurrences.bySeriesDate(after, date, zone).map(Occurrence::start);
        if (now.isEmpty()) {
          followed = followed.compose(n -> outbox.sittingCancelled(tx, after.id(), date).map(m -> n + m));
        } else if (!now.equals(was)) {
          followed = followed.compose(n -> outbox.sittingMoved(tx, after.id(), date, now.get()).map(m -> n + m));
        }
      }
      return followed;
    });
  }

  /** Cancels the whole session, every sitting to come; cancelling one sitting is {@link SittingService}'s. */
  public Future<Session> cancel(StaffPrincipal actor, UUID id) {
    return get(id).compose(current -> {
      requireMayEdit(actor, current.draft());
      if (!current.status().canBecome(SessionStatus.CANCELLED)) {
        throw ProblemException.conflict("status", "A " + current.status() + " session cannot become CANCELLED");
      }
      Session moved = current.withStatus(SessionStatus.CANCELLED).editedBy(actor.id());
      Interval span = Occurrences.span(Occurrences.all(current, zone));
      return store.pool().withTransaction(tx -> store.update(tx, moved, span, current.version())
              .compose(done -> done ? outbox.seriesCancelled(tx, id).map(true) : Future.succeededFuture(false)))
          .compose(done -> done ? Future.succeededFuture(moved) : stale(id))
          // With the session's id: its consoles show the new status at once.
          .onSuccess(s -> changed(s.id().toString()));
    });
  }

  public Future<Void> delete(StaffPrincipal actor, UUID id) {
    return get(id).compose(current -> {
      requireMayEdit(actor, current.draft());
      return store.delete(id).recover(failure -> Future.failedFuture(SqlErrors.isForeignKeyViolation(failure)
          ? ProblemException.conflict("id", "This session has registrations or bookings; cancel it instead")
          : failure));
    }).<Void>mapEmpty().onSuccess(v -> changed());
  }

  private Future<Void> save(Session session, Long expectedVersion) {
    return save(session, expectedVersion, tx -> Future.succeededFuture());
  }

  /** Saves the session and, if that succeeds, does {@code also} in the same transaction. */
  private Future<Void> save(Session session, Long expectedVersion, Function<SqlClient, Future<?>> also) {
    session.draft().checkRecurrence(zone);
    List<Occurrence> sittings = Occurrences.all(session, zone);
    Interval span = Occurrences.span(sittings);
    return capacity.check(expectedVersion == null ? Optional.empty() : Optional.of(session.id()), session.draft())
        .compose(fits -> store.pool().withTransaction(tx -> checkInstructorIsFree(tx, session, sittings)
            .compose(free -> expectedVersion == null ? Future.<Void>succeededFuture()
                : rooms.check(tx, session, sittings))
            .compose(free -> expectedVersion == null
                ? store.insert(tx, session, span).map(true)
                : store.update(tx, session, span, expectedVersion))
            .compose(done -> done ? also.apply(tx).map(true) : Future.succeededFuture(false))))
        .recover(failure -> Future.failedFuture(SqlErrors.isForeignKeyViolation(failure)
            ? new InvalidFieldException("centreId", "centreId names a centre that does not exist")
            : failure))
        .compose(done -> done ? Future.<Void>succeededFuture() : stale(session.id()).<Void>mapEmpty())
        .onSuccess(v -> changed());
  }

  /** Which sittings of these sessions were called off or ended, and so no longer hold their time. */
  public Future<ReleasedSittings> released(List<UUID> sessionIds) {
    return store.released(store.pool(), sessionIds);
  }

  /**
   * Refuses a session whose instructor already teaches at an overlapping time. The instructor's row is
   * locked first, so two concurrent bookings of one instructor are checked one after the other.
   */
  private Future<Void> checkInstructorIsFree(SqlClient tx, Session session, List<Occurrence> sittings) {
    UUID instructor = session.draft().instructorId();
    if (instructor == null) {
      return Future.succeededFuture();
    }
    Interval span = Occurrences.span(sittings);
    Instant from = span.start();
    Instant to = span.end();
    return store.lockInstructor(tx, instructor).compose(exists -> {
      if (!exists) {
        throw new InvalidFieldException("instructorId", "instructorId names no staff account");
      }
      return store.activeSessionsOf(tx, instructor, from, to, session.id());
    }).compose(others -> store.released(tx, others.stream().map(Session::id).toList()).map(released -> {
      for (Session other : others) {
        List<Occurrence> held = released.holding(other, Occurrences.between(other, zone, from, to), zone);
        Occurrences.firstClash(sittings, held).ifPresent(clash -> {
          ProblemException conflict = ProblemException.conflict("instructorId", "The instructor already teaches \""
              + other.draft().title() + "\" at that time (" + WHEN.format(clash.start().atZone(zone)) + ")");
          // For a page to say it in its reader's words.
          throw new ProblemException(conflict.problem().with("otherSessionId", other.id().toString())
              .with("otherTitle", other.draft().title()).with("at", clash.start().toString()));
        });
      }
      return null;
    }));
  }

  private Future<List<Occurrence>> load(ScheduleQuery.ScheduleWindow window) {
    return store.window(window.from(), window.to(), window.filter()).map(sessions -> {
      List<Occurrence> all = new ArrayList<>();
      sessions.forEach(s -> all.addAll(Occurrences.between(s, zone, window.from(), window.to())));
      all.sort(null);
      return List.copyOf(all);
    });
  }

  private static OccurrencePage page(List<Occurrence> all, ScheduleQuery query) {
    int first = 0;
    ScheduleQuery.After after = query.after();
    if (after != null) {
      while (first < all.size() && !isAfter(all.get(first), after.start(), after.sessionId())) {
        first++;
      }
    }
    int last = Math.min(all.size(), first + query.limit());
    List<Occurrence> items = all.subList(first, last);
    String next = null;
    if (last < all.size()) {
      Occurrence tail = items.get(items.size() - 1);
      next = Cursor.encode(tail.start().toString(), tail.session().id().toString());
    }
    return new OccurrencePage(items, next);
  }

  private static boolean isAfter(Occurrence o, Instant start, UUID id) {
    int byStart = o.start().compareTo(start);
    return byStart > 0 || (byStart == 0 && o.session().id().compareTo(id) > 0);
  }

  /** ADMIN anywhere, a COORDINATOR in its centres, an INSTRUCTOR for its own sessions in its centres. */
  public static void requireMayEdit(StaffPrincipal actor, SessionDraft draft) {
    if (actor.coordinates(draft.centreId())) {
      return;
    }
    if (actor.role() == Role.INSTRUCTOR && actor.id().equals(draft.instructorId())
        && actor.centreIds().contains(draft.centreId())) {
      return;
    }
    throw ProblemException.forbidden(actor.role() == Role.INSTRUCTOR
        ? "An instructor schedules only their own sessions, in their own centres"
        : "You cannot schedule sessions in this centre");
  }

  /** Read from the store, not the cache: the write just lost to a newer version. */
  private Future<Session> stale(UUID id) {
    return store.find(id).map(found -> {
      throw found.map(current -> ProblemException.preconditionFailed(current.version()))
          .orElseGet(() -> ProblemException.notFound("No session " + id));
    });
  }

  private void dropCaches() {
    windows.synchronous().invalidateAll();
    pages.synchronous().invalidateAll();
    sessions.synchronous().invalidateAll();
  }

  /** Empties this node's caches now, and every other node's through the event bus. */
  private void changed() {
    changed("sessions");
  }

  private void changed(String what) {
    dropCaches();
    eventBus.publish(Addresses.scheduleChanged(), what);
  }
}
