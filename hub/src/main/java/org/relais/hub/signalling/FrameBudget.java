package org.relais.hub.signalling;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A bridge socket's budget of frames, of every kind (send, publish, register, unregister, ping):
 * {@code perSecond} on average, {@code burst} at once. The first frame over it cuts the socket; what the
 * client had already sent is then refused before any other check, so a flood costs little more than reading it.
 */
public final class FrameBudget {
  /** The close code of a socket cut for sending more than its budget, or too many refused frames. */
  public static final short OVER_BUDGET = 4429;

  private final SockJSSocket socket;
  private final Bucket frames;
  private final AtomicBoolean cut = new AtomicBoolean();

  public FrameBudget(SockJSSocket socket, int perSecond, int burst) {
    this.socket = socket;
    this.frames = Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build();
  }

  /** Spends one frame; over the budget, the socket is told {@code rate_limited} and cut, once. */
  public boolean spend() {
    if (cut.get()) {
      return false;
    }
    if (frames.tryConsume(1)) {
      return true;
    }
    if (cut.compareAndSet(false, true)) {
      BridgeSockets.sayRefused(socket, "rate_limited");
      socket.close(OVER_BUDGET, "rate limited");
    }
    return false;
  }
}
