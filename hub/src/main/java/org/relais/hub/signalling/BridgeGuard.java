package org.relais.hub.signalling;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.BridgeEventType;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.relais.protocol.Addresses;
import org.relais.protocol.room.RoomMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every event of the event-bus bridge. A socket comes in only with a valid ticket; it may then
 * register its own peer address and its room's roster, send signalling only to other peers of its
 * room, publish only its mute state on its roster; every frame it sends, of whatever kind, counts
 * against its budget, and a socket over budget is cut. The hub stamps the sender of everything it
 * relays. Each send and registration checks the socket's grant again (its join link, its help call),
 * so a revoked or expired one is cut at once. A newer connection of the same link replaces the older
 * one. Each holder takes a seat of its own kind: asked when the socket opens, and taken, under the
 * room's lock, when the peer enters. Entering and leaving a session's room make its attendance.
 */
public final class BridgeGuard implements Handler<BridgeEvent> {
  /** The seats an admitted holder competes for in its room. */
  @FunctionalInterface
  public interface Seating {
    Future<RoomPresence.SeatClaim> claim(Admission admission);
  }

  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);
  private static final int MAX_SMALL_MESSAGE = 4 * 1024;
  private static final Duration REFRESH_EVERY = RoomPresence.ENTRY_TTL.dividedBy(3);
  /** On a peer's control address: not the id of a newer socket, but the end of the room. */
  private static final String ROOM_CLOSED = "room-closed";
  /** Closes a socket whose peer found no seat of its kind free when it came to enter. */
  private static final int ROOM_FULL = 4413;
  private static final int GOING_AWAY = 1001;

  private final Vertx vertx;
  private final Tickets tickets;
  private final RoomPresence presence;
  private final RoomAccess access;
  private final Seating seating;
  private final SessionStays stays;
  private final RoomsConfig config;
  private final SocketSlots slots;
  private final Map<SockJSSocket, BridgeSocket> sockets = new ConcurrentHashMap<>();

  /** One guard serves the bridges of every HTTP verticle: its maps and slots are the node's. */
  public BridgeGuard(Vertx vertx, Tickets tickets, RoomPresence presence, RoomAccess access, Seating seating,
      SessionStays stays, RoomsConfig config) {
    this.vertx = vertx;
    this.tickets = tickets;
    this.presence = presence;
    this.access = access;
    this.seating = seating;
    this.stays = stays;
    this.config = config;
    this.slots = new SocketSlots(config.maxSocketsPerAddress());
  }

  /** The sockets each client address holds on this node, reserved at the handshake. */
  SocketSlots slots() {
    return slots;
  }

  public int openSockets() {
    return sockets.size();
  }

  /** Publishes this node's open sockets as {@code relais_bridge_sockets{bridge="rooms"}}. */
  public void measure(MeterRegistry registry) {
    Gauge.builder("relais.bridge.sockets", sockets, Map::size).tag("bridge", "rooms")
        .description("Open event-bus bridge sockets on this node, by bridge").register(registry);
  }

  /**
   * This node is stopping: every room socket is closed as going away, and its page reconnects at once (to
   * another node, or to this one restarted) instead of talking through a node about to cut it.
   */
  public void drain() {
    sockets.keySet().forEach(socket -> socket.close(GOING_AWAY, "going away"));
  }

  @Override
  public void handle(BridgeEvent event) {
    try {
      switch (event.type()) {
        case SOCKET_CREATED -> admit(event);
        case SOCKET_CLOSED -> closed(event.socket());
        case SOCKET_PING -> pinged(event);
        case REGISTER, UNREGISTER -> register(event);
        case REGISTERED -> registered(event);
        case SEND, PUBLISH -> relay(event);
        case SOCKET_ERROR -> {
          // A frame over the size limit, a broken connection: nothing good comes of keeping it open.
          event.complete(true);
          event.socket().close(1009, "refused");
        }
        case RECEIVE, SOCKET_IDLE -> event.complete(true);
        default -> event.complete(false);
      }
    } catch (RuntimeException e) {
      LOG.warn("Bridge event {} refused after an error", event.type(), e);
      event.tryComplete(false);
    }
  }

  /** Spends a frame of the socket's budget; a socket over it is cut, and the frame refused. */
  private boolean withinBudget(BridgeEvent event) {
    BridgeSocket socket = sockets.get(event.socket());
    if (socket == null || socket.frames.spend()) {
      return true;
    }
    event.complete(false);
    return false;
  }

  private void admit(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    Optional<SocketSlots.Slot> slot = SocketSlots.claim(socket);
    if (slot.isEmpty()) {
      BridgeSockets.sayRefused(socket, "invalid_ticket");
      event.complete(false);
      return;
    }
    // The bridge reads the socket only once the socket is admitted; until then, hold what the client sends.
    socket.pause();
    String ticket = BridgeSockets.ticketOf(socket.uri());
    // A good ticket to a room filled meanwhile is told so, as at entry, rather than taken for a bad ticket.
    AtomicBoolean full = new AtomicBoolean();
    tickets.redeem(ticket)
        .compose(found -> found.map(admission -> allowed(admission).map(ok -> ok ? found : Optional.<Admission>empty()))
            .orElse(Future.succeededFuture(Optional.empty())))
        .compose(found -> found.map(admission -> seating.claim(admission)
                .compose(claim -> presence.hasSeat(admission.roomId(), admission.peerId(), claim))
                .map(seat -> {
                  full.set(!seat);
                  return seat ? found : Optional.<Admission>empty();
                }))
            .orElse(Future.succeededFuture(Optional.empty())))
        .onComplete(result -> {
          Optional<Admission> admission = result.succeeded() ? result.result() : Optional.empty();
          if (admission.isEmpty() || slot.get().isReleased()) {
            BridgeSockets.sayRefused(socket, full.get() ? "room_full" : "invalid_ticket");
            slot.get().release();
            if (full.get()) {
              socket.close(ROOM_FULL, "room full");
            }
            event.complete(false);
            return;
          }
          BridgeSocket admitted = new BridgeSocket(socket, admission.get(), UUID.randomUUID().toString(), slot.get(),
              new FrameBudget(socket, config.messagesPerSecond(), config.frameBurst()));
          sockets.put(socket, admitted);
          replaceOlderConnections(admitted);
          event.complete(true);
          socket.resume();
        });
  }

  /**
   * Tells any other connection of the same link, on any node, that it has been replaced; then listens
   * for the next one. Phones reconnect from new networks all the time.
   */
  private void replaceOlderConnections(BridgeSocket admitted) {
    String control = Addresses.bridgePeerControl(admitted.admission.roomId(), admitted.admission.peerId());
    vertx.eventBus().publish(control, admitted.socketId);
    admitted.control = vertx.eventBus().consumer(control, message -> {
      if (ROOM_CLOSED.equals(message.body())) {
        BridgeSockets.sayRefused(admitted.socket, "room_closed");
        admitted.socket.close(4410, "room closed");
      } else if (!admitted.socketId.equals(message.body())) {
        BridgeSockets.sayRefused(admitted.socket, "replaced");
        admitted.socket.close(4409, "replaced");
      }
    });
  }

  /**
   * Cuts the sockets of everybody in the room, on whichever node: its grant is over (a help call ended).
   * A socket that had not entered yet is cut at its first message, which finds the grant gone.
   */
  public Future<Void> closeRoom(String roomId) {
    return presence.members(roomId).map(members -> {
      members.forEach(present -> vertx.eventBus()
          .publish(Addresses.bridgePeerControl(roomId, present.peer().id()), ROOM_CLOSED));
      return null;
    });
  }

  private void closed(SockJSSocket socket) {
    BridgeSocket gone = sockets.remove(socket);
    if (gone == null) {
      return;
    }
    gone.slot.release();
    if (gone.control != null) {
      gone.control.unregister();
    }
    if (gone.present) {
      presence.leave(gone.admission.roomId(), gone.presence()).onSuccess(left -> {
        if (left) {
          vertx.eventBus().publish(Addresses.roster(gone.admission.roomId()),
              new RoomMessage.Left(gone.admission.peerId()).toJson());
          gone.stay.onSuccess(stay -> stay.ifPresent(ended -> stays.left(ended, gone.admission.roomId())));
        }
      });
    }
  }

  private void pinged(BridgeEvent event) {
    if (!withinBudget(event)) {
      return;
    }
    BridgeSocket socket = sockets.get(event.socket());
    event.complete(true);
    if (socket != null && socket.present) {
      long now = System.nanoTime();
      long last = socket.lastRefresh.get();
      if (now - last > REFRESH_EVERY.toNanos() && socket.lastRefresh.compareAndSet(last, now)) {
        presence.refresh(socket.admission.roomId(), socket.presence());
      }
    }
  }

  private void register(BridgeEvent event) {
    if (!withinBudget(event)) {
      return;
    }
    BridgeSocket socket = sockets.get(event.socket());
    String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
    Addresses.RoomAddress target = Addresses.parseRoomAddress(address);
    if (socket == null || target == null || !target.roomId().equals(socket.admission.roomId())
        || !(target.isRoster() || target.peerId().equals(socket.admission.peerId()))) {
      refuseMessage(event, socket, "access_denied");
      return;
    }
    checked(event, socket);
  }

  /**
   * Once its own address is listening: the peer is in, gets who is there, and the others hear of it. Only
   * the first time on a socket: registering the address again announces nobody twice.
   */
  private void registered(BridgeEvent event) {
    event.complete(true);
    BridgeSocket socket = sockets.get(event.socket());
    Addresses.RoomAddress target = Addresses.parseRoomAddress(event.getRawMessage().getString("address"));
    if (socket == null || target == null || target.isRoster() || !socket.entered.compareAndSet(false, true)) {
      return;
    }
    String room = socket.admission.roomId();
    seating.claim(socket.admission)
        .compose(claim -> presence.enter(room, socket.presence(), claim))
        .compose(seated -> {
          if (!seated) {
            // Taken meanwhile by someone of the same kind: the page asks again and hears the room is full.
            BridgeSockets.sayRefused(socket.socket, "room_full");
            socket.socket.close(ROOM_FULL, "room full");
            return Future.succeededFuture(null);
          }
          socket.present = true;
          socket.stay = stays.entered(socket.admission)
              .onFailure(e -> LOG.warn("Could not record the stay of peer {} in room {}", socket.admission.peerId(),
                  room, e))
              .otherwise(Optional.empty());
          return presence.members(room);
        })
        .onSuccess(members -> {
          if (members == null) {
            return;
          }
          // Straight to this socket: while an older connection of the link closes, both listen on the address.
          RoomMessage roster = new RoomMessage.Roster(members.stream().map(RoomPresence.Present::peer)
              .filter(peer -> !peer.id().equals(socket.admission.peerId())).toList());
          socket.socket.write(new JsonObject().put("type", "rec")
              .put("address", Addresses.peer(room, socket.admission.peerId())).put("body", roster.toJson()).toBuffer());
          vertx.eventBus().publish(Addresses.roster(room), new RoomMessage.Joined(socket.presence().peer()).toJson());
        })
        .onFailure(e -> {
          LOG.warn("Could not let peer {} into room {}", socket.admission.peerId(), room, e);
          socket.socket.close(1011, "unavailable");
        });
  }

  private void relay(BridgeEvent event) {
    if (!withinBudget(event)) {
      return;
    }
    BridgeSocket socket = sockets.get(event.socket());
    if (socket == null) {
      refuseMessage(event, null, "no_ticket");
      return;
    }
    JsonObject raw = event.getRawMessage();
    Addresses.RoomAddress target = Addresses.parseRoomAddress(raw.getString("address"));
    boolean send = event.type() == BridgeEventType.SEND;
    if (target == null || !target.roomId().equals(socket.admission.roomId()) || raw.getString("replyAddress") != null
        || (send && (target.isRoster() || target.peerId().equals(socket.admission.peerId())))
        || (!send && !target.isRoster())) {
      refuseMessage(event, socket, "access_denied");
      return;
    }
    RoomMessage message;
    try {
      Object body = raw.getValue("body");
      if (body instanceof JsonObject json && !json.containsKey("sdp")
          && json.encode().getBytes(StandardCharsets.UTF_8).length > MAX_SMALL_MESSAGE) {
        throw new RoomMessage.InvalidMessage("too large");
      }
      message = RoomMessage.parse(body);
    } catch (RoomMessage.InvalidMessage e) {
      refuseMessage(event, socket, "invalid_message");
      return;
    }
    boolean allowed = send ? RoomMessage.FROM_PEERS.contains(message.type()) && !message.type().equals("mute")
        : message.type().equals("mute");
    if (!allowed) {
      refuseMessage(event, socket, "invalid_message");
      return;
    }
    raw.put("body", message.stampedBy(socket.admission.peerId()).toJson());
    raw.remove("headers");
    checked(event, socket);
  }

  /** Completes the event if the socket's grant still opens its room; cuts the socket otherwise. */
  private void checked(BridgeEvent event, BridgeSocket socket) {
    allowed(socket.admission).onComplete(result -> {
      if (result.succeeded() && result.result()) {
        event.complete(true);
      } else {
        BridgeSockets.sayRefused(socket.socket, "link_closed");
        event.complete(false);
        socket.socket.close(4403, "link closed");
      }
    });
  }

  private Future<Boolean> allowed(Admission admission) {
    return access.allows(admission).otherwise(false);
  }

  private void refuseMessage(BridgeEvent event, BridgeSocket socket, String reason) {
    BridgeSockets.sayRefused(event.socket(), reason);
    event.complete(false);
    if (socket != null && !socket.strikes.tryConsume(1)) {
      socket.socket.close(FrameBudget.OVER_BUDGET, "too many refused frames");
    }
  }
}
