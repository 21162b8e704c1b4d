package org.relais.hub.signalling;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * What the hub's event-bus bridges (rooms, and the live bridge) share: their transport, tickets, refusals,
 * and the frame budget of a socket.
 */
public final class BridgeSockets {
  /** The close code of a socket cut for sending more than its budget, or too many refused frames. */
  public static final short OVER_BUDGET = 4429;

  private BridgeSockets() {}

  /**
   * A socket's budget of frames, of every kind (send, publish, register, unregister, ping): {@code perSecond}
   * on average, {@code burst} at once.
   */
  public static Bucket frameBudget(int perSecond, int burst) {
    return Bucket.builder()
        .addLimit(Bandwidth.builder().capacity(burst).refillGreedy(perSecond, Duration.ofSeconds(1)).build())
        .build();
  }

  /** Spends one frame of {@code budget}; over it, the socket is told {@code rate_limited} and cut. */
  public static boolean withinBudget(SockJSSocket socket, Bucket budget) {
    if (budget.tryConsume(1)) {
      return true;
    }
    sayRefused(socket, "rate_limited");
    socket.close(OVER_BUDGET, "rate limited");
    return false;
  }

  /** SockJS over WebSocket only, without a session cookie: the bridges' clients are ours. */
  public static SockJSHandlerOptions websocketOnly() {
    SockJSHandlerOptions options = new SockJSHandlerOptions()
        .setRegisterWriteHandler(false)
        .setInsertJSESSIONID(false);
    List.of(Transport.EVENT_SOURCE, Transport.HTML_FILE, Transport.JSON_P, Transport.XHR)
        .forEach(transport -> options.addDisabledTransport(transport.name()));
    return options;
  }

  /** The {@code ticket} query parameter of a socket's URI, or null. */
  public static String ticketOf(String uri) {
    try {
      String query = URI.create(uri).getRawQuery();
      if (query == null) {
        return null;
      }
      for (String pair : query.split("&")) {
        if (pair.startsWith("ticket=")) {
          return pair.substring("ticket=".length());
        }
      }
      return null;
    } catch (IllegalArgumentException | NullPointerException e) {
      return null;
    }
  }

  /** An error frame in the bridge's own format, saying why. */
  public static void sayRefused(SockJSSocket socket, String reason) {
    socket.write(new JsonObject().put("type", "err").put("body", reason).toBuffer());
  }
}
