package org.relais.hub.bookings;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.relais.hub.centres.CentreService;
import org.relais.hub.centres.Site;
import org.relais.hub.http.ProblemException;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.join.JoinSubjects;
import org.relais.hub.join.JoinWindow;
import org.relais.hub.join.SubjectKind;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.shortlinks.ShortLinkKind;
import org.relais.hub.shortlinks.ShortLinks;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.storage.SqlErrors;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.JoinRole;
import org.relais.protocol.Role;
import org.relais.protocol.SessionStatus;

/**
 * Centres booking sessions for their rooms. A room hosts one session at a time; each booking gets the
 * join links of the room's big screen and of its animator (a moderator).
 */
public final class BookingService {
  /** A booking with the links its centre needs, and their short forms (null once cancelled: that revokes them). */
  public record Booked(SiteBooking booking, Site site, Session session, String screenToken, String animatorToken,
      String shortScreenUrl, String shortAnimatorUrl) {}

  private final BookingStore store;
  private final CentreService centres;
  private final ScheduleService schedule;
  private final JoinLinks links;
  private final JoinSubjects subjects;
  private final BookedSeats seats;
  private final ShortLinks shortLinks;

  public BookingService(BookingStore store, CentreService centres, ScheduleService schedule, JoinLinks links,
      JoinSubjects subjects, BookedSeats seats, ShortLinks shortLinks) {
    this.store = store;
    this.centres = centres;
    this.schedule = schedule;
    this.links = links;
    this.subjects = subjects;
    this.seats = seats;
    this.shortLinks = shortLinks;
    shortLinks.resolving(ShortLinkKind.ROOM_SCREEN, id -> token(id, JoinRole.SITE_SCREEN))
        .resolving(ShortLinkKind.ROOM_ANIMATOR, id -> token(id, JoinRole.ANIMATOR));
  }

  public Future<Booked> book(StaffPrincipal actor, UUID sessionId, UUID siteId, int expectedHeadCount) {
    return schedule.get(sessionId).compose(session -> centres.site(siteId)
        .recover(missing -> SqlErrors.unlessUnavailable(missing,
            () -> new InvalidFieldException("siteId", "siteId names no room")))
        .compose(site -> {
          requireMayBookFor(actor, site);
          if (session.status() == SessionStatus.CANCELLED) {
            throw ProblemException.conflict("sessionId", "A " + session.status() + " session cannot be booked");
          }
          if (expectedHeadCount > site.capacity()) {
            throw new InvalidFieldException("expectedHeadCount",
                "expectedHeadCount is more than the room holds (" + site.capacity() + ")");
          }
          SiteBooking booking = new SiteBooking(UUID.randomUUID(), sessionId, siteId, expectedHeadCount,
              SiteBooking.Status.BOOKED, UUID.randomUUID().toString(), UUID.randomUUID().toString(), 1);
          return store.pool().withTransaction(tx -> store.lockSite(tx, siteId)
                  .compose(locked -> store.activeOfSite(tx, siteId))
                  .compose(active -> requireRoomFree(session, active))
                  .compose(free -> requireSeatsLeft(session))
                  .compose(free -> store.insert(tx, booking))
                  .compose(done -> shortLinks.create(tx, ShortLinkKind.ROOM_SCREEN, booking.id(),
                      shortLinksExpire(session)))
                  .compose(done -> shortLinks.create(tx, ShortLinkKind.ROOM_ANIMATOR, booking.id(),
                      shortLinksExpire(session))))
              // Heard by the room's relay-site, which gets its schedule again.
              .onSuccess(done -> subjects.changed(SubjectKind.BOOKING, booking.id()))
              .compose(done -> withLinks(booking, site, session));
        }));
  }

  public Future<List<Booked>> ofSession(StaffPrincipal actor, UUID sessionId) {
    return schedule.get(sessionId).compose(session -> store.ofSession(sessionId).compose(bookings -> {
      List<Future<Booked>> all = bookings.stream()
          .map(b -> centres.site(b.siteId()).compose(site -> withLinks(b, site, session))).toList();
      return Future.all(all).map(done -> all.stream().map(Future::result)
          .filter(b -> actor.coordinates(centreOf(b)) || worksAt(actor, b.site())
              || actor.id().equals(session.draft().instructorId()))
          .toList());
    }));
  }

  public Future<SiteBooking> cancel(StaffPrincipal actor, UUID bookingId) {
    return store.find(bookingId)
        .map(found -> found.orElseThrow(() -> ProblemException.notFound("No booking " + bookingId)))
        .compose(booking -> centres.site(booking.siteId()).compose(site -> {
          requireMayBookFor(actor, site);
          if (booking.status() == SiteBooking.Status.CANCELLED) {
            return Future.succeededFuture(booking);
          }
          SiteBooking cancelled = booking.cancelled();
          return store.pool().withTransaction(tx -> store.update(tx, cancelled, booking.version()).compose(done -> {
            if (!done) {
              throw ProblemException.conflict("id", "The booking changed meanwhile; reload it");
            }
            return shortLinks.revoke(tx, cancelled.id()).map(cancelled);
          }));
        }))
        .onSuccess(cancelled -> subjects.changed(SubjectKind.BOOKING, cancelled.id()));
  }

