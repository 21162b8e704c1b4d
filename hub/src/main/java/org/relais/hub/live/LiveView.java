package org.relais.hub.live;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.bookings.BookingStore;
import org.relais.hub.bookings.SiteBooking;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.centres.Site;
import org.relais.hub.http.ProblemException;
import org.relais.hub.join.Attendance;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.sites.SiteEventStore;
import org.relais.hub.sites.SiteLink;
import org.relais.hub.sites.SitePresence;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.protocol.Addresses;
import org.relais.protocol.Role;

/**
 * A session's live figures, as its instructor and coordinators follow them: the rooms booked for it
 * with their online state, head count, open help requests and questions, and the families at home.
 * The sitting they are about (live, open, today's or the next) comes with its date and state.
 * Recomputed and published on {@code relais.session.{id}.live} whenever a room reports, goes on or off
 * line, or a sitting starts, ends or is cancelled; one computation at a time per session, the last change always
 * included.
 */
public final class LiveView implements SiteLink.Listener {
  /** Check-ins before a sitting count for it: people come early and the animator counts them in. */
  private static final Duration COUNTED_BEFORE = Duration.ofHours(2);
  /** However slow the database, a computation that outlasts this frees its session for the next. */
  private static final Duration COMPUTING_LIMIT = Duration.ofSeconds(30);

  private record Room(Site site, Centre centre) {}

  private final Vertx vertx;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final BookingStore bookings;
  private final CentreService centres;
  private final SitePresence presence;
  private final SiteEventStore events;
  private final Attendance attendance;
  private final Clock clock;
  private final Cache<UUID, Room> rooms = Caffeine.newBuilder().maximumSize(10_000)
      .expireAfterWrite(Duration.ofMinutes(1)).build();
  private final Recomputations<JsonObject> live;

  public LiveView(Vertx vertx, ScheduleService schedule, SittingService sittings, BookingStore bookings,
      CentreService centres, SitePresence presence, SiteEventStore events, Attendance attendance, Clock clock) {
    this.vertx = vertx;
    this.schedule = schedule;
    this.sittings = sittings;
    this.bookings = bookings;
    this.centres = centres;
    this.presence = presence;
    this.events = events;
    this.attendance = attendance;
    this.clock = clock;
    this.live = new Recomputations<>("the live figures", this::compute,
        (sessionId, json) -> vertx.eventBus().publish(Addresses.sessionLive(sessionId.toString()), json),
        COMPUTING_LIMIT);
  }

  /** Listens for sittings starting and ending, which consoles must see at once. */
  public void start() {
    vertx.eventBus().<String>consumer(Addresses.scheduleChanged(), changed -> {
      if (changed.body() != null && changed.body().length() == 36) {
        publish(UUID.fromString(changed.body()));
      }
    });
  }

  /** The figures, for someone allowed to see them. */
  public Future<JsonObject> figures(StaffPrincipal actor, UUID sessionId) {
    return schedule.get(sessionId).compose(session -> bookings.ofSession(sessionId)
        .compose(booked -> checkMayWatch(actor, session, booked).compose(allowed -> snapshot(session, booked))));
  }

  /** Refuses whoever has no business following this session. */
  public Future<Void> checkMayWatch(StaffPrincipal actor, UUID sessionId) {
    return schedule.get(sessionId)
        .compose(session -> bookings.ofSession(sessionId).compose(booked -> checkMayWatch(actor, session, booked)));
  }

  @Override
  public void siteChanged(UUID siteId) {
    bookings.activeOfSite(bookings.pool(), siteId)
        .onSuccess(booked -> booked.forEach(b -> publish(b.sessionId())));
  }

  @Override
  public void sessionsChanged(Set<UUID> sessionIds) {
    sessionIds.forEach(this::publish);
  }

  /** Recomputes and publishes the session's figures; a change during a computation triggers one more. */
  public void publish(UUID sessionId) {
    live.request(sessionId);
  }

  private Future<JsonObject> compute(UUID sessionId) {
    return schedule.get(sessionId).compose(session -> bookings.ofSession(sessionId)
        .compose(booked -> snapshot(session, booked)));
  }

  private Future<JsonObject> snapshot(Session session, List<SiteBooking> booked) {
    return sittings.of(session).compose(all -> snapshot(session, booked,
        SittingService.current(all, clock.instant(), schedule.zone())));
  }

