package org.relais.hub.sites;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.relais.hub.bookings.BookingService;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.schedule.SittingService;
import org.relais.protocol.SessionStatus;
import org.relais.protocol.SittingState;
import org.relais.protocol.site.SiteSchedule;
import org.relais.protocol.site.Sitting;

/**
 * What a relay-site is told about its room: the sittings booked for it from today to the horizon, each
 * with its state (started, ended, called off) and its video mode, pushed again whenever one changes. The room
 * screen's token goes with it: for a broadcast, the relay-site pulls the screen's rendition with it once for
 * its whole LAN.
 */
public final class SiteSchedules {
  /** Sittings that ended this long ago still show, so the board keeps the morning's classes. */
  private static final Duration LOOK_BACK = Duration.ofHours(18);

  private final CentreService centres;
  private final BookingService bookings;
  private final SittingService sittings;
  private final JoinLinks links;
  private final PublicAddress address;
  private final Duration horizon;
  private final Clock clock;

  public SiteSchedules(CentreService centres, BookingService bookings, SittingService sittings, JoinLinks links,
      PublicAddress address, Duration horizon, Clock clock) {
    this.centres = centres;
    this.bookings = bookings;
    this.sittings = sittings;
    this.links = links;
    this.address = address;
    this.horizon = horizon;
    this.clock = clock;
  }

  public Future<SiteSchedule> of(UUID siteId) {
    Instant now = clock.instant();
    return centres.site(siteId).compose(site -> Future.all(centres.get(site.centreId()), bookings.ofSite(site))
        .compose(done -> {
          List<BookingService.Booked> booked = done.resultAt(1);
          List<Future<List<Sitting>>> ofEach = booked.stream().map(b -> sittings.of(b.session())
              .map(all -> near(b, all, now))).toList();
          Centre centre = done.resultAt(0);
          return Future.all(ofEach).map(all -> new SiteSchedule(site.id(), site.name(), centre.id(), centre.name(),
              sittings.zone().getId(), now, ofEach.stream().flatMap(f -> f.result().stream()).toList()));
        }));
  }

  /** The booked session's sittings from a little before now to the horizon, each with its state. */
  private List<Sitting> near(BookingService.Booked b, List<SessionSitting> all, Instant now) {
    Session session = b.session();
    Instant from = now.minus(LOOK_BACK);
    Instant to = now.plus(horizon);
    List<Sitting> near = new ArrayList<>();
    for (SessionSitting s : all) {
      if (s.end().isAfter(from) && s.start().isBefore(to)) {
        near.add(new Sitting(session.id(), session.draft().title(), session.draft().category(),
            session.draft().language(), s.start(), s.end(), stateOf(session, s), b.booking().expectedHeadCount(),
            shortOrLong(b.shortScreenUrl(), b.screenToken()), shortOrLong(b.shortAnimatorUrl(), b.animatorToken()),
            address.link("/sessions/" + session.id()), session.draft().videoMode(), b.screenToken()));
      }
    }
    return near;
  }

  /** A room's link in its short form, which an animator can type on the room's computer; the long one if it has none. */
  private String shortOrLong(String shortUrl, String token) {
    return shortUrl != null ? shortUrl : links.url(token);
  }

  private static SittingState stateOf(Session session, SessionSitting sitting) {
    return session.status() == SessionStatus.CANCELLED ? SittingState.CANCELLED : sitting.state();
  }
}
