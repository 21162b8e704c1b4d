package org.relais.loadtest.sites;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.relais.loadtest.InFlight;
import org.relais.protocol.Addresses;
import org.relais.protocol.site.SiteEvent;
import org.relais.protocol.site.SiteMessage;

/**
 * The relays and consoles of the {@code sites} benchmark, in a process of their own so that they weigh
 * nothing in the hub's heap and CPU. Each relay buys a ticket with its credential, opens its link on the
 * live bridge, listens on its inbox and says hello; it is linked once the hub has sent its schedule. From
 * then on it pings and sends a heartbeat at the interval the hub gave. Each console buys a ticket for its
 * class with a staff token and listens to the class's live figures.
 *
 * <p>Speaks on standard output: {@code progress N} while linking, {@code ready LINKED FAILED RETRIED
 * CONSOLES HEARTBEAT_SECONDS [first failure]}; then on {@code go} from standard input every relay sends
 * one head-count event per period (the relays' first events spread evenly over the first period), and it
 * says {@code window-start}, {@code tick JSON} every 30 s, {@code window-end}, and {@code result JSON}
 * once every event is acknowledged and shown (or the drain time is up). Exits when standard input closes.
 */
public final class SiteClients {
  private static final int PROGRESS_EVERY = 250;
  private static final int ATTEMPTS = 3;
  private static final long LINK_TIMEOUT_MS = 30_000;
  private static final long TICK_MS = 30_000;

  private final Vertx vertx;
  private final HubCalls calls;
  private final WebSocketClient sockets;
  private final int port;
  private final String bearer;
  private final List<SiteLoad.Room> rooms;
  private final List<UUID> watched;
  private final JsonObject plan;
  private final SiteLoad load;
  private final Map<SiteLoad.Room, WebSocket> links = new HashMap<>();
  private final Map<SiteLoad.Room, Integer> pending = new HashMap<>();
  private long heartbeatMs = 15_000;
  private boolean linkedAll;

  private SiteClients(Vertx vertx, JsonObject plan) {
    this.vertx = vertx;
    this.plan = plan;
    this.port = plan.getInteger("port");
    this.bearer = plan.getString("bearer");
    int lanes = plan.getInteger("lanes");
    List<UUID> consoles = plan.getJsonArray("consoles").stream().map(id -> UUID.fromString((String) id)).toList();
    this.watched = consoles;
    List<SiteLoad.Room> all = new ArrayList<>();
    for (Object entry : plan.getJsonArray("sites")) {
      JsonArray site = (JsonArray) entry;
      UUID sessionId = UUID.fromString(site.getString(1));
      all.add(new SiteLoad.Room(UUID.fromString(site.getString(0)), sessionId, site.getString(2),
          consoles.contains(sessionId)));
    }
    this.rooms = all;
    this.load = new SiteLoad(all);
    HttpClient http = vertx.createHttpClient(new PoolOptions().setHttp1MaxSize(lanes));
    this.calls = new HubCalls(http, port);
    this.sockets = vertx.createWebSocketClient(new WebSocketClientOptions()
        .setMaxConnections(all.size() + consoles.size() + lanes));
  }

  /** Argument: the plan, a JSON file the benchmark wrote. */
  public static void main(String[] args) throws IOException {
    JsonObject plan = new JsonObject(Files.readString(Path.of(args[0])));
    // One event loop: every count and timing below is kept on it, without locks.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    Context context = vertx.getOrCreateContext();
    SiteClients[] clients = new SiteClients[1];
    context.runOnContext(v -> {
      clients[0] = new SiteClients(vertx, plan);
      clients[0].link();
    });
    BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    String line;
    while ((line = commands.readLine()) != null) {
      if (line.strip().equals("go")) {
        context.runOnContext(v -> clients[0].go());
      }
    }
    System.exit(0);
  }

