package org.relais.hub.centres;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.pages.Pages;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Role;

/**
 * The staff pages of centres and their rooms, under {@code /staff/centres}: the list (an admin sees every
 * centre, a coordinator theirs), a centre's page with its rooms, the forms that create and edit both, and a
 * room's page, where other features add their panels (its bookings, its relay-site). The rules are
 * {@link CentreService}'s: an admin creates centres; a centre's coordinator edits it and its rooms.
 */
public final class CentrePages implements StaffArea.Section {
  private static final String CENTRE_FIELDS = "name kind address postcode city latitude longitude phone accessibility";
  private static final String ROOM_FIELDS = "name capacity equipment";
  private static final int MOST_CENTRES = 1000;

  /** What a handler does with a centre its caller coordinates. */
  private interface CentreHandler {
    Future<Void> handle(Centre centre);
  }

  /** What a handler does with a room (of the path's centre) its caller coordinates. */
  public interface RoomHandler {
    Future<Void> handle(Centre centre, Site site);
  }

  private final StaffPages pages;
  private final CentreService centres;
  private final List<RoomPanel> panels;

  public CentrePages(StaffPages pages, CentreService centres, List<RoomPanel> panels) {
    this.pages = pages;
    this.centres = centres;
    this.panels = List.copyOf(panels);
  }

  @Override
  public void mount(Router staff) {
    staff.get("/centres").handler(this::list);
    staff.get("/centres/new").handler(this::newCentre);
    staff.post("/centres").handler(this::createCentre);
    staff.get("/centres/:centreId").handler(ctx -> withCentre(ctx, centre -> centrePage(ctx, centre)));
    staff.get("/centres/:centreId/edit").handler(ctx -> withCentre(ctx, centre ->
        centreForm(ctx, 200, centre, values(centre), Map.of())));
    staff.post("/centres/:centreId").handler(ctx -> withCentre(ctx, centre -> updateCentre(ctx, centre)));
    staff.get("/centres/:centreId/rooms/new").handler(ctx -> withCentre(ctx, centre ->
        roomForm(ctx, 200, centre, null, Map.of("capacity", ""), Map.of())));
    staff.post("/centres/:centreId/rooms").handler(ctx -> withCentre(ctx, centre -> createRoom(ctx, centre)));
    staff.get("/centres/:centreId/rooms/:siteId").handler(ctx -> withRoom(ctx, (centre, site) ->
        renderRoom(ctx, 200, centre, site, Map.of())));
    staff.get("/centres/:centreId/rooms/:siteId/edit").handler(ctx -> withRoom(ctx, (centre, site) ->
        roomForm(ctx, 200, centre, site, values(site), Map.of())));
    staff.post("/centres/:centreId/rooms/:siteId").handler(ctx -> withRoom(ctx, (centre, site) ->
        updateRoom(ctx, centre, site)));
  }

  /**
   * Runs {@code handler} with the path's room if the signed-in member coordinates its centre: a page of
   * another centre's room is refused (403), an unknown or malformed one is not found (404).
   */
  public void withRoom(RoutingContext ctx, RoomHandler handler) {
    withCentre(ctx, centre -> Pages.idOrNext(ctx, "siteId")
        .map(siteId -> centres.site(siteId).compose(site -> {
          if (!site.centreId().equals(centre.id())) {
            throw ProblemException.notFound("No room " + siteId + " in centre " + centre.id());
          }
          return handler.handle(centre, site);
        }))
        .orElse(Future.succeededFuture()));
  }

  /** Renders a room's page: its details and every feature's panel, plus {@code extra} (a refused form's errors). */
  public Future<Void> renderRoom(RoutingContext ctx, int status, Centre centre, Site site, Map<String, Object> extra) {
    Map<String, Object> model = new HashMap<>();
    return Future.all(panels.stream().map(panel -> panel.fill(ctx, site, model)).toList()).compose(done -> {
      model.put("centre", centre.toJson().getMap());
      model.put("room", site.toJson().getMap());
      model.putAll(extra);
      return pages.render(ctx, status, "staff-centres-room", model);
    });
  }

  private void list(RoutingContext ctx) {
    StaffPrincipal me = StaffPages.principal(ctx);
    me.requireRole(Role.ADMIN, Role.COORDINATOR);
    Future<List<Centre>> visible = me.isAdmin()
        ? centres.list(MOST_CENTRES, null).map(page -> page.items())
        : Future.all(me.centreIds().stream().map(centres::get).toList()).map(all -> all.<Centre>list().stream()
            .sorted((a, b) -> a.name().compareToIgnoreCase(b.name())).toList());
    visible.compose(found -> pages.render(ctx, 200, "staff-centres-list", Map.of(
            "centres", found.stream().map(centre -> withKind(ctx, centre)).toList(),
            "mayCreate", me.isAdmin())))
        .onFailure(ctx::fail);
  }

