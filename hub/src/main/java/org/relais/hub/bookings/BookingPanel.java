package org.relais.hub.bookings;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.relais.hub.centres.RoomPanel;
import org.relais.hub.centres.Site;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionStore;
import org.relais.hub.staffapp.StaffPages;
import org.relais.protocol.SessionStatus;

/**
 * A room's bookings on its staff page: the classes booked for it, each with its next date and expected head
 * count, and the coming classes it could book (those with a date in the next weeks, not booked here yet).
 */
public final class BookingPanel implements RoomPanel {
  /** How far ahead the booking form offers classes. */
  static final Duration OFFERED_AHEAD = Duration.ofDays(8 * 7);

  private final StaffPages pages;
  private final BookingService bookings;
  private final ScheduleService schedule;
  private final Clock clock;

  public BookingPanel(StaffPages pages, BookingService bookings, ScheduleService schedule, Clock clock) {
    this.pages = pages;
    this.bookings = bookings;
    this.schedule = schedule;
    this.clock = clock;
  }

  @Override
  public Future<Void> fill(RoutingContext ctx, Site site, Map<String, Object> model) {
    Instant now = clock.instant();
    // From the start of today, so every page of the day reads the schedule's same cached window.
    Instant today = LocalDate.ofInstant(now, schedule.zone()).atStartOfDay(schedule.zone()).toInstant();
    Future<List<Occurrence>> coming = schedule.occurrences(today, today.plus(OFFERED_AHEAD), SessionStore.Filter.NONE);
    return Future.all(bookings.ofSite(site), coming).map(done -> {
      List<BookingService.Booked> booked = done.resultAt(0);
      Set<UUID> bookedSessions = booked.stream().map(b -> b.session().id()).collect(Collectors.toSet());
      List<Map<String, Object>> rows = new ArrayList<>();
      booked.stream()
          .map(b -> Map.entry(b, next(b.session(), now)))
          .sorted(Comparator.comparing(e -> e.getValue().map(Occurrence::start).orElse(Instant.MAX)))
          .forEach(e -> {
            Map<String, Object> row = new HashMap<>();
            row.put("id", e.getKey().booking().id().toString());
            row.put("title", e.getKey().session().draft().title());
            row.put("headCount", e.getKey().booking().expectedHeadCount());
            row.put("weekly", e.getKey().session().draft().recurrence() != null);
            e.getValue().ifPresent(next -> row.put("next", pages.dateTime(ctx, next.start(), schedule.zone())));
            rows.add(row);
          });
      Map<UUID, Occurrence> offered = new LinkedHashMap<>();
      for (Occurrence o : done.<List<Occurrence>>resultAt(1)) {
        if (o.end().isAfter(now) && o.session().status() == SessionStatus.SCHEDULED
            && !bookedSessions.contains(o.session().id())) {
          offered.putIfAbsent(o.session().id(), o);
        }
      }
      model.put("bookings", rows);
      // The booking form's choices and errors, unless a refused booking brought its own.
      model.putIfAbsent("bookingValues", Map.of());
      model.putIfAbsent("bookingErrors", Map.of());
      model.put("classes", offered.values().stream().map(o -> Map.of("id", o.session().id().toString(),
          "title", o.session().draft().title(), "weekly", o.session().draft().recurrence() != null,
          "next", pages.dateTime(ctx, o.start(), schedule.zone()))).toList());
      return null;
    });
  }

  private Optional<Occurrence> next(Session session, Instant now) {
    return Occurrences.all(session, schedule.zone()).stream().filter(o -> o.end().isAfter(now)).findFirst();
  }
}
