package org.relais.hub.myday;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.bookings.BookingService;
import org.relais.hub.bookings.SiteBooking;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.pages.Messages;
import org.relais.hub.registrations.Registration;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.staff.StaffAccounts;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.protocol.Role;
import org.relais.protocol.SittingState;

/**
 * {@code /staff/my-classes}: the instructor's next sittings, each with its centre, the rooms booked for it and
 * who registered, and the two ways in: the session's console, and the room through the instructor's own link
 * (a moderator's, with the instructor's reserved seat).
 */
public final class MyClassesPages implements StaffArea.Section {
  /** How far ahead the page looks, and how many sittings it shows at most. */
  static final Duration AHEAD = Duration.ofDays(28);
  static final int MAX_SITTINGS = 12;

  private final StaffPages pages;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final BookingService bookings;
  private final RegistrationService registrations;
  private final CentreService centres;
  private final JoinLinks links;
  private final StaffAccounts staff;
  private final Clock clock;

  public MyClassesPages(StaffPages pages, ScheduleService schedule, SittingService sittings, BookingService bookings,
      RegistrationService registrations, CentreService centres, JoinLinks links, StaffAccounts staff, Clock clock) {
    this.pages = pages;
    this.schedule = schedule;
    this.sittings = sittings;
    this.bookings = bookings;
    this.registrations = registrations;
    this.centres = centres;
    this.links = links;
    this.staff = staff;
    this.clock = clock;
  }

  @Override
  public void mount(Router staffRouter) {
    staffRouter.get("/my-classes").handler(this::page);
  }

  /** What the page shows of one session, read once however many of its sittings are listed. */
  private record Details(String centreName, List<String> rooms, long confirmed, long waiting, int capacity,
      String roomUrl) {}

  private void page(RoutingContext ctx) {
    StaffPrincipal me = StaffPages.principal(ctx);
    me.requireRole(Role.INSTRUCTOR);
    Instant now = clock.instant();
    ZoneId zone = schedule.zone();
    LocalDate today = now.atZone(zone).toLocalDate();
    Instant from = today.atStartOfDay(zone).toInstant();
    Instant to = from.plus(AHEAD);
    Future.all(schedule.occurrences(from, to, SessionStore.Filter.NONE),
            sittings.states(today, to.atZone(zone).toLocalDate()), staff.get(me, me.id()))
        .compose(read -> {
          List<Occurrence> all = read.resultAt(0);
          Function<Occurrence, SittingState> states = read.resultAt(1);
          String myName = read.<StaffMember>resultAt(2).displayName();
          List<Occurrence> mine = all.stream()
              .filter(o -> me.id().equals(o.session().draft().instructorId()))
              .filter(o -> o.end().plus(SessionSitting.CLOSES_AFTER).isAfter(now))
              .filter(o -> states.apply(o) != SittingState.ENDED)
              .limit(MAX_SITTINGS).toList();
          Map<UUID, Future<Details>> details = new HashMap<>();
          mine.forEach(o -> details.computeIfAbsent(o.session().id(), id -> details(me, o.session(), myName)));
          return Future.all(List.copyOf(details.values())).map(done -> mine.stream()
              .map(o -> row(ctx, o, states.apply(o), details.get(o.session().id()).result())).toList());
        })
        .compose(rows -> pages.render(ctx, 200, "staff-my-classes", Map.of("sittings", rows)))
        .onFailure(ctx::fail);
  }

  private Future<Details> details(StaffPrincipal me, Session session, String myName) {
    Future<String> centre = centres.get(session.draft().centreId()).map(Centre::name);
    Future<List<BookingService.Booked>> rooms = bookings.ofSession(me, session.id());
    Future<List<Registration>> registered = registrations.listForStaff(me, session.id());
    Future<String> url = links.instructorUrl(session, me.id(), myName);
    return Future.all(centre, rooms, registered, url).map(done -> new Details(centre.result(),
        rooms.result().stream().filter(b -> b.booking().status() == SiteBooking.Status.BOOKED)
            .map(b -> b.site().name()).toList(),
        count(registered.result(), RegistrationStatus.CONFIRMED),
        count(registered.result(), RegistrationStatus.WAITLISTED),
        session.draft().homeCapacity(), url.result()));
  }

  private static long count(List<Registration> all, RegistrationStatus status) {
    return all.stream().filter(r -> r.status() == status).count();
  }

  private Map<String, Object> row(RoutingContext ctx, Occurrence o, SittingState state, Details details) {
    Locale locale = Messages.locale(pages.language(ctx));
    ZoneId zone = schedule.zone();
    Map<String, Object> row = new HashMap<>();
    row.put("sessionId", o.session().id().toString());
    row.put("title", o.session().draft().title());
    row.put("day", StaffDates.day(o.start(), zone, locale));
    row.put("time", StaffDates.hours(o.start(), o.end(), zone, locale));
    row.put("state", state.name());
    row.put("status", pages.text(ctx, "status_" + state.name()));
    row.put("centre", details.centreName());
    row.put("rooms", details.rooms());
    row.put("confirmed", details.confirmed());
    row.put("waiting", details.waiting());
    row.put("capacity", details.capacity());
    // On this hub's own address, as the console does: the hub may be reached by another name.
    row.put("roomPath", URI.create(details.roomUrl()).getRawPath());
    row.put("mayEnter", state == SittingState.SCHEDULED || state == SittingState.LIVE);
    return row;
  }
}
