package org.relais.hub.sites;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.relais.hub.bookings.BookingService;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.protocol.site.SiteSchedule;
import org.relais.protocol.site.Sitting;

/** What a relay-site is told about its room: the sittings booked for it from today to the horizon. */
public final class SiteSchedules {
  /** Sittings that ended this long ago still show, so the board keeps the morning's classes. */
  private static final Duration LOOK_BACK = Duration.ofHours(18);

  private final CentreService centres;
  private final BookingService bookings;
  private final ScheduleService schedule;
  private final JoinLinks links;
  private final PublicAddress address;
  private final Duration horizon;
  private final Clock clock;

  public SiteSchedules(CentreService centres, BookingService bookings, ScheduleService schedule, JoinLinks links,
      PublicAddress address, Duration horizon, Clock clock) {
    this.centres = centres;
    this.bookings = bookings;
    this.schedule = schedule;
    this.links = links;
    this.address = address;
    this.horizon = horizon;
    this.clock = clock;
  }

  public Future<SiteSchedule> of(UUID siteId) {
    Instant now = clock.instant();
    return centres.site(siteId).compose(site -> Future.all(centres.get(site.centreId()), bookings.ofSite(site))
        .map(done -> {
          List<BookingService.Booked> booked = done.resultAt(1);
          List<Sitting> sittings = new ArrayList<>();
          for (BookingService.Booked b : booked) {
            Session session = b.session();
            List<Occurrence> near = Occurrences.between(session, schedule.zone(), now.minus(LOOK_BACK),
                now.plus(horizon));
            for (Occurrence o : near) {
              sittings.add(new Sitting(session.id(), session.draft().title(), session.draft().category(),
                  session.draft().language(), o.start(), o.end(), session.status(), b.booking().expectedHeadCount(),
                  links.url(b.screenToken()), links.url(b.animatorToken()),
                  address.link("/sessions/" + session.id())));
            }
          }
          org.relais.hub.centres.Centre centre = done.resultAt(0);
          return new SiteSchedule(site.id(), site.name(), centre.id(), centre.name(), schedule.zone().getId(), now,
              sittings);
        }));
  }
}