  /** A booked room takes seats of the session's built-in room: its families must still fit in the rest. */
  private Future<Void> requireSeatsLeft(Session session) {
    return seats.bookedRooms(session.id()).map(rooms -> {
      seats.seats().requireFits(session.draft().videoMode(), session.draft().homeCapacity(), rooms + 1, "siteId");
      return null;
    });
  }

  /** A room shows one class at a time: refuses the booking if another booked session overlaps this one. */
  private Future<Void> requireRoomFree(Session session, List<SiteBooking> active) {
    if (active.stream().anyMatch(b -> b.sessionId().equals(session.id()))) {
      throw ProblemException.conflict("siteId", "This room already has this session");
    }
    List<Occurrence> sittings = Occurrences.all(session, schedule.zone());
    Instant from = sittings.get(0).start();
    Instant to = sittings.get(sittings.size() - 1).end();
    List<Future<Session>> others = active.stream().map(b -> schedule.get(b.sessionId())).toList();
    return Future.all(others).compose(done -> schedule.released(active.stream().map(SiteBooking::sessionId).toList()))
        .map(released -> {
          for (Future<Session> other : others) {
            Session booked = other.result();
            if (booked.status() == SessionStatus.CANCELLED) {
              continue;
            }
            List<Occurrence> held = released.holding(booked, Occurrences.between(booked, schedule.zone(), from, to),
                schedule.zone());
            Occurrences.firstClash(sittings, held).ifPresent(clash -> {
              throw ProblemException.conflict("siteId", "This room is already booked for \""
                  + booked.draft().title() + "\" at that time");
            });
          }
          return null;
        });
  }

  /** The room's booked sessions, with their links: what its relay-site needs to show them. */
  public Future<List<Booked>> ofSite(Site site) {
    return store.activeOfSite(store.pool(), site.id()).compose(bookings -> {
      List<Future<Booked>> all = bookings.stream()
          .map(b -> schedule.get(b.sessionId()).compose(session -> withLinks(b, site, session))).toList();
      return Future.all(all).map(done -> all.stream().map(Future::result).toList());
    });
  }

  private Future<Booked> withLinks(SiteBooking booking, Site site, Session session) {
    Future<String> screen = token(booking, site, session, JoinRole.SITE_SCREEN);
    Future<String> animator = token(booking, site, session, JoinRole.ANIMATOR);
    Future<String> shortScreen = shortUrl(booking, session, ShortLinkKind.ROOM_SCREEN);
    Future<String> shortAnimator = shortUrl(booking, session, ShortLinkKind.ROOM_ANIMATOR);
    return Future.all(screen, animator, shortScreen, shortAnimator)
        .map(done -> new Booked(booking, site, session, screen.result(), animator.result(), shortScreen.result(),
            shortAnimator.result()));
  }

  private Future<String> token(SiteBooking booking, Site site, Session session, JoinRole role) {
    return role == JoinRole.SITE_SCREEN
        ? links.token(session, JoinRole.SITE_SCREEN, booking.id(), site.name(), booking.screenTokenId())
        : links.token(session, JoinRole.ANIMATOR, booking.id(), site.name() + " (animation)",
            booking.animatorTokenId());
  }

  /**
   * The join token a room's short link stands for, made again: a class edited since opens at its new times.
   * A booking, room or session gone is an unknown link.
   */
  private Future<String> token(UUID bookingId, JoinRole role) {
    return store.find(bookingId)
        .map(found -> found.orElseThrow(ShortLinks.UnknownShortLink::new))
        .compose(booking -> Future.all(centres.site(booking.siteId()), schedule.get(booking.sessionId()))
            .recover(missing -> SqlErrors.unlessUnavailable(missing, ShortLinks.UnknownShortLink::new))
            .compose(both -> token(booking, both.resultAt(0), both.resultAt(1), role)));
  }

  /**
   * A live booking's short URL of that kind, or null once cancelled or over; one booked before short links
   * existed gets its own now.
   */
  private Future<String> shortUrl(SiteBooking booking, Session session, ShortLinkKind kind) {
    if (booking.status() == SiteBooking.Status.CANCELLED) {
      return Future.succeededFuture(null);
    }
    return shortLinks.ensure(store.pool(), kind, booking.id(), shortLinksExpire(session))
        .map(code -> code.map(found -> shortLinks.url(kind, found)).orElse(null));
  }

  /** A room's short links open nothing after the session's last sitting has closed. */
  private Instant shortLinksExpire(Session session) {
    return JoinWindow.whole(session, schedule.zone()).closesAt();
  }

  /** ADMIN; a COORDINATOR or ANIMATOR of the room's centre. */
  private static void requireMayBookFor(StaffPrincipal actor, Site site) {
    if (!actor.coordinates(site.centreId()) && !worksAt(actor, site)) {
      throw ProblemException.forbidden("Only the room's centre books it");
    }
  }

  private static boolean worksAt(StaffPrincipal actor, Site site) {
    return actor.role() == Role.ANIMATOR && actor.centreIds().contains(site.centreId());
  }

  private static UUID centreOf(Booked booked) {
    return booked.site().centreId();
  }
}
