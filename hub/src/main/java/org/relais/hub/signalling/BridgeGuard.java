package org.relais.hub.signalling;

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
import java.util.concurrent.atomic.AtomicInteger;
import org.relais.protocol.Addresses;
import org.relais.protocol.room.RoomMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every event of the event-bus bridge. A socket comes in only with a valid ticket; it may then
 * register its own peer address and its room's roster, send signalling only to other peers of its
 * room, publish only its mute state on its roster, within a message budget; the hub stamps the sender
 * of everything it relays. Each send and registration checks the socket's grant again (its join link,
 * its help call), so a revoked or expired one is cut at once. A newer connection of the same link
 * replaces the older one.
 */
public final class BridgeGuard implements Handler<BridgeEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(BridgeGuard.class);
  private static final int MAX_SMALL_MESSAGE = 4 * 1024;
  private static final Duration REFRESH_EVERY = RoomPresence.ENTRY_TTL.dividedBy(3);
  /** On a peer's control address: not the id of a newer socket, but the end of the room. */
  private static final String ROOM_CLOSED = "room-closed";

  private final Vertx vertx;
  private final Tickets tickets;
  private final RoomPresence presence;
  private final RoomAccess access;
  private final RoomsConfig config;
  private final boolean trustProxy;
  private final Map<SockJSSocket, BridgeSocket> sockets = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();

  public BridgeGuard(Vertx vertx, Tickets tickets, RoomPresence presence, RoomAccess access, RoomsConfig config,
      boolean trustProxy) {
    this.vertx = vertx;
    this.tickets = tickets;
    this.presence = presence;
    this.access = access;
    this.config = config;
    this.trustProxy = trustProxy;
  }

  /** Sockets open on this node for {@code clientAddress}. */
  int openFrom(String clientAddress) {
    AtomicInteger count = perAddress.get(clientAddress);
    return count == null ? 0 : count.get();
  }

  public int openSockets() {
    return sockets.size();
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

  private void admit(BridgeEvent event) {
    SockJSSocket socket = event.socket();
    // The bridge reads the socket only once the socket is admitted; until then, hold what the client sends.
    socket.pause();
    String ticket = BridgeSockets.ticketOf(socket.uri());
    tickets.redeem(ticket)
        .compose(found -> found.map(admission -> allowed(admission).map(ok -> ok ? found : Optional.<Admission>empty()))
            .orElse(Future.succeededFuture(Optional.empty())))
        .compose(found -> found.map(admission -> presence.hasRoomFor(admission.roomId(), admission.peerId(),
                config.maxPeers()).map(room -> room ? found : Optional.<Admission>empty()))
            .orElse(Future.succeededFuture(Optional.empty())))
        .onComplete(result -> {
          Optional<Admission> admission = result.succeeded() ? result.result() : Optional.empty();
          if (admission.isEmpty()) {
            BridgeSockets.sayRefused(socket, "invalid_ticket");
            event.complete(false);
            return;
          }
          BridgeSocket admitted = new BridgeSocket(socket, admission.get(), UUID.randomUUID().toString(),
              clientAddress(socket), config.messagesPerSecond());
          sockets.put(socket, admitted);
          perAddress.computeIfAbsent(admitted.clientAddress, k -> new AtomicInteger()).incrementAndGet();
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
    perAddress.computeIfPresent(gone.clientAddress, (k, count) -> count.decrementAndGet() <= 0 ? null : count);
    if (gone.control != null) {
      gone.control.unregister();
    }
    if (gone.present) {
      presence.leave(gone.admission.roomId(), gone.presence()).onSuccess(left -> {
        if (left) {
          vertx.eventBus().publish(Addresses.roster(gone.admission.roomId()),
              new RoomMessage.Left(gone.admission.peerId()).toJson());
        }
      });
    }
  }

  private void pinged(BridgeEvent event) {
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

  /** Once its own address is listening: the peer is in, gets who is there, and the others hear of it. */
  private void registered(BridgeEvent event) {
    event.complete(true);
    BridgeSocket socket = sockets.get(event.socket());
    Addresses.RoomAddress target = Addresses.parseRoomAddress(event.getRawMessage().getString("address"));
    if (socket == null || target == null || target.isRoster()) {
      return;
    }
    String room = socket.admission.roomId();
    presence.enter(room, socket.presence())
        .compose(replaced -> {
          socket.present = true;
          return presence.members(room);
        })
        .onSuccess(members -> {
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
    BridgeSocket socket = sockets.get(event.socket());
    if (socket == null) {
      refuseMessage(event, null, "no_ticket");
      return;
    }
    if (!socket.messages.tryConsume(1)) {
      refuseMessage(event, socket, "rate_limited");
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
      socket.socket.close(4429, "too many refused messages");
    }
  }

  /** As {@link org.relais.hub.http.ClientAddress} reads it, so both count the same sockets. */
  private String clientAddress(SockJSSocket socket) {
    String forwarded = trustProxy && socket.headers() != null ? socket.headers().get("X-Forwarded-For") : null;
    if (forwarded != null && !forwarded.isBlank()) {
      int comma = forwarded.indexOf(',');
      return (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
    }
    return socket.remoteAddress() == null ? "unknown" : socket.remoteAddress().hostAddress();
  }
}