  private void newCentre(RoutingContext ctx) {
    StaffPages.principal(ctx).requireRole(Role.ADMIN);
    centreForm(ctx, 200, null, Map.of("kind", CentreKind.SOCIAL_CENTRE.name()), Map.of()).onFailure(ctx::fail);
  }

  private void createCentre(RoutingContext ctx) {
    StaffPrincipal me = StaffPages.principal(ctx);
    me.requireRole(Role.ADMIN);
    Map<String, String> values = form(ctx, CENTRE_FIELDS);
    Future.succeededFuture().compose(nothing -> centres.create(me, centreJson(values)))
        .onSuccess(created -> StaffPages.redirect(ctx, "/staff/centres/" + created.id(), "centres_centre_created"))
        .<Void>mapEmpty()
        .recover(failure -> centreRefused(ctx, null, values, failure))
        .onFailure(ctx::fail);
  }

  private Future<Void> centrePage(RoutingContext ctx, Centre centre) {
    return centres.sites(centre.id()).compose(sites -> {
      List<Map<String, Object>> rooms = new ArrayList<>();
      List<Future<Void>> filled = new ArrayList<>();
      for (Site site : sites) {
        Map<String, Object> room = new HashMap<>(site.toJson().getMap());
        rooms.add(room);
        panels.forEach(panel -> filled.add(panel.fill(ctx, site, room)));
      }
      return Future.all(filled).compose(done -> pages.render(ctx, 200, "staff-centres-centre", Map.of(
          "centre", withKind(ctx, centre), "rooms", rooms)));
    });
  }

  private Future<Void> updateCentre(RoutingContext ctx, Centre centre) {
    Map<String, String> values = form(ctx, CENTRE_FIELDS);
    return Future.succeededFuture()
        .compose(nothing -> centres.update(StaffPages.principal(ctx), centre.id(), centreJson(values),
            StaffPages.formVersion(ctx)))
        .onSuccess(updated -> StaffPages.redirect(ctx, "/staff/centres/" + centre.id(), "centres_centre_saved"))
        .<Void>mapEmpty()
        .recover(failure -> centreRefused(ctx, centre, values, failure));
  }

  private Future<Void> createRoom(RoutingContext ctx, Centre centre) {
    Map<String, String> values = form(ctx, ROOM_FIELDS);
    return Future.succeededFuture()
        .compose(nothing -> centres.createSite(StaffPages.principal(ctx), centre.id(), roomJson(values)))
        .onSuccess(created -> StaffPages.redirect(ctx, roomPath(created), "centres_room_created"))
        .<Void>mapEmpty()
        .recover(failure -> roomRefused(ctx, centre, null, values, failure));
  }

  private Future<Void> updateRoom(RoutingContext ctx, Centre centre, Site site) {
    Map<String, String> values = form(ctx, ROOM_FIELDS);
    return Future.succeededFuture()
        .compose(nothing -> centres.updateSite(StaffPages.principal(ctx), site.id(), roomJson(values),
            StaffPages.formVersion(ctx)))
        .onSuccess(updated -> StaffPages.redirect(ctx, roomPath(updated), "centres_room_saved"))
        .<Void>mapEmpty()
        .recover(failure -> roomRefused(ctx, centre, site, values, failure));
  }

  /** The room's page, where its bookings and relay-site are managed. */
  public static String roomPath(Site site) {
    return "/staff/centres/" + site.centreId() + "/rooms/" + site.id();
  }

  private Future<Void> centreRefused(RoutingContext ctx, Centre centre, Map<String, String> values,
      Throwable failure) {
    if (failure instanceof InvalidFieldException invalid) {
      return centreForm(ctx, 422, centre, values,
          Map.of(invalid.field(), pages.fieldError(ctx, "staff_centres_error", invalid)));
    }
    if (isStale(failure)) {
      return centreForm(ctx, 409, centre, values, Map.of("form", pages.text(ctx, "staff_centres_error_stale")));
    }
    return Future.failedFuture(failure);
  }

