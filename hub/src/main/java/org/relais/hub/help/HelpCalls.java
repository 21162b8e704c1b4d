package org.relais.hub.help;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.http.Problem;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.join.DirectRooms;
import org.relais.hub.join.JoinRoutes;
import org.relais.hub.join.JoinService;
import org.relais.hub.join.JoinView;
import org.relais.hub.schedule.Session;
import org.relais.hub.signalling.Admission;
import org.relais.hub.signalling.BridgeGuard;
import org.relais.hub.signalling.RoomAccess;
import org.relais.hub.signalling.Tickets;
import org.relais.hub.staff.StaffAccounts;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.storage.SqlErrors;
import org.relais.protocol.Addresses;
import org.relais.protocol.JoinRole;
import org.relais.protocol.Role;
import org.relais.protocol.site.FamilyCall;

/**
 * 1:1 help calls. A family, from its join link, asks the centre hosting its session for help; an
 * animator of that centre takes the call, and both get tickets to a built-in room of the call's own,
 * which lasts as long as the call. Every change is published to the centre's help address, for its
 * consoles and kiosks.
 */
public final class HelpCalls implements RoomAccess {
  /** Longer than a class and its early doors: a call this old was left open by a family gone long ago. */
  static final Duration STALE_AFTER = Duration.ofHours(4);

  /** A call as the family who made it sees it; {@code created} false when an open one was already there. */
  public record Asked(HelpCall call, boolean created) {}

  private final HelpStore store;
  private final JoinService join;
  private final StaffAccounts staff;
  private final Tickets tickets;
  private final DirectRooms rooms;
  private final BridgeGuard bridge;
  private final PublicAddress address;
  private final EventBus eventBus;
  private final Clock clock;

  public HelpCalls(Pool pool, JoinService join, StaffAccounts staff, Tickets tickets,
      DirectRooms rooms, BridgeGuard bridge, PublicAddress address, EventBus eventBus, ZoneId zone, Clock clock) {
    this.store = new HelpStore(pool, zone, clock);
    this.join = join;
    this.staff = staff;
    this.tickets = tickets;
    this.rooms = rooms;
    this.bridge = bridge;
    this.address = address;
    this.eventBus = eventBus;
    this.clock = clock;
  }

  /** The family's open call, made now if it had none: asking twice does not queue twice. */
  public Future<Asked> ask(String token, String message) {
    return familyLink(token).compose(view -> {
      UUID registration = view.claims().subjectId();
      Session session = view.session();
      HelpCall call = new HelpCall(UUID.randomUUID(), session.id(), session.draft().centreId(), registration,
          view.claims().displayName(), message, HelpCall.Status.WAITING, Session.newRoomName("aide"), null, null, 1,
          clock.instant());
      return insert(call).recover(failure -> {
        if (!SqlErrors.isUniqueViolation(failure)) {
          return Future.failedFuture(failure);
        }
        return store.openOf(registration).compose(open -> {
          HelpCall before = open.orElseThrow(HelpCalls::conflictAfterRace);
          // A call nobody closed, from an earlier sitting of a weekly class: over, and this one is new.
          return isStale(before) ? end(before).compose(ended -> insert(call)) : Future.succeededFuture(
              new Asked(before, false));
        });
      });
    });
  }

  private Future<Asked> insert(HelpCall call) {
    return store.insert(call).map(done -> new Asked(published(call), true));
  }

  private boolean isStale(HelpCall call) {
    return call.createdAt().isBefore(clock.instant().minus(STALE_AFTER));
  }

  /** The family's open call, if it has one: its help page picks it up again after a reload. */
  public Future<Optional<HelpCall>> openCallOf(JoinView view) {
    if (!view.mayCallForHelp()) {
      return Future.succeededFuture(Optional.empty());
    }
    return store.openOf(view.claims().subjectId()).map(open -> open.filter(call -> !isStale(call)));
  }

  /** One of the family's calls, with how many calls wait before it while it waits. */
  public Future<JsonObject> familyView(String token, UUID callId) {
    return JoinRoutes.readable(join.open(token)).compose(view -> ownCall(view, callId)).compose(call -> {
      Future<Integer> ahead = call.status() == HelpCall.Status.WAITING
          ? store.waitingBefore(call, clock.instant().minus(STALE_AFTER)) : Future.succeededFuture(null);
      return ahead.map(count -> forFamily(call).put("waitingBefore", count));
    });
  }

  /** The family hangs up, or gives up waiting. */
  public Future<HelpCall> endByFamily(String token, UUID callId) {
    return JoinRoutes.readable(join.open(token)).compose(view -> ownCall(view, callId)).compose(this::end);
  }

  public Future<JsonObject> familyTicket(String token, UUID callId) {
    return familyLink(token).compose(view -> ownCall(view, callId).compose(call -> {
      requireTaken(call);
      String peerId = view.claims().peerId();
      return ticket(new Admission(call.roomName(), peerId, view.claims().displayName(), JoinRole.PARTICIPANT.name(),
          token, call.id().toString()));
    }));
  }

  /** The centre's open calls, oldest first, without those left open for hours. */
  public Future<List<HelpCall>> queue(StaffPrincipal actor, UUID centreId) {
    requireAnswers(actor, centreId);
    return store.openAt(centreId, clock.instant().minus(STALE_AFTER));
  }

  /** The centre's open calls as its relay-sites' kiosks list them, oldest first, with each one's class. */
  public Future<List<FamilyCall>> forKiosks(UUID centreId) {
    return store.openForKiosks(centreId, clock.instant().minus(STALE_AFTER));
  }

