package org.relais.hub.signalling;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.handler.sockjs.SockJSHandlerOptions;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import io.vertx.ext.web.handler.sockjs.Transport;
import java.net.URI;
import java.util.List;

/** What the hub's event-bus bridges (rooms, and the live bridge) share: their transport, tickets, refusals. */
public final class BridgeSockets {
  private BridgeSockets() {}

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