  private Future<Void> roomRefused(RoutingContext ctx, Centre centre, Site site, Map<String, String> values,
      Throwable failure) {
    if (failure instanceof InvalidFieldException invalid) {
      return roomForm(ctx, 422, centre, site, values,
          Map.of(invalid.field(), pages.fieldError(ctx, "staff_centres_room_error", invalid)));
    }
    if (failure instanceof ProblemException problem && problem.problem().status() == 409
        && "name".equals(problem.problem().field())) {
      return roomForm(ctx, 409, centre, site, values,
          Map.of("name", pages.text(ctx, "staff_centres_room_error_name_taken")));
    }
    if (isStale(failure)) {
      return roomForm(ctx, 409, centre, site, values, Map.of("form", pages.text(ctx, "staff_centres_error_stale")));
    }
    return Future.failedFuture(failure);
  }

  private Future<Void> centreForm(RoutingContext ctx, int status, Centre centre, Map<String, String> values,
      Map<String, String> errors) {
    Map<String, Object> model = new HashMap<>();
    model.put("values", values);
    model.put("errors", errors);
    String kind = values.get("kind");
    model.put("kinds", Arrays.stream(CentreKind.values()).map(each -> Map.of("value", each.name(),
        "label", pages.text(ctx, "staff_centres_kind_" + each.name()), "selected", each.name().equals(kind))).toList());
    if (centre != null) {
      model.put("centre", centre.toJson().getMap());
    }
    return pages.render(ctx, status, "staff-centres-centre-form", model);
  }

  private Future<Void> roomForm(RoutingContext ctx, int status, Centre centre, Site site, Map<String, String> values,
      Map<String, String> errors) {
    Map<String, Object> model = new HashMap<>();
    model.put("centre", centre.toJson().getMap());
    model.put("values", values);
    model.put("errors", errors);
    if (site != null) {
      model.put("room", site.toJson().getMap());
    }
    return pages.render(ctx, status, "staff-centres-room-form", model);
  }

  private void withCentre(RoutingContext ctx, CentreHandler handler) {
    Pages.idOrNext(ctx, "centreId").ifPresent(centreId -> {
      StaffPages.principal(ctx).requireCoordinates(centreId);
      centres.get(centreId).compose(handler::handle).onFailure(ctx::fail);
    });
  }

  private Map<String, Object> withKind(RoutingContext ctx, Centre centre) {
    Map<String, Object> json = new HashMap<>(centre.toJson().getMap());
    json.put("kindLabel", pages.text(ctx, "staff_centres_kind_" + centre.kind().name()));
    return json;
  }

  private static Map<String, String> form(RoutingContext ctx, String fields) {
    MultiMap attributes = ctx.request().formAttributes();
    Map<String, String> values = new LinkedHashMap<>();
    for (String field : fields.split(" ")) {
      String value = attributes.get(field);
      values.put(field, value == null ? "" : value.strip());
    }
    return values;
  }

  private static JsonObject centreJson(Map<String, String> values) {
    return new JsonObject().put("name", values.get("name")).put("kind", values.get("kind"))
        .put("address", blankToNull(values.get("address"))).put("postcode", blankToNull(values.get("postcode")))
        .put("city", blankToNull(values.get("city")))
        .put("latitude", decimal("latitude", values.get("latitude")))
        .put("longitude", decimal("longitude", values.get("longitude")))
        .put("phone", blankToNull(values.get("phone"))).put("accessibility", blankToNull(values.get("accessibility")));
  }

  private static JsonObject roomJson(Map<String, String> values) {
    String capacity = values.get("capacity");
    if (!capacity.matches("[0-9]{1,6}")) {
      throw new InvalidFieldException("capacity", "capacity is not a whole number");
    }
    return new JsonObject().put("name", values.get("name")).put("capacity", Integer.parseInt(capacity))
        .put("equipment", blankToNull(values.get("equipment")));
  }

  private static Map<String, String> values(Centre centre) {
    Map<String, String> values = new HashMap<>();
    centre.toJson().forEach(entry -> values.put(entry.getKey(), entry.getValue() == null ? ""
        : entry.getValue().toString()));
    return values;
  }

  private static Map<String, String> values(Site site) {
    return Map.of("name", site.name(), "capacity", String.valueOf(site.capacity()),
        "equipment", site.equipment() == null ? "" : site.equipment());
  }

  /** A French or English decimal ("50,63" or "50.63"), or none. */
  private static Double decimal(String field, String value) {
    if (value.isEmpty()) {
      return null;
    }
    try {
      return Double.valueOf(value.replace(',', '.'));
    } catch (NumberFormatException e) {
      throw new InvalidFieldException(field, field + " is not a number");
    }
  }

  private static String blankToNull(String value) {
    return value.isEmpty() ? null : value;
  }

  private static boolean isStale(Throwable failure) {
    return failure instanceof ProblemException problem && problem.problem().status() == 412;
  }
}
