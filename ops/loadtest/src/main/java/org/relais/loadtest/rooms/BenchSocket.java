package org.relais.loadtest.rooms;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;
import org.relais.protocol.Addresses;

/**
 * One WebSocket of the benchmark, as a program speaks to the hub: a bridge socket opened with a ticket
 * for a join link and entered into its room, or a socket of the plain echo route.
 */
final class BenchSocket {
  static final String ECHO_PATH = "/bench/echo";
  static final long PING_EVERY_MS = 10_000;
  private static final String HOST = "127.0.0.1";

  /** A ticket as the hub answers it: the socket's room and peer id, and what to open. */
  record Ticket(String ticket, String room, String peerId) {
    String me() {
      return Addresses.peer(room, peerId);
    }
  }

  final WebSocket socket;
  final Ticket ticket;

  private BenchSocket(WebSocket socket, Ticket ticket) {
    this.socket = socket;
    this.ticket = ticket;
  }

  static Future<Ticket> ticket(HttpClient http, Endpoint hub, String token) {
    return http.request(new RequestOptions().setMethod(HttpMethod.POST).setHost(HOST).setPort(hub.port())
            .setSsl(hub.tls()).setURI("/api/v1/join/" + token + "/ticket"))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> {
          if (response.statusCode() != 201) {
            throw new IllegalStateException("ticket refused: HTTP " + response.statusCode() + " " + body);
          }
          JsonObject json = body.toJsonObject();
          return new Ticket(json.getString("ticket"), json.getString("room"), json.getString("peerId"));
        }));
  }

  /**
   * Opens a bridge socket with {@code ticket}, registers the room's roster and its own address, and
   * completes once the hub has let it in (the roster snapshot came); then every frame goes to {@code frames}.
   */
  static Future<BenchSocket> enter(WebSocketClient client, Endpoint hub, Ticket ticket, Handler<JsonObject> frames) {
    return client.connect(options(hub).setURI("/eventbus/websocket?ticket=" + ticket.ticket()))
        .compose(socket -> {
          Promise<BenchSocket> entered = Promise.promise();
          BenchSocket opened = new BenchSocket(socket, ticket);
          socket.handler(data -> {
            JsonObject frame = parse(data);
            if (frame == null) {
              return;
            }
            if (!entered.future().isComplete()) {
              if ("err".equals(frame.getString("type"))) {
                entered.tryFail("refused: " + frame.getString("body"));
              } else if (frame.getValue("body") instanceof JsonObject body && "roster".equals(body.getString("type"))) {
                entered.tryComplete(opened);
              }
              return;
            }
            frames.handle(frame);
          });
          socket.closeHandler(v -> entered.tryFail("closed " + socket.closeStatusCode()));
          opened.write(new JsonObject().put("type", "register").put("address", Addresses.roster(ticket.room())));
          opened.write(new JsonObject().put("type", "register").put("address", ticket.me()));
          return entered.future();
        });
  }

  /**
   * Trades {@code token} for a ticket and enters its room, as the page does, trying again (a fresh
   * ticket) up to {@code attempts} times; {@code refused} hears of each refusal tried again.
   */
  static Future<BenchSocket> join(HttpClient http, WebSocketClient client, Endpoint hub, String token,
      Handler<JsonObject> frames, int attempts, Handler<Throwable> refused) {
    return ticket(http, hub, token).compose(ticket -> enter(client, hub, ticket, frames))
        .recover(failure -> {
          if (attempts <= 1) {
            return Future.failedFuture(failure);
          }
          refused.handle(failure);
          return join(http, client, hub, token, frames, attempts - 1, refused);
        });
  }

  /** A socket of the echo route: whatever it sends comes back. */
  static Future<BenchSocket> echo(WebSocketClient client, Endpoint hub, Handler<JsonObject> frames) {
    return client.connect(options(hub).setURI(ECHO_PATH))
        .map(socket -> {
          socket.handler(data -> {
            JsonObject frame = parse(data);
            if (frame != null) {
              frames.handle(frame);
            }
          });
          return new BenchSocket(socket, null);
        });
  }

  private static WebSocketConnectOptions options(Endpoint hub) {
    return new WebSocketConnectOptions().setHost(HOST).setPort(hub.port()).setSsl(hub.tls())
        .setAllowOriginHeader(!hub.tls());
  }

  /** Pings every ten seconds, as the page does: a bridge socket silent for 30 s is closed. */
  BenchSocket keepAlive(Vertx vertx) {
    vertx.setPeriodic(1 + ThreadLocalRandom.current().nextLong(PING_EVERY_MS), PING_EVERY_MS,
        id -> write(new JsonObject().put("type", "ping")));
    return this;
  }

  void write(JsonObject frame) {
    socket.writeTextMessage(frame.encode());
  }

  private static JsonObject parse(Buffer data) {
    try {
      return data.toJsonObject();
    } catch (RuntimeException e) {
      return null;
    }
  }
}
