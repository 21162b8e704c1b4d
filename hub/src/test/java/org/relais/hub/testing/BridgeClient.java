package org.relais.hub.testing;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.ClientWebSocket;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import java.util.function.Predicate;

/**
 * A real client of the hub's event-bus bridge, speaking its JSON frames over a Vert.x WebSocket, as a
 * browser's bridge module does. Frames received are kept; tests wait for one that matches.
 */
public final class BridgeClient implements AutoCloseable {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final WebSocket socket;
  private final WebSocketClient client;
  private final List<JsonObject> frames = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private final CompletableFuture<Short> closed = new CompletableFuture<>();

  private record Waiter(Predicate<JsonObject> matches, CompletableFuture<JsonObject> found) {}

  private BridgeClient(WebSocketClient client, WebSocket socket) {
    this.client = client;
    this.socket = socket;
    // The bridge writes its frames as binary WebSocket messages holding JSON text.
    socket.handler(data -> received(new JsonObject(data)));
    socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));
  }

  /** Opens {@code /eventbus/websocket} with a ticket (or none), as a page of {@code origin} would (or a program). */
  public static Future<BridgeClient> connect(Vertx vertx, int port, String ticket, String origin) {
    return connect(vertx, port, "/eventbus/websocket", ticket, origin);
  }

  /** Opens the bridge at {@code path} ({@code /live/websocket} for the live bridge) with a ticket (or none). */
  public static Future<BridgeClient> connect(Vertx vertx, int port, String path, String ticket, String origin) {
    WebSocketConnectOptions options = new WebSocketConnectOptions().setHost("localhost").setPort(port)
        .setURI(path + (ticket == null ? "" : "?ticket=" + ticket));
    // A browser sends the page's Origin; a program (a relay-site) sends none.
    options.setAllowOriginHeader(origin != null);
    if (origin != null) {
      options.addHeader("Origin", origin);
    }
    return connect(vertx, new WebSocketClientOptions(), options);
  }

  /** Opens a socket as {@code options} say, with a client as {@code clientOptions} say (TLS, local address). */
  public static Future<BridgeClient> connect(Vertx vertx, WebSocketClientOptions clientOptions,
      WebSocketConnectOptions options) {
    WebSocketClient client = vertx.createWebSocketClient(clientOptions);
    // Handlers go on before connecting: a hub refusing a ticket may write and close before connect's callbacks run.
    ClientWebSocket socket = client.webSocket();
    BridgeClient bridge = new BridgeClient(client, socket);
    return socket.connect(options).map(bridge).onFailure(e -> client.close());
  }

  public static BridgeClient open(Vertx vertx, int port, String ticket) {
    return connect(vertx, port, ticket, "http://localhost:" + port).await();
  }

  private synchronized void received(JsonObject frame) {
    frames.add(frame);
    waiters.removeIf(waiter -> waiter.matches().test(frame) && waiter.found().complete(frame));
  }

  public BridgeClient register(String address) {
    return write(new JsonObject().put("type", "register").put("address", address));
  }

  public BridgeClient send(String address, JsonObject body) {
    return write(new JsonObject().put("type", "send").put("address", address).put("body", body));
  }

  public BridgeClient publish(String address, JsonObject body) {
    return write(new JsonObject().put("type", "publish").put("address", address).put("body", body));
  }

  public BridgeClient ping() {
    return write(new JsonObject().put("type", "ping"));
  }

  public BridgeClient unregister(String address) {
    return write(new JsonObject().put("type", "unregister").put("address", address));
  }

  /**
   * Writes {@code frame} until the hub cuts the socket, at most {@code limit} times; answers how many
   * were written. A frame may meet the socket already closed: the flood ends there.
   */
  public int flood(int limit, IntFunction<JsonObject> frame) {
    int written = 0;
    while (written < limit && !isClosed()) {
      try {
        write(frame.apply(written));
      } catch (RuntimeException cutMeanwhile) {
        break;
      }
      written++;
    }
    return written;
  }

  public BridgeClient write(JsonObject frame) {
    socket.writeTextMessage(frame.encode()).await();
    return this;
  }

  public BridgeClient writeText(String text) {
    socket.writeTextMessage(text).await();
    return this;
  }

  /** The first frame, already received or to come, that matches; fails after ten seconds. */
  public JsonObject await(Predicate<JsonObject> matches) {
    CompletableFuture<JsonObject> found = new CompletableFuture<>();
    synchronized (this) {
      frames.stream().filter(matches).findFirst().ifPresentOrElse(found::complete,
          () -> waiters.add(new Waiter(matches, found)));
    }
    try {
      return found.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("no frame matched within " + WAIT + "; received " + frames(), e);
    }
  }

  /** The body of the first message of {@code type} received on {@code address}. */
  public JsonObject message(String address, String type) {
    return await(frame -> "rec".equals(frame.getString("type")) && address.equals(frame.getString("address"))
        && frame.getValue("body") instanceof JsonObject body && type.equals(body.getString("type")))
        .getJsonObject("body");
  }

  public String error(String reason) {
    return await(frame -> "err".equals(frame.getString("type")) && reason.equals(frame.getString("body")))
        .getString("body");
  }

  public synchronized List<JsonObject> frames() {
    return List.copyOf(frames);
  }

  /** The close status once the hub closes this socket; fails if it does not within ten seconds. */
  public short awaitClosed() {
    try {
      return closed.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new AssertionError("the socket was not closed; received " + frames(), e);
    }
  }

  public boolean isClosed() {
    return closed.isDone();
  }

  @Override
  public void close() {
    if (!closed.isDone()) {
      socket.close().await();
    }
    client.close().await();
  }
}
