package org.relais.hub.jitsi;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.ProblemException;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.JoinSubjects;
import org.relais.hub.join.JoinWindow;
import org.relais.hub.join.SubjectKind;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives Prosody's event_sync webhooks. Occupants whose token carried one of our ids (a family's
 * registration, a room's booking, the instructor) become attendance; unknown rooms and people are
 * acknowledged and ignored, so Prosody does not retry them.
 */
public final class JitsiEvents implements ApiRouter.Feature {
  private static final Logger LOG = LoggerFactory.getLogger(JitsiEvents.class);

  private final Optional<String> secret;
  private final ScheduleService schedule;
  private final JoinSubjects subjects;
  private final Attendance attendance;
  private final Clock clock;

  public JitsiEvents(Optional<String> secret, ScheduleService schedule, JoinSubjects subjects, Attendance attendance,
      Clock clock) {
    this.secret = secret;
    this.schedule = schedule;
    this.subjects = subjects;
    this.attendance = attendance;
    this.clock = clock;
  }

  @Override
  public void bind(ApiRouter api) {
    Handler<RoutingContext> authenticated = this::authenticate;
    api.securedOperation("jitsiRoomCreated", authenticated, ctx -> roomEvent(ctx, "created"))
        .securedOperation("jitsiRoomDestroyed", authenticated, ctx -> roomEvent(ctx, "destroyed"))
        .securedOperation("jitsiOccupantJoined", authenticated, ctx -> occupantEvent(ctx, true))
        .securedOperation("jitsiOccupantLeft", authenticated, ctx -> occupantEvent(ctx, false));
  }

  /** Same answer whether no secret is configured, none was sent, or a wrong one. */
  private void authenticate(RoutingContext ctx) {
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    boolean ok = secret.isPresent() && header != null && MessageDigest.isEqual(
        ("Bearer " + secret.get()).getBytes(StandardCharsets.UTF_8), header.getBytes(StandardCharsets.UTF_8));
    if (ok) {
      ctx.next();
    } else {
      ctx.fail(ProblemException.unauthorized());
    }
  }

  private void roomEvent(RoutingContext ctx, String what) {
    Api.respondEmpty(ctx, () -> {
      LOG.info("Jitsi room {} {}", Api.body(ctx).getString("room_name"), what);
      return Future.succeededFuture();
    });
  }

  private void occupantEvent(RoutingContext ctx, boolean joined) {
    Api.respondEmpty(ctx, () -> {
      JsonObject event = Api.body(ctx);
      JsonObject occupant = event.getJsonObject("occupant");
      Optional<UUID> subject = uuid(occupant.getString("id"));
      if (subject.isEmpty()) {
        return Future.succeededFuture();
      }
      Instant at = occupant.getLong(joined ? "joined_at" : "left_at") == null ? clock.instant()
          : Instant.ofEpochSecond(occupant.getLong(joined ? "joined_at" : "left_at"));
      return schedule.findByRoom(event.getString("room_name")).compose(session -> session
          .map(s -> stay(s, at, subject.get(), occupant.getString("occupant_jid")).compose(stay -> stay
              .map(known -> joined ? attendance.joined(known, at) : attendance.left(known, at))
              .orElse(Future.succeededFuture(false))))
          .orElse(Future.succeededFuture(false)));
    });
  }

  /**
   * Which of the session's people the occupant is, if any. Jitsi knows only our id for them: each
   * kind is asked in turn, each under its own kind, so an id of one kind never hides one of another.
   */
  private Future<Optional<Attendance.Stay>> stay(Session session, Instant at, UUID subject, String occupantJid) {
    // The sitting whose doors are open at the event's time.
    LocalDate sitting = JoinWindow.current(session, schedule.zone(), at)
        .map(window -> window.sitting().start().atZone(schedule.zone()).toLocalDate()).orElse(null);
    if (subject.equals(session.draft().instructorId())) {
      return Future.succeededFuture(Optional.of(stayOf(session, sitting, SubjectKind.STAFF, subject, occupantJid)));
    }
    return subjects.registration(subject).compose(registration -> {
      if (session.id().equals(registration.sessionId())) {
        return Future.succeededFuture(Optional.of(
            stayOf(session, sitting, SubjectKind.REGISTRATION, subject, occupantJid)));
      }
      return subjects.booking(subject).map(booking -> session.id().equals(booking.sessionId())
          ? Optional.of(stayOf(session, sitting, SubjectKind.BOOKING, subject, occupantJid))
          : Optional.empty());
    });
  }

  private static Attendance.Stay stayOf(Session session, LocalDate sitting, SubjectKind kind, UUID subject,
      String jid) {
    return new Attendance.Stay(session.id(), sitting, kind, subject, Attendance.Source.JITSI, jid);
  }

  private static Optional<UUID> uuid(String value) {
    try {
      return value == null ? Optional.empty() : Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
