package org.relais.hub.bookings;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.join.JoinRoutes;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.Checks;

/** Rooms booking sessions, for staff; and the rooms' links among a session's join links. */
public final class BookingRoutes implements ApiRouter.Feature, JoinRoutes.RoomLinks {
  private final BookingService bookings;
  private final JoinLinks links;

  public BookingRoutes(BookingService bookings, JoinLinks links) {
    this.bookings = bookings;
    this.links = links;
  }

  @Override
  public void bind(ApiRouter api) {
    api.staffOperation("bookSite", ctx -> Api.respond(ctx, 201, () -> {
          JsonObject body = Api.body(ctx);
          return bookings.book(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId"),
              Checks.uuid("siteId", body.getString("siteId")), body.getInteger("expectedHeadCount"))
              .map(this::toJson);
        }))
        .staffOperation("listBookings", ctx -> Api.respond(ctx, 200, () ->
            bookings.ofSession(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId")).map(list -> new JsonObject()
                .put("items", new JsonArray(list.stream().map(this::toJson).toList())).putNull("next"))))
        .staffOperation("cancelBooking", ctx -> Api.respond(ctx, 200, () ->
            bookings.cancel(StaffPrincipal.of(ctx), Api.pathId(ctx, "bookingId")).map(b -> new JsonObject()
                .put("id", b.id().toString()).put("status", b.status().name()))));
  }

  @Override
  public Future<JsonArray> of(StaffPrincipal actor, UUID sessionId) {
    return bookings.ofSession(actor, sessionId).map(list -> new JsonArray(list.stream().map(this::toJson).toList()));
  }

  private JsonObject toJson(BookingService.Booked booked) {
    SiteBooking b = booked.booking();
    JsonObject json = new JsonObject()
        .put("id", b.id().toString())
        .put("sessionId", b.sessionId().toString())
        .put("siteId", b.siteId().toString())
        .put("siteName", booked.site().name())
        .put("centreId", booked.site().centreId().toString())
        .put("expectedHeadCount", b.expectedHeadCount())
        .put("status", b.status().name());
    if (b.status() == SiteBooking.Status.BOOKED) {
      json.put("screenUrl", links.url(booked.screenToken())).put("animatorUrl", links.url(booked.animatorToken()))
          .put("shortScreenUrl", booked.shortScreenUrl()).put("shortAnimatorUrl", booked.shortAnimatorUrl());
    }
    return json;
  }
}