  private void link() {
    AtomicInteger failed = new AtomicInteger();
    AtomicInteger retried = new AtomicInteger();
    StringBuilder firstFailure = new StringBuilder();
    int lanes = plan.getInteger("lanes");
    InFlight.each(rooms, lanes, room -> link(room, ATTEMPTS, retried).map(true).recover(failure -> {
          failed.incrementAndGet();
          if (firstFailure.length() == 0) {
            firstFailure.append(failure.getMessage());
          }
          return Future.succeededFuture(false);
        }), done -> {
          if (done % PROGRESS_EVERY == 0) {
            say("progress " + done);
          }
        })
        .compose(linked -> InFlight.each(watched, lanes, this::watch, done -> { }))
        .onComplete(done -> {
          linkedAll = true;
          if (done.failed() && firstFailure.length() == 0) {
            firstFailure.append("console: ").append(done.cause().getMessage());
          }
          say("ready " + links.size() + " " + failed.get() + " " + retried.get() + " "
              + (done.succeeded() ? watched.size() : 0) + " " + heartbeatMs / 1000 + " " + firstFailure);
        });
  }

  /** One relay's link, as {@code HubLink} opens it; a refused attempt is tried again with a fresh ticket. */
  private Future<Void> link(SiteLoad.Room room, int attempts, AtomicInteger retried) {
    return calls.siteTicket(room.credential).compose(ticket -> {
      heartbeatMs = ticket.getLong("heartbeatSeconds", 15L) * 1000;
      return sockets.connect(new WebSocketConnectOptions().setHost(HubCalls.HOST).setPort(port)
          .setURI(HubCalls.socketUri(ticket.getString("url"))).setTimeout(10_000));
    }).compose(socket -> {
      Promise<Void> linked = Promise.promise();
      long timeout = vertx.setTimer(LINK_TIMEOUT_MS, t -> linked.tryFail("no schedule within 30 s of hello"));
      // The bridge writes its frames as binary WebSocket messages: take both kinds.
      socket.handler(data -> siteFrame(room, data, linked));
      socket.closeHandler(v -> {
        linked.tryFail("closed " + socket.closeStatusCode() + " " + socket.closeReason());
        if (links.remove(room, socket)) {
          load.closed++;
          load.error("a link was closed: " + socket.closeStatusCode() + " " + socket.closeReason());
        }
      });
      write(socket, new JsonObject().put("type", "register").put("address", inbox(room)));
      send(socket, new SiteMessage.Hello("bench", 0).toJson());
      return linked.future().onComplete(done -> vertx.cancelTimer(timeout)).onSuccess(done -> {
        links.put(room, socket);
        vertx.setPeriodic(1 + ThreadLocalRandom.current().nextLong(heartbeatMs), heartbeatMs, id -> {
          if (links.get(room) != socket) {
            vertx.cancelTimer(id);
            return;
          }
          write(socket, new JsonObject().put("type", "ping"));
          send(socket, new SiteMessage.Heartbeat(room.sentAt.size(), pending.getOrDefault(room, 0)).toJson());
        });
      }).onFailure(failure -> socket.close());
    }).recover(failure -> {
      if (attempts <= 1) {
        return Future.failedFuture(failure);
      }
      retried.incrementAndGet();
      return link(room, attempts - 1, retried);
    });
  }

  private void siteFrame(SiteLoad.Room room, Buffer data, Promise<Void> linked) {
    long now = System.nanoTime();
    JsonObject frame = parse(data);
    if (frame == null) {
      return;
    }
    if ("err".equals(frame.getString("type"))) {
      if (!linked.tryFail("refused: " + frame.getValue("body"))) {
        load.error("refused: " + frame.getValue("body"));
      }
      return;
    }
    if (!"rec".equals(frame.getString("type")) || !(frame.getValue("body") instanceof JsonObject body)) {
      return;
    }
    switch (String.valueOf(body.getString("type"))) {
      case "schedule" -> linked.tryComplete();
      case "ack" -> {
        JsonArray ids = body.getJsonArray("ids");
        pending.merge(room, -ids.size(), Integer::sum);
        load.acknowledged(ids, now);
      }
      case "revoked" -> load.error("the hub revoked a credential");
      default -> { }
    }
  }

