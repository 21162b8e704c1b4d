package org.relais.hub.registrations;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.sqlclient.SqlClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.relais.hub.http.Problem;
import org.relais.hub.http.ProblemException;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.join.JoinSubjects;
import org.relais.hub.join.JoinWindow;
import org.relais.hub.join.SubjectKind;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.shortlinks.ShortCode;
import org.relais.hub.shortlinks.ShortLinkKind;
import org.relais.hub.shortlinks.ShortLinks;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.storage.SqlErrors;
import org.relais.protocol.Addresses;
import org.relais.protocol.JoinRole;
import org.relais.protocol.Role;
import org.relais.protocol.SessionStatus;

/**
 * Families registering from home: a home place while there is one, the waiting list after, the first
 * in line promoted when someone cancels. A retried request with the same Idempotency-Key gets the same
 * registration.
 */
public final class RegistrationService {
  /**
   * A registration with its links: the join token and the private manage token, and their short URLs
   * (null once the registration is cancelled: cancelling revokes them).
   */
  public record Registered(Registration registration, Session session, String joinToken, String manageToken,
      String shortJoinUrl, String shortManageUrl) {}

  /** What a cancellation changed: the cancelled registration, and the waiting family it gave a place to, if any. */
  public record Cancellation(Registration cancelled, Optional<Registration> promoted) {}

  /** A session with its registrations in order of arrival, as the staff who run it see them. */
  public record Roster(Session session, List<Registration> registrations) {
    public Roster {
      registrations = List.copyOf(registrations);
    }

    /** Where each waiting family stands in line (1 for the first), by registration id. */
    public Map<UUID, Integer> waitingPositions() {
      Map<UUID, Integer> positions = new HashMap<>();
      for (Registration r : registrations) {
        if (r.status() == RegistrationStatus.WAITLISTED) {
          positions.put(r.id(), positions.size() + 1);
        }
      }
      return positions;
    }

    public Optional<Registration> find(UUID id) {
      return registrations.stream().filter(r -> r.id().equals(id)).findFirst();
    }
  }

  private final RegistrationStore store;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final JoinLinks links;
  private final ManageLinks manageLinks;
  private final JoinSubjects subjects;
  private final ShortLinks shortLinks;
  private final EventBus eventBus;
  private final Outbox outbox;
  private final Clock clock;

  public RegistrationService(RegistrationStore store, ScheduleService schedule, SittingService sittings,
      JoinLinks links, ManageLinks manageLinks, JoinSubjects subjects, ShortLinks shortLinks, EventBus eventBus,
      Outbox outbox, Clock clock) {
    this.store = store;
    this.outbox = outbox;
    this.schedule = schedule;
    this.sittings = sittings;
    this.links = links;
    this.manageLinks = manageLinks;
    this.subjects = subjects;
    this.shortLinks = shortLinks;
    this.eventBus = eventBus;
    this.clock = clock;
    shortLinks.resolving(ShortLinkKind.REGISTRATION_JOIN, this::joinToken)
        .resolving(ShortLinkKind.REGISTRATION_MANAGE, id -> Future.succeededFuture(manageLinks.token(id)));
  }

  public Future<Registered> register(UUID sessionId, RegistrationRequest request, String idempotencyKey) {
    String fingerprint = fingerprint(request);
    return schedule.get(sessionId).compose(session -> {
      requireOpenForRegistration(session);
      return store.pool().withTransaction(tx -> store.lockSession(tx, sessionId)
              .compose(locked -> idempotencyKey == null ? Future.succeededFuture(Optional.<RegistrationStore.Stored>empty())
                  : store.findByIdempotencyKey(tx, sessionId, idempotencyKey))
              .compose(earlier -> {
                if (earlier.isPresent()) {
                  return Future.succeededFuture(replay(earlier.get(), fingerprint));
                }
                return store.countConfirmed(tx, sessionId).compose(confirmed -> {
                  RegistrationStatus status = confirmed < session.draft().homeCapacity()
                      ? RegistrationStatus.CONFIRMED : RegistrationStatus.WAITLISTED;
                  Registration created = new Registration(UUID.randomUUID(), sessionId, request, status,
                      UUID.randomUUID().toString(), clock.instant(), 1);
                  // The short links are born with the registration: a message about it can always carry one.
                  Instant expires = shortLinksExpire(session);
                  return store.insert(tx, created, idempotencyKey, fingerprint)
                      .compose(done -> shortLinks.create(tx, ShortLinkKind.REGISTRATION_JOIN, created.id(), expires))
                      .compose(done -> shortLinks.create(tx, ShortLinkKind.REGISTRATION_MANAGE, created.id(), expires))
                      .compose(done -> status == RegistrationStatus.CONFIRMED
                          ? confirmed(tx, MessageKind.CONFIRMED, created, session)
                          : outbox.enqueue(tx, MessageKind.WAITLISTED, created.id(), Optional.empty(), clock.instant()))
                      .map(created);
                });
              }))
          // Two first tries with one key at once: the loser reads what the winner stored.
          .recover(failure -> SqlErrors.isUniqueViolation(failure) && idempotencyKey != null
              ? store.pool().withConnection(c -> store.findByIdempotencyKey(c, sessionId, idempotencyKey))
                  .map(found -> replay(found.orElseThrow(), fingerprint))
              : Future.failedFuture(failure))
          .onSuccess(registration -> counted(sessionId))
          .compose(registration -> withLinks(registration, session));
    });
  }

