package org.relais.hub.join;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.UUID;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.Problem;
import org.relais.hub.http.ProblemException;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionJson;
import org.relais.hub.staff.StaffAccounts;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.protocol.JoinState;
import org.relais.protocol.Role;

/** The join API: what a link opens (public), the page's attendance reports, and the staff's links. */
public final class JoinRoutes implements ApiRouter.Feature {
  /** The join links of the rooms booked for a session, as the actor may see them; given out by the bookings. */
  @FunctionalInterface
  public interface RoomLinks {
    Future<JsonArray> of(StaffPrincipal actor, UUID sessionId);
  }

  private final JoinService join;
  private final JoinLinks links;
  private final Attendance attendance;
  private final ScheduleService schedule;
  private final RoomLinks roomLinks;
  private final StaffAccounts staff;
  private final Clock clock;

  public JoinRoutes(JoinService join, JoinLinks links, Attendance attendance, ScheduleService schedule,
      RoomLinks roomLinks, StaffAccounts staff, Clock clock) {
    this.join = join;
    this.links = links;
    this.attendance = attendance;
    this.schedule = schedule;
    this.roomLinks = roomLinks;
    this.staff = staff;
    this.clock = clock;
  }

  /** The one answer for any link we cannot read: nothing tells a forged token from an unknown one. */
  public static ProblemException unknownLink() {
    return new ProblemException(new Problem("unknown-link", "Unknown link", 404,
        "This link is not one we gave out, or it was changed", "token"));
  }

  @Override
  public void bind(ApiRouter api) {
    api.publicOperation("getJoinDescriptor", ctx -> Api.respond(ctx, 200, () ->
            readable(join.openWithRoom(ctx.pathParam("token"))).map(view -> descriptor(view, schedule.json()))))
        .publicOperation("reportAttendance", this::reportAttendance)
        .staffOperation("getJoinLinks", ctx -> Api.respond(ctx, 200, () ->
            staffLinks(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId"))));
  }

  Future<JoinView> open(RoutingContext ctx) {
    return readable(join.open(ctx.pathParam("token")));
  }

  /** An unreadable link becomes the one answer for every link that is not ours. */
  public static Future<JoinView> readable(Future<JoinView> opened) {
    return opened.recover(failure -> Future.failedFuture(
        failure instanceof JoinTokens.InvalidJoinToken ? unknownLink() : failure));
  }

  public static JsonObject descriptor(JoinView view, SessionJson json) {
    Session session = view.session();
    return new JsonObject()
        .put("session", new JsonObject()
            .put("id", session.id().toString())
            .put("title", session.draft().title())
            .put("category", session.draft().category().name())
            .put("language", session.draft().language())
            .put("centreId", session.draft().centreId().toString())
            .put("start", json.instant(view.window().sitting().start()))
            .put("end", json.instant(view.window().sitting().end()))
            .put("status", session.status().name()))
        .put("role", view.claims().role().name())
        .put("displayName", view.claims().displayName())
        .put("opensAt", json.instant(view.window().opensAt()))
        .put("closesAt", json.instant(view.window().closesAt()))
        .put("state", view.state().name())
        .put("next", view.next() == null ? null : new JsonObject().put("start", json.instant(view.next().start()))
            .put("end", json.instant(view.next().end())))
        .put("video", view.video() == null ? null : view.video().toJson());
  }

  private void reportAttendance(RoutingContext ctx) {
    Api.respondEmpty(ctx, () -> open(ctx).compose(view -> {
      if (view.state() != JoinState.OPEN) {
        throw ProblemException.conflict("token", "The room is not open");
      }
      Attendance.Stay stay = new Attendance.Stay(view.session().id(),
          view.window().sitting().start().atZone(schedule.zone()).toLocalDate(), SubjectKind.of(view.claims().role()),
          view.claims().subjectId(), Attendance.Source.PAGE, null);
      return "joined".equals(Api.body(ctx).getString("event"))
          ? attendance.joined(stay, clock.instant()) : attendance.left(stay, clock.instant());
    }));
  }

  /** The instructor's own link (a moderator's) and each booked room's screen and animator links. */
  private Future<JsonObject> staffLinks(StaffPrincipal actor, UUID sessionId) {
    return schedule.get(sessionId).compose(session -> {
      UUID instructor = session.draft().instructorId();
      boolean isInstructor = actor.role() == Role.INSTRUCTOR && actor.id().equals(instructor);
      if (!isInstructor && !actor.coordinates(session.draft().centreId())) {
        throw ProblemException.forbidden("Only the session's instructor and coordinators see its links");
      }
      Future<JsonObject> instructorLink = instructor == null ? Future.succeededFuture(null)
          : staff.get(actor, instructor).compose(person -> links.instructorUrl(session, instructor,
                  person.displayName())
              .map(url -> new JsonObject().put("staffId", instructor.toString())
                  .put("displayName", person.displayName()).put("url", url)));
      Future<JsonArray> rooms = roomLinks.of(actor, sessionId);
      return Future.all(instructorLink, rooms).map(done -> new JsonObject()
          .put("instructor", instructorLink.result()).put("sites", rooms.result()));
    });
  }
}
