package org.relais.hub.bookings;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentrePages;
import org.relais.hub.centres.Site;
import org.relais.hub.http.ProblemException;
import org.relais.hub.pages.Pages;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.hub.validation.InvalidFieldException;

/**
 * Booking a class for a room, and cancelling a booking, from the room's staff page. A refused booking comes
 * back on the room's page with the reason next to the field that causes it, the choices kept.
 */
public final class BookingPages implements StaffArea.Section {
  private static final String ROOM = "/centres/:centreId/rooms/:siteId";

  private final CentrePages rooms;
  private final StaffPages pages;
  private final BookingService bookings;

  public BookingPages(CentrePages rooms, StaffPages pages, BookingService bookings) {
    this.rooms = rooms;
    this.pages = pages;
    this.bookings = bookings;
  }

  @Override
  public void mount(Router staff) {
    staff.post(ROOM + "/bookings").handler(ctx -> rooms.withRoom(ctx, (centre, site) -> book(ctx, centre, site)));
    staff.post(ROOM + "/bookings/:bookingId/cancel").handler(ctx -> rooms.withRoom(ctx, (centre, site) ->
        Pages.idOrNext(ctx, "bookingId").map(bookingId -> cancel(ctx, site, bookingId))
            .orElse(Future.succeededFuture())));
  }

  private Future<Void> book(RoutingContext ctx, Centre centre, Site site) {
    String session = value(ctx, "sessionId");
    String headCount = value(ctx, "expectedHeadCount");
    Map<String, String> values = Map.of("sessionId", session, "expectedHeadCount", headCount);
    return Future.succeededFuture().compose(nothing -> {
          UUID sessionId = uuid(session);
          if (!headCount.matches("[0-9]{1,6}")) {
            throw new InvalidFieldException("expectedHeadCount", "expectedHeadCount is not a whole number");
          }
          return bookings.book(StaffPages.principal(ctx), sessionId, site.id(), Integer.parseInt(headCount));
        })
        .onSuccess(booked -> StaffPages.redirect(ctx, CentrePages.roomPath(site), "centres_booking_created"))
        .<Void>mapEmpty()
        .recover(failure -> {
          String field = "sessionId";
          String key;
          int status = 422;
          if (failure instanceof InvalidFieldException invalid) {
            if ("expectedHeadCount".equals(invalid.field())) {
              field = invalid.field();
            }
            key = switch (invalid.field()) {
              case "expectedHeadCount" -> "staff_centres_booking_error_head_count";
              case "siteId" -> "staff_centres_booking_error_seats";
              default -> "staff_centres_booking_error_class";
            };
          } else if (failure instanceof ProblemException problem && problem.problem().status() == 409) {
            status = 409;
            key = "sessionId".equals(problem.problem().field()) ? "staff_centres_booking_error_cancelled"
                : "staff_centres_booking_error_busy";
          } else if (failure instanceof ProblemException problem && problem.problem().status() == 404) {
            key = "staff_centres_booking_error_class";
          } else {
            return Future.failedFuture(failure);
          }
          String message = pages.text(ctx, key).replace("{capacity}", String.valueOf(site.capacity()));
          return rooms.renderRoom(ctx, status, centre, site,
              Map.of("bookingValues", values, "bookingErrors", Map.of(field, message)));
        });
  }

  private Future<Void> cancel(RoutingContext ctx, Site site, UUID bookingId) {
    return bookings.cancel(StaffPages.principal(ctx), bookingId)
        .onSuccess(cancelled -> StaffPages.redirect(ctx, CentrePages.roomPath(site), "centres_booking_cancelled"))
        .mapEmpty();
  }

  private static String value(RoutingContext ctx, String field) {
    String value = ctx.request().getFormAttribute(field);
    return value == null ? "" : value.strip();
  }

  private static UUID uuid(String value) {
    try {
      return UUID.fromString(value);
    } catch (IllegalArgumentException e) {
      throw new InvalidFieldException("sessionId", "choose a class");
    }
  }
}