  /** The private page where the family of registration {@code id} sees or cancels it. */
  public String managePath(UUID id) {
    return "/r/" + manageToken(id);
  }

  /** The private token naming registration {@code id} (in its manage and unsubscribe links). */
  public String manageToken(UUID id) {
    return manageLinks.token(id);
  }

  /** The registration a private manage link names, with its links. */
  public Future<Registered> byManageToken(String manageToken) {
    UUID id = manageLinks.registrationId(manageToken).orElseThrow(RegistrationService::unknownManageLink);
    return store.find(store.pool(), id, false)
        .map(found -> found.orElseThrow(RegistrationService::unknownManageLink))
        .compose(registration -> schedule.get(registration.sessionId())
            .compose(session -> withLinks(registration, session)));
  }

  /**
   * The registration a private manage link names, by its long token or its short form; an unknown,
   * revoked or expired short form is answered like an unknown token.
   */
  public Future<Registered> byManageLink(String tokenOrCode) {
    if (!ShortCode.looksShort(tokenOrCode)) {
      return byManageToken(tokenOrCode);
    }
    return shortLinks.token(tokenOrCode, EnumSet.of(ShortLinkKind.REGISTRATION_MANAGE))
        .recover(failure -> Future.failedFuture(failure instanceof ShortLinks.UnknownShortLink
            ? unknownManageLink() : failure))
        .compose(this::byManageToken);
  }

  private static ProblemException unknownManageLink() {
    return ProblemException.notFound("This link is not one we gave out");
  }

  /**
   * The family cancels through its private link; cancelling twice is harmless. Once every sitting of the class is
   * over there is no place left to give up: refused (409 class-over).
   */
  public Future<Registered> cancelByManageToken(String manageToken) {
    return byManageToken(manageToken).compose(registered -> cancel(registered.registration().id(), true))
        .compose(cancelled -> byManageToken(manageToken));
  }

  /**
   * Gives up a registration's place because its household's data is being erased, on the family's request
   * (through its private link, or through staff who checked it): as the family's own cancellation, the first
   * waiting family is promoted. The caller has established the right to ask.
   */
  public Future<Cancellation> cancelForErasure(UUID id) {
    return cancel(id, false);
  }

  /**
   * Staff cancel a registration of a session they run (even once it is over, to put a record right); the answer
   * names the family promoted in its place, none once the class is over.
   */
  public Future<Cancellation> cancelByStaff(StaffPrincipal actor, UUID id) {
    return store.find(store.pool(), id, false)
        .map(found -> found.orElseThrow(() -> ProblemException.notFound("No registration " + id)))
        .compose(registration -> schedule.get(registration.sessionId()).compose(session -> {
          requireRunsSession(actor, session);
          return cancel(id, false);
        }));
  }

  /**
   * Staff register a family on its behalf (on the phone), under the same rules as the family's own form:
   * a home place while there is one, the waiting list after, contact data only with consent.
   */
  public Future<Registered> registerByStaff(StaffPrincipal actor, UUID sessionId, RegistrationRequest request,
      String idempotencyKey) {
    return schedule.get(sessionId).compose(session -> {
      requireRunsSession(actor, session);
      return register(sessionId, request, idempotencyKey);
    });
  }

  /** A registration of a session the staff member runs, with the family's links (to read out on the phone). */
  public Future<Registered> linksForStaff(StaffPrincipal actor, UUID id) {
    return store.find(store.pool(), id, false)
        .map(found -> found.orElseThrow(() -> ProblemException.notFound("No registration " + id)))
        .compose(registration -> schedule.get(registration.sessionId()).compose(session -> {
          requireRunsSession(actor, session);
          return withLinks(registration, session);
        }));
  }

