package org.relais.hub.signalling;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.relais.protocol.room.RoomMessage;

/** One admitted bridge socket: who it is in which room, its message budget, and its control line. */
final class BridgeSocket {
  final SockJSSocket socket;
  final Admission admission;
  final String socketId;
  final String clientAddress;
  final Bucket messages;
  /** Refusals a socket may earn before it is cut: a browser of ours makes few, a flood makes many. */
  final Bucket strikes;
  final AtomicLong lastRefresh = new AtomicLong(System.nanoTime());
  volatile MessageConsumer<String> control;
  volatile boolean present;

  BridgeSocket(SockJSSocket socket, Admission admission, String socketId, String clientAddress, int perSecond) {
    this.socket = socket;
    this.admission = admission;
    this.socketId = socketId;
    this.clientAddress = clientAddress;
    this.messages = Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(2L * perSecond).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build();
    this.strikes = Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(50).refillGreedy(1, Duration.ofSeconds(1)).build())
        .build();
  }

  RoomPresence.Present presence() {
    return new RoomPresence.Present(new RoomMessage.Peer(admission.peerId(), admission.name(), admission.role()),
        socketId);
  }
}
