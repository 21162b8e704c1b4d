package org.relais.hub.join;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.shortlinks.ShortCode;
import org.relais.hub.shortlinks.ShortLinkKind;
import org.relais.hub.shortlinks.ShortLinks;
import org.relais.hub.storage.SqlErrors;
import org.relais.protocol.JoinState;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.VideoMode;

/**
 * Reads a join link: checks the token, then decides from the session, the state of its sittings, the
 * holder's standing and the clock what it opens now. An unknown, forged or tampered link fails without saying which.
 */
public final class JoinService {
  private static final Set<ShortLinkKind> SHORT_KINDS = EnumSet.of(ShortLinkKind.REGISTRATION_JOIN,
      ShortLinkKind.ROOM_SCREEN, ShortLinkKind.ROOM_ANIMATOR);

  private final JoinTokens tokens;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final JoinSubjects subjects;
  private final Optional<JitsiRooms> jitsi;
  private final DirectRooms rooms;
  private final Broadcasts broadcasts;
  private final PublicAddress address;
  private final ShortLinks shortLinks;
  private final Clock clock;

  public JoinService(JoinTokens tokens, ScheduleService schedule, SittingService sittings, JoinSubjects subjects,
      Optional<JitsiRooms> jitsi, DirectRooms rooms, Broadcasts broadcasts, PublicAddress address,
      ShortLinks shortLinks, Clock clock) {
    this.tokens = tokens;
    this.schedule = schedule;
    this.sittings = sittings;
    this.subjects = subjects;
    this.jitsi = jitsi;
    this.rooms = rooms;
    this.broadcasts = broadcasts;
    this.address = address;
    this.shortLinks = shortLinks;
    this.clock = clock;
  }

  /**
   * Like {@link #open}, and for an open built-in room also whether a seat of the holder's role is free:
   * when none is, the link says the room is full rather than hand out the room.
   */
  public Future<JoinView> openWithRoom(String token) {
    return open(token).compose(view -> !(view.video() instanceof Video.Direct direct) ? Future.succeededFuture(view)
        : rooms.hasSeatFor(direct.room(), view.claims().peerId(), view.claims().role(), view.session().id())
            .map(seat -> seat ? view : new JoinView(view.claims(), view.session(), JoinState.FULL, view.window(),
                view.next(), null)));
  }

  /** What a link opens now: a join token, or the short code of one. */
  public Future<JoinView> open(String token) {
    return verify(token).compose(this::open).map(view -> view.video() instanceof Video.Broadcast broadcast
        ? new JoinView(view.claims(), view.session(), view.state(), view.window(), view.next(),
            broadcast.withToken(token)) : view);
  }

  /**
   * What a link whose token was verified before opens now: its signature cannot change, but its
   * holder's standing, its session and the clock can.
   */
  public Future<JoinView> open(JoinClaims claims) {
    return schedule.get(claims.sessionId())
        .recover(missing -> SqlErrors.unlessUnavailable(missing, JoinTokens.InvalidJoinToken::new))
        .compose(session -> standing(claims, session).compose(standing -> view(claims, session, standing)));
  }

  /**
   * Checks a token's signature and reads its claims, without deciding anything from them. A short code stands
   * for the token its owner makes again; an unknown, revoked or expired one fails like a forged token.
   */
  public Future<JoinClaims> verify(String token) {
    if (!ShortCode.looksShort(token)) {
      return tokens.verify(token);
    }
    return shortLinks.token(token, SHORT_KINDS)
        .recover(failure -> Future.failedFuture(failure instanceof ShortLinks.UnknownShortLink
            ? new JoinTokens.InvalidJoinToken() : failure))
        .compose(tokens::verify);
  }

  private Future<JoinSubjects.Standing> standing(JoinClaims claims, Session session) {
    return switch (claims.role()) {
      case PARTICIPANT -> subjects.registration(claims.subjectId());
      case SITE_SCREEN, ANIMATOR -> subjects.booking(claims.subjectId());
      case INSTRUCTOR -> Future.succeededFuture(new JoinSubjects.Standing(session.id(),
          claims.subjectId().equals(session.draft().instructorId()), false, null));
    };
  }

  private Future<JoinView> view(JoinClaims claims, Session session, JoinSubjects.Standing standing) {
    return sittings.of(session).compose(all -> {
      Instant now = clock.instant();
      SittingDoors doors = SittingDoors.at(all, now, schedule.zone());
      JoinWindow window = JoinWindow.of(doors.shown());
      JoinState state = state(session, standing, claims, doors, now);
      Future<Video> video = state == JoinState.OPEN ? video(claims, session, standing, window)
          : Future.succeededFuture();
      Occurrence next = state == JoinState.ENDED || state == JoinState.CANCELLED
          ? Optional.ofNullable(doors.next()).map(SessionSitting::occurrence).orElse(null) : null;
      return video.map(open -> new JoinView(claims, session, state, window, next, open));
    });
  }

  private static JoinState state(Session session, JoinSubjects.Standing standing, JoinClaims claims,
      SittingDoors doors, Instant now) {
    if (!session.id().equals(standing.sessionId())) {
      return JoinState.REVOKED;
    }
    if (session.status() == SessionStatus.CANCELLED) {
      return JoinState.CANCELLED;
    }
    if (standing.waiting()) {
      return JoinState.WAITLISTED;
    }
    if (!standing.active()) {
      return JoinState.REVOKED;
    }
    if (!now.isBefore(claims.expires())) {
      return JoinState.ENDED;
    }
    return doors.state();
  }

  private Future<Video> video(JoinClaims claims, Session session, JoinSubjects.Standing standing,
      JoinWindow window) {
    if (session.draft().videoMode() == VideoMode.BROADCAST) {
      return broadcasts.live(session.id()).map(live -> new Video.Broadcast(null, live));
    }
    if (session.draft().videoMode() == VideoMode.JITSI && jitsi.isPresent()) {
      return jitsi.get().enter(new JitsiRooms.Guest(claims.subjectId().toString(), claims.displayName(),
          standing.email(), claims.role().moderates()), session.roomName(), window.opensAt(), window.closesAt())
          .map(Video.class::cast);
    }
    return Future.succeededFuture(new Video.Direct(session.roomName(), address.link("/eventbus/websocket"),
        rooms.iceServers(claims.peerId()), rooms.iceTransportPolicy()));
  }
}