  public Future<List<Registration>> listForStaff(StaffPrincipal actor, UUID sessionId) {
    return rosterForStaff(actor, sessionId).map(Roster::registrations);
  }

  public Future<Roster> rosterForStaff(StaffPrincipal actor, UUID sessionId) {
    return schedule.get(sessionId).compose(session -> {
      requireRunsSession(actor, session);
      return store.ofSession(sessionId).map(list -> new Roster(session, list));
    });
  }

  public Future<Boolean> isErased(Registration registration) {
    return store.isErased(registration.id());
  }

  public Future<Integer> positionInQueue(Registration registration) {
    return registration.status() == RegistrationStatus.WAITLISTED ? store.positionInQueue(registration)
        : Future.succeededFuture(0);
  }

  /**
   * Cancels and, if that frees a home place of a class not over yet, confirms the longest-waiting family, in one
   * transaction under the session's lock. Both links change at once on every node. {@code refusedOnceOver}: a
   * class whose sittings are all over refuses it (409 class-over).
   */
  private Future<Cancellation> cancel(UUID id, boolean refusedOnceOver) {
    return store.find(store.pool(), id, false)
        .map(found -> found.orElseThrow(() -> ProblemException.notFound("No registration " + id)))
        .compose(registration -> schedule.get(registration.sessionId()).compose(session -> sittings.of(session)
            .compose(all -> {
              // Once every sitting is over there is no place left to give up, nor to give to a waiting family.
              boolean over = SittingService.progress(all, clock.instant()) == SittingService.Progress.OVER;
              if (over && refusedOnceOver && registration.status() != RegistrationStatus.CANCELLED) {
                return Future.failedFuture(classOver());
              }
              return cancel(id, session, !over);
            })));
  }

  /** Cancels, and gives the freed home place to the first waiting family if {@code givesPlace}. */
  private Future<Cancellation> cancel(UUID id, Session session, boolean givesPlace) {
    return store.pool().withTransaction(tx -> store.find(tx, id, false)
            .map(found -> found.orElseThrow(() -> ProblemException.notFound("No registration " + id)))
            .compose(registration -> store.lockSession(tx, registration.sessionId())
                .compose(locked -> store.find(tx, id, true))
                .map(Optional::orElseThrow))
            .compose(current -> {
              if (current.status() == RegistrationStatus.CANCELLED) {
                return Future.succeededFuture(List.of(current));
              }
              Registration cancelled = current.withStatus(RegistrationStatus.CANCELLED);
              Future<List<Registration>> promoted = current.status() != RegistrationStatus.CONFIRMED || !givesPlace
                  ? Future.succeededFuture(List.of())
                  : store.firstWaiting(tx, current.sessionId()).compose(next -> next
                      .map(waiting -> {
                        Registration confirmed = waiting.withStatus(RegistrationStatus.CONFIRMED);
                        return store.setStatus(tx, confirmed)
                            .compose(done -> confirmed(tx, MessageKind.PLACE_GRANTED, confirmed, session))
                            .map(List.of(confirmed));
                      })
                      .orElse(Future.succeededFuture(List.of())));
              return store.setStatus(tx, cancelled)
                  .compose(done -> shortLinks.revoke(tx, cancelled.id()))
                  .compose(done -> outbox.registrationCancelled(tx, cancelled.id()))
                  .compose(done -> promoted)
                  .map(others -> Stream.concat(Stream.of(cancelled), others.stream())
                      .toList());
            }))
        .onSuccess(changed -> {
          changed.forEach(r -> subjects.changed(SubjectKind.REGISTRATION, r.id()));
          counted(changed.get(0).sessionId());
        })
        .map(changed -> new Cancellation(changed.get(0), changed.stream().skip(1).findFirst()));
  }

  /**
   * Tells the family its place is confirmed ({@code kind}) and writes the reminders of its next sitting, in the
   * transaction that confirms it; the reminders of later sittings are written as they come near.
   */
  private Future<Integer> confirmed(SqlClient tx, MessageKind kind, Registration registration, Session session) {
    Instant now = clock.instant();
    Future<Integer> notice = outbox.enqueue(tx, kind, registration.id(), Optional.empty(), now);
    return Occurrences.all(session, schedule.zone()).stream().filter(o -> o.start().isAfter(now)).findFirst()
        .map(next -> notice.compose(n -> outbox.enqueueReminders(tx, registration.id(),
            Occurrences.seriesDate(session, next, schedule.zone()), next.start())))
        .orElse(notice);
  }