  /** One console following a class's live figures. */
  private Future<Void> watch(UUID sessionId) {
    return calls.consoleTicket(bearer, sessionId).compose(ticket -> sockets.connect(new WebSocketConnectOptions()
            .setHost(HubCalls.HOST).setPort(port).setURI(HubCalls.socketUri(ticket.getString("url")))
            .setTimeout(10_000)))
        .map(socket -> {
          socket.handler(this::consoleFrame);
          socket.closeHandler(v -> {
            load.closed++;
            load.error("a console was closed: " + socket.closeStatusCode() + " " + socket.closeReason());
          });
          write(socket, new JsonObject().put("type", "register").put("address", Addresses.sessionLive(
              sessionId.toString())));
          vertx.setPeriodic(1 + ThreadLocalRandom.current().nextLong(heartbeatMs), heartbeatMs,
              id -> write(socket, new JsonObject().put("type", "ping")));
          return null;
        });
  }

  private void consoleFrame(Buffer data) {
    long now = System.nanoTime();
    JsonObject frame = parse(data);
    if (frame == null) {
      return;
    }
    if ("err".equals(frame.getString("type"))) {
      load.error("console refused: " + frame.getValue("body"));
    } else if ("rec".equals(frame.getString("type")) && frame.getValue("body") instanceof JsonObject figures) {
      load.update(figures, data.length(), now);
    }
  }

  /** Events from every linked relay: warm-up, the measured window, then the drain. */
  private void go() {
    if (!linkedAll) {
      return;
    }
    long every = plan.getLong("eventEveryMs");
    long warmup = plan.getLong("warmupMs");
    long duration = plan.getLong("durationMs");
    long drain = plan.getLong("drainMs");
    long start = System.nanoTime();
    long windowEnd = start + (warmup + duration) * 1_000_000;
    load.window(start + warmup * 1_000_000, windowEnd);
    List<SiteLoad.Room> linked = rooms.stream().filter(links::containsKey).toList();
    for (int i = 0; i < linked.size(); i++) {
      SiteLoad.Room room = linked.get(i);
      vertx.setPeriodic(1 + i * every / linked.size(), every, id -> {
        if (System.nanoTime() >= windowEnd) {
          vertx.cancelTimer(id);
        } else {
          event(room);
        }
      });
    }
    long ticks = vertx.setPeriodic(TICK_MS, TICK_MS, id -> say("tick " + new JsonObject()
        .put("seconds", (System.nanoTime() - start) / 1_000_000_000L).put("sent", load.sent).put("acked", load.acked)
        .put("awaitingAck", load.awaitingAck()).put("updates", load.updates).put("errors", load.errors)
        .put("closed", load.closed).put("linked", links.size()).encode()));
    vertx.setTimer(warmup, id -> say("window-start"));
    vertx.setTimer(warmup + duration, id -> {
      say("window-end");
      long drainEnd = System.nanoTime() + drain * 1_000_000;
      vertx.setPeriodic(100, check -> {
        if (load.drained() || System.nanoTime() >= drainEnd) {
          vertx.cancelTimer(check);
          vertx.cancelTimer(ticks);
          say("result " + load.result().put("linked", links.size())
              .put("drainMs", (System.nanoTime() - windowEnd) / 1_000_000).encode());
        }
      });
    });
  }

  private void event(SiteLoad.Room room) {
    WebSocket socket = links.get(room);
    if (socket == null) {
      load.error("an event was due on a link that is down");
      return;
    }
    SiteEvent event = SiteEvent.of(SiteEvent.Kind.HEAD_COUNT, room.sessionId, Instant.now(), 1, null, null);
    JsonObject body = new SiteMessage.Events(List.of(event)).toJson();
    pending.merge(room, 1, Integer::sum);
    load.sending(room, event.id(), System.nanoTime());
    send(socket, body);
  }

  private JsonObject parse(Buffer data) {
    try {
      return data.toJsonObject();
    } catch (RuntimeException e) {
      load.error("unreadable frame: " + data);
      return null;
    }
  }

  private static String inbox(SiteLoad.Room room) {
    return Addresses.siteInbox(room.siteId.toString());
  }

  private static void send(WebSocket socket, JsonObject message) {
    write(socket, new JsonObject().put("type", "send").put("address", Addresses.hubSites()).put("body", message));
  }

  private static void write(WebSocket socket, JsonObject frame) {
    if (!socket.isClosed()) {
      socket.writeTextMessage(frame.encode());
    }
  }

  private static synchronized void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