  private Future<JsonObject> snapshot(Session session, List<SiteBooking> booked, Optional<SessionSitting> sitting) {
    Instant now = clock.instant();
    Instant since = sitting.map(o -> o.start().minus(COUNTED_BEFORE)).orElse(now);
    List<SiteBooking> active = booked.stream().filter(b -> b.status() == SiteBooking.Status.BOOKED).toList();
    List<Future<JsonObject>> roomsJson = active.stream().map(b -> room(b.siteId()).compose(room ->
        presence.get(b.siteId()).map(online -> new JsonObject()
            .put("siteId", room.site().id().toString())
            .put("siteName", room.site().name())
            .put("centreName", room.centre().name())
            .put("online", online.isPresent())
            .put("lastSeen", online.map(o -> o.lastSeen().toString()).orElse(null))
            .put("expectedHeadCount", b.expectedHeadCount())))).toList();
    Future<Map<UUID, SiteEventStore.RoomFigures>> figures = events.figures(session.id(), since);
    Future<Attendance.AtHome> home = sitting.map(o -> attendance.atHome(session.id(),
        o.start().atZone(schedule.zone()).toLocalDate())).orElse(Future.succeededFuture(Attendance.AtHome.NONE));
    return Future.all(Future.all(roomsJson), figures, home).map(done -> {
      List<JsonObject> rooms = new ArrayList<>();
      int headCount = 0;
      int help = 0;
      int online = 0;
      for (Future<JsonObject> f : roomsJson) {
        JsonObject room = f.result();
        SiteEventStore.RoomFigures reported = figures.result().getOrDefault(UUID.fromString(room.getString("siteId")),
            new SiteEventStore.RoomFigures(0, List.of(), List.of()));
        room.put("headCount", reported.headCount())
            .put("helpRequests", notes(reported.helpRequests()))
            .put("questions", notes(reported.questions()));
        headCount += reported.headCount();
        help += reported.helpRequests().size();
        online += room.getBoolean("online") ? 1 : 0;
        rooms.add(room);
      }
      rooms.sort(Comparator.comparing((JsonObject r) -> r.getString("centreName"))
          .thenComparing(r -> r.getString("siteName")));
      return new JsonObject()
          .put("sessionId", session.id().toString())
          .put("title", session.draft().title())
          .put("status", session.status().name())
          .put("sitting", sitting.map(o -> new JsonObject().put("date", o.date().toString())
              .put("start", o.start().toString()).put("end", o.end().toString())
              .put("state", o.state().name())).orElse(null))
          .put("updatedAt", now.toString())
          .put("totals", new JsonObject().put("rooms", rooms.size()).put("online", online).put("headCount", headCount)
              .put("helpRequests", help).put("home", home.result().present()))
          .put("home", new JsonObject().put("present", home.result().present()).put("stays", home.result().stays())
              .put("came", home.result().came()))
          .put("rooms", new JsonArray(rooms));
    });
  }

  private Future<Room> room(UUID siteId) {
    Room known = rooms.getIfPresent(siteId);
    if (known != null) {
      return Future.succeededFuture(known);
    }
    return centres.site(siteId).compose(site -> centres.get(site.centreId()).map(centre -> {
      Room room = new Room(site, centre);
      rooms.put(siteId, room);
      return room;
    }));
  }

  private static JsonArray notes(List<SiteEventStore.Note> notes) {
    return new JsonArray(notes.stream().map(n -> new JsonObject().put("id", n.id().toString()).put("label", n.label())
        .put("at", n.at().toString())).toList());
  }

  /** ADMIN, COORDINATOR, the session's instructor, an ANIMATOR of a centre with a room booked for it. */
  private Future<Void> checkMayWatch(StaffPrincipal actor, Session session, List<SiteBooking> booked) {
    if (actor.isAdmin() || actor.role() == Role.COORDINATOR || actor.id().equals(session.draft().instructorId())) {
      return Future.succeededFuture();
    }
    List<Future<Room>> of = booked.stream().map(b -> room(b.siteId())).toList();
    return Future.all(of).map(done -> {
      if (actor.role() == Role.ANIMATOR && of.stream().map(Future::result)
          .anyMatch(room -> actor.centreIds().contains(room.site().centreId()))) {
        return null;
      }
      throw ProblemException.forbidden("Only the session's instructor, coordinators and animators of its rooms"
          + " follow it");
    });
  }
}