  /** The session's figures of families changed: the staff's pages that count them hear of it, on every node. */
  private void counted(UUID sessionId) {
    eventBus.publish(Addresses.registrationsChanged(), sessionId.toString());
  }

  private Future<Registered> withLinks(Registration registration, Session session) {
    Future<String> token = joinToken(registration, session);
    Future<String> shortJoin = shortUrl(registration, session, ShortLinkKind.REGISTRATION_JOIN);
    Future<String> shortManage = shortUrl(registration, session, ShortLinkKind.REGISTRATION_MANAGE);
    return Future.all(token, shortJoin, shortManage)
        .map(done -> new Registered(registration, session, token.result(), manageLinks.token(registration.id()),
            shortJoin.result(), shortManage.result()));
  }

  private Future<String> joinToken(Registration registration, Session session) {
    return links.token(session, JoinRole.PARTICIPANT, registration.id(), registration.details().displayName(),
        registration.tokenId());
  }

  /**
   * The join token a registration's short link stands for, made again: a class edited since opens at its new
   * times. A registration or session gone is an unknown link.
   */
  private Future<String> joinToken(UUID registrationId) {
    return store.find(store.pool(), registrationId, false)
        .map(found -> found.orElseThrow(ShortLinks.UnknownShortLink::new))
        .compose(registration -> schedule.get(registration.sessionId())
            .recover(missing -> SqlErrors.unlessUnavailable(missing, ShortLinks.UnknownShortLink::new))
            .compose(session -> joinToken(registration, session)));
  }

  /**
   * A live registration's short URL of that kind, or null once cancelled or over; one registered before short
   * links existed gets its own now.
   */
  private Future<String> shortUrl(Registration registration, Session session, ShortLinkKind kind) {
    if (registration.status() == RegistrationStatus.CANCELLED) {
      return Future.succeededFuture(null);
    }
    return shortLinks.ensure(store.pool(), kind, registration.id(), shortLinksExpire(session))
        .map(code -> code.map(found -> shortLinks.url(kind, found)).orElse(null));
  }

  /** A registration's short links open nothing after its session's last sitting has closed. */
  private Instant shortLinksExpire(Session session) {
    return JoinWindow.whole(session, schedule.zone()).closesAt();
  }

  /** Why a session takes no registration now, if it does not: a series takes them until its last sitting. */
  public enum Closed { CANCELLED, OVER, CENTRES_ONLY }

  public static Optional<Closed> closedReason(Session session, java.time.ZoneId zone, Instant now) {
    if (session.status() == SessionStatus.CANCELLED) {
      return Optional.of(Closed.CANCELLED);
    }
    if (!now.isBefore(JoinWindow.whole(session, zone).closesAt().minus(JoinWindow.CLOSES_AFTER))) {
      return Optional.of(Closed.OVER);
    }
    if (session.draft().homeCapacity() == 0) {
      return Optional.of(Closed.CENTRES_ONLY);
    }
    return Optional.empty();
  }

  private void requireOpenForRegistration(Session session) {
    closedReason(session, schedule.zone(), clock.instant()).ifPresent(reason -> {
      throw closed(switch (reason) {
        case CANCELLED -> "This class is cancelled; registrations are closed";
        case OVER -> "This class is over; registrations are closed";
        case CENTRES_ONLY -> "This class is followed at the centres only: ask a centre near you";
      });
    });
  }

  /** The problem of cancelling a registration of a class whose sittings are all over. */
  public static ProblemException classOver() {
    return new ProblemException(new Problem("class-over", "Class over", 409,
        "This class is over: its registrations can no longer be cancelled", null));
  }

  private static ProblemException closed(String detail) {
    return new ProblemException(new Problem("registration-closed", "Registration closed", 409, detail, "sessionId"));
  }

  private static Registration replay(RegistrationStore.Stored earlier, String fingerprint) {
    if (!fingerprint.equals(earlier.requestHash())) {
      throw new ProblemException(new Problem("idempotency-key-reused", "Idempotency key reused", 422,
          "This Idempotency-Key was used for a different registration", "Idempotency-Key"));
    }
    return earlier.registration();
  }

  private static void requireRunsSession(StaffPrincipal actor, Session session) {
    boolean instructor = actor.role() == Role.INSTRUCTOR && actor.id().equals(session.draft().instructorId());
    if (!instructor && !actor.coordinates(session.draft().centreId())) {
      throw ProblemException.forbidden("Only the session's instructor and coordinators see its registrations");
    }
  }

  static String fingerprint(RegistrationRequest request) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256")
          .digest(request.canonical().encode().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
