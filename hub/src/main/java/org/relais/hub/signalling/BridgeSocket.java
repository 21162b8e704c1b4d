package org.relais.hub.signalling;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.vertx.core.Future;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.relais.hub.join.Attendance;
import org.relais.protocol.room.RoomMessage;

/** One admitted bridge socket: who it is in which room, its place in the address's count, its budgets. */
final class BridgeSocket {
  final SockJSSocket socket;
  final Admission admission;
  final String socketId;
  final SocketSlots.Slot slot;
  /** Frames of every kind; over it, the socket is cut. */
  final FrameBudget frames;
  /** Refusals a socket may earn before it is cut: a browser of ours makes few, a flood makes many. */
  final Bucket strikes;
  final AtomicLong lastRefresh = new AtomicLong(System.nanoTime());
  /** Set by the first registration of the peer's own address: a socket enters its room, and is announced, once. */
  final AtomicBoolean entered = new AtomicBoolean();
  volatile MessageConsumer<String> control;
  volatile boolean present;
  /** The stay its entry began in a session's room (none in a help call's), once recorded. */
  volatile Future<Optional<Attendance.Stay>> stay = Future.succeededFuture(Optional.empty());

  BridgeSocket(SockJSSocket socket, Admission admission, String socketId, SocketSlots.Slot slot, FrameBudget frames) {
    this.socket = socket;
    this.admission = admission;
    this.socketId = socketId;
    this.slot = slot;
    this.frames = frames;
    this.strikes = Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(50).refillGreedy(1, Duration.ofSeconds(1)).build())
        .build();
  }

  RoomPresence.Present presence() {
    return new RoomPresence.Present(new RoomMessage.Peer(admission.peerId(), admission.name(), admission.role()),
        socketId);
  }
}