  /** A staff member takes a waiting call; taking one's own call again changes nothing. */
  public Future<HelpCall> take(StaffPrincipal actor, UUID callId) {
    return find(callId).compose(call -> {
      requireAnswers(actor, call.centreId());
      if (call.status() == HelpCall.Status.TAKEN && actor.id().equals(call.takenBy())) {
        return Future.succeededFuture(call);
      }
      if (call.status() != HelpCall.Status.WAITING) {
        throw taken(call);
      }
      return staff.get(actor, actor.id()).compose(me -> {
        HelpCall taken = call.takenBy(actor.id(), me.displayName());
        return store.update(taken, call.version()).compose(done -> done
            ? Future.succeededFuture(published(taken))
            : find(callId).compose(now -> Future.failedFuture(taken(now))));
      });
    });
  }

  public Future<JsonObject> staffTicket(StaffPrincipal actor, UUID callId) {
    return find(callId).compose(call -> {
      requireTaken(call);
      if (!actor.id().equals(call.takenBy())) {
        throw ProblemException.forbidden("Only who took the call joins its room");
      }
      return ticket(new Admission(call.roomName(), staffPeer(actor.id()), call.takenByName(), actor.role().name(),
          null, call.id().toString()));
    });
  }

  /** Staff end a call, taken or not (a family that left without hanging up). */
  public Future<HelpCall> close(StaffPrincipal actor, UUID callId) {
    return find(callId).compose(call -> {
      requireAnswers(actor, call.centreId());
      return end(call);
    });
  }

  /** The room of a call is open to its two ends while the call is taken, and the family's link holds. */
  @Override
  public Future<Boolean> allows(Admission admission) {
    if (!admission.isHelpCall()) {
      return Future.succeededFuture(false);
    }
    return store.find(UUID.fromString(admission.helpCallId())).compose(found -> {
      Optional<HelpCall> open = found.filter(call -> call.status() == HelpCall.Status.TAKEN
          && call.roomName().equals(admission.roomId()));
      if (open.isEmpty()) {
        return Future.succeededFuture(false);
      }
      HelpCall call = open.get();
      if (admission.joinToken() == null) {
        return Future.succeededFuture(admission.peerId().equals(staffPeer(call.takenBy())));
      }
      return join.open(admission.joinToken()).map(view -> view.mayCallForHelp()
          && view.claims().subjectId().equals(call.registrationId())
          && view.claims().peerId().equals(admission.peerId()));
    });
  }

  private Future<HelpCall> end(HelpCall call) {
    if (!call.status().isOpen()) {
      return Future.succeededFuture(call);
    }
    HelpCall ended = call.ended();
    return store.update(ended, call.version()).compose(done -> done
        ? bridge.closeRoom(call.roomName()).otherwiseEmpty().map(closed -> published(ended))
        : find(call.id()).compose(this::end));
  }

  private Future<JsonObject> ticket(Admission admission) {
    return tickets.describedTicket(admission, address.link("/eventbus/websocket"))
        .map(json -> json.put("iceServers", rooms.iceServers(admission.peerId()))
            .put("iceTransportPolicy", rooms.iceTransportPolicy()));
  }

  /** A family's link that may ask for help now. */
  private Future<JoinView> familyLink(String token) {
    return JoinRoutes.readable(join.open(token)).map(view -> {
      if (view.claims().role() != JoinRole.PARTICIPANT) {
        throw ProblemException.forbidden("Help calls are for families; this link is a centre's or an instructor's");
      }
      if (!view.mayCallForHelp()) {
        throw new ProblemException(new Problem("help-closed", "Help not available", 409,
            "This link cannot call for help now (" + view.state() + ")", "token"));
      }
      return view;
    });
  }

  private Future<HelpCall> ownCall(JoinView view, UUID callId) {
    return store.find(callId).map(found -> found
        .filter(call -> call.registrationId().equals(view.claims().subjectId()))
        .orElseThrow(() -> ProblemException.notFound("No help call " + callId + " for this link")));
  }

  private Future<HelpCall> find(UUID callId) {
    return store.find(callId)
        .map(found -> found.orElseThrow(() -> ProblemException.notFound("No help call " + callId)));
  }

  private HelpCall published(HelpCall call) {
    eventBus.publish(Addresses.centreHelp(call.centreId().toString()), call.toJson());
    return call;
  }

  static JsonObject forFamily(HelpCall call) {
    return new JsonObject()
        .put("id", call.id().toString())
        .put("status", call.status().name())
        .put("takenByName", call.takenByName())
        .put("createdAt", call.createdAt().toString());
  }

  /** An animator of the centre, or whoever coordinates it: who sees and answers the centre's calls. */
  public static void requireAnswers(StaffPrincipal actor, UUID centreId) {
    if (!actor.coordinates(centreId) && !(actor.role() == Role.ANIMATOR && actor.centreIds().contains(centreId))) {
      throw ProblemException.forbidden("Only the centre's animators and coordinators answer its help calls");
    }
  }

  private static void requireTaken(HelpCall call) {
    if (call.status() != HelpCall.Status.TAKEN) {
      throw new ProblemException(new Problem("help-not-taken", "Call not taken", 409,
          "Nobody is in this call's room now (" + call.status() + ")", "id"));
    }
  }

  private static ProblemException taken(HelpCall call) {
    return ProblemException.conflict("id", call.status() == HelpCall.Status.TAKEN
        ? "Already taken by " + call.takenByName() : "This call is over (" + call.status() + ")");
  }

  private static ProblemException conflictAfterRace() {
    return ProblemException.conflict("token", "The call changed meanwhile; ask again");
  }

  static String staffPeer(UUID staffId) {
    return "staff-" + staffId;
  }
}
