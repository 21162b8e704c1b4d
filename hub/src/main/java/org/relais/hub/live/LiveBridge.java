package org.relais.hub.live;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.sockjs.BridgeEvent;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import io.vertx.ext.web.handler.sockjs.SockJSSocket;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.relais.hub.http.ClientAddress;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.signalling.BridgeRoutes;
import org.relais.hub.signalling.BridgeSockets;
import org.relais.hub.signalling.FrameBudget;
import org.relais.hub.signalling.RoomsConfig;
import org.relais.hub.signalling.SocketSlots;
import org.relais.hub.signalling.Tickets;
import org.relais.hub.sites.SiteLink;
import org.relais.hub.sites.SitesConfig;
import org.relais.protocol.Addresses;
import org.relais.protocol.site.InvalidSiteMessage;
import org.relais.protocol.site.SiteMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live bridge at {@code /live}: relay-sites' links and consoles' live figures, over WebSocket, each
 * socket opened with a single-use ticket. A site's socket may listen on its own inbox and send hello,
 * heartbeat and events to the hub, which the bridge stamps with the site's id; a console's socket may
 * only listen to its session's live figures, and an animator's page to its centre's help calls. Every frame a socket sends counts against its budget, and a
 * socket over it is cut; each client address holds a limited number of sockets on a node. A site silent
 * for three heartbeats is cut, and shown offline; a newer link of the same site, or a revoked credential,
 * cuts the older one.
 */
public final class LiveBridge implements Handler<BridgeEvent> {
  private static final Logger LOG = LoggerFactory.getLogger(LiveBridge.class);
  public static final String TICKETS = "live";
  static final String PATH = "/live/websocket";
  private static final int MAX_MESSAGE = 64 * 1024;
  private static final String REVOKED = "revoked";
  private static final String DRAINING = "draining";
  private static final int GOING_AWAY = 1001;

  /** What a live ticket grants: a site's link, a console's view of one session, or a centre's help queue. */
  public record Grant(UUID siteId, UUID sessionId, UUID centreId) {
    public static Grant site(UUID siteId) {
      return new Grant(siteId, null, null);
    }

    public static Grant console(UUID sessionId) {
      return new Grant(null, sessionId, null);
    }

    /** The centre's help calls as they are made, taken and ended: for its animators' page. */
    public static Grant centreHelp(UUID centreId) {
      return new Grant(null, null, centreId);
    }

    JsonObject toJson() {
      return new JsonObject().put("siteId", text(siteId)).put("sessionId", text(sessionId))
          .put("centreId", text(centreId));
    }

    static Grant fromJson(JsonObject json) {
      return new Grant(id(json, "siteId"), id(json, "sessionId"), id(json, "centreId"));
    }

    String listensOn() {
      if (siteId != null) {
        return Addresses.siteInbox(siteId.toString());
      }
      return sessionId != null ? Addresses.sessionLive(sessionId.toString()) : Addresses.centreHelp(centreId.toString());
    }

    private static String text(UUID id) {
      return id == null ? null : id.toString();
    }

    private static UUID id(JsonObject json, String key) {
      String value = json.getString(key);
      return value == null ? null : UUID.fromString(value);
    }
  }

  private static final class LiveSocket {
    final SockJSSocket socket;
    final Grant grant;
    final SocketSlots.Slot slot;
    final FrameBudget frames;
    final String socketId = UUID.randomUUID().toString();
    volatile long lastHeard = System.nanoTime();
    volatile MessageConsumer<String> control;

    LiveSocket(SockJSSocket socket, Grant grant, SocketSlots.Slot slot, FrameBudget frames) {
      this.socket = socket;
      this.grant = grant;
      this.slot = slot;
      this.frames = frames;
    }
  }

  private final Vertx vertx;
  private final Tickets tickets;
  private final SiteLink sites;
  private final SitesConfig config;
  private final LiveConfig limits;
  private final SocketSlots slots;
  private final Map<SockJSSocket, LiveSocket> sockets = new ConcurrentHashMap<>();
  private long silenceTimer = -1;

  /** One live bridge serves the HTTP verticles of the node: its sockets and slots are the node's. */
  public LiveBridge(Vertx vertx, Tickets tickets, SiteLink sites, SitesConfig config, LiveConfig limits) {
    this.vertx = vertx;
    this.tickets = tickets;
    this.sites = sites;
    this.config = config;
    this.limits = limits;
    this.slots = new SocketSlots(limits.maxSocketsPerAddress());
  }

  /** A ticket for this bridge, described as the API hands it out. */
  public Future<JsonObject> ticket(Grant grant, PublicAddress address) {
    return tickets.describedGrant(TICKETS, grant.toJson(), address.link(PATH))
        .map(described -> described.put("heartbeatSeconds", config.heartbeatInterval().toSeconds()));
  }

  public void mount(Router router, RoomsConfig rooms, PublicAddress address, ClientAddress clientAddress) {
    router.route("/live/*").handler(ctx -> {
      if (!BridgeRoutes.originAllowed(ctx, rooms, address)) {
        ctx.fail(ProblemException.forbidden("This origin may not open the live bridge"));
      } else if (!slots.reserveForHandshake(ctx, clientAddress.of(ctx))) {
        ctx.fail(ProblemException.tooManyRequests(Duration.ofSeconds(30)));
      } else {
        ctx.next();
      }
    });
    SockJSBridgeOptions bridge = new SockJSBridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddress(Addresses.hubSites()))
        .addOutboundPermitted(new PermittedOptions()
            .setAddressRegex("relais\\.(site\\.[a-z0-9-]{36}\\.inbox|session\\.[a-z0-9-]{36}\\.live"
                + "|centre\\.[a-z0-9-]{36}\\.help)"))
        .setPingTimeout(config.silenceLimit().toMillis() + 10_000)
        // One address to listen on; a second registration still reaches the guard, and counts.
        .setMaxHandlersPerSocket(2)
        .setMaxAddressLength(120);
    router.route("/live/*").subRouter(SockJSHandler.create(vertx, BridgeSockets.websocketOnly()).bridge(bridge, this));
  }

  /** Starts cutting the links of silent sites. */
  public void start() {
    long every = config.heartbeatInterval().toMillis();
    silenceTimer = vertx.setPeriodic(every, every, tick -> cutSilentSites());
  }

  public void stop() {
    if (silenceTimer >= 0) {
      vertx.cancelTimer(silenceTimer);
    }
  }

  @Override
  public void handle(BridgeEvent event) {
    try {
      switch (event.type()) {
        case SOCKET_CREATED -> admit(event);
        case SOCKET_CLOSED -> closed(event.socket());
        case REGISTER -> register(event);
        case SEND -> send(event);
        case SOCKET_PING, UNREGISTER -> {
          if (withinBudget(event)) {
            event.complete(true);
          }
        }
        case PUBLISH -> {
          if (withinBudget(event)) {
            refuse(event, "access_denied");
          }
        }
        case SOCKET_ERROR -> {
          event.complete(true);
          event.socket().close(1009, "refused");
        }
        case RECEIVE, SOCKET_IDLE, REGISTERED -> event.complete(true);
        default -> refuse(event, "access_denied");
      }
    } catch (RuntimeException e) {
      LOG.warn("Live bridge event {} refused after an error", event.type(), e);
      event.tryComplete(false);
    }
  }

  /** Spends a frame of the socket's budget; a socket over it is cut, and the frame refused. */
  private boolean withinBudget(BridgeEvent event) {
    LiveSocket socket = sockets.get(event.socket());
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
    socket.pause();
    tickets.redeemGrant(TICKETS, BridgeSockets.ticketOf(socket.uri())).onComplete(redeemed -> {
      Optional<JsonObject> grant = redeemed.succeeded() ? redeemed.result() : Optional.empty();
      if (grant.isEmpty() || slot.get().isReleased()) {
        BridgeSockets.sayRefused(socket, "invalid_ticket");
        slot.get().release();
        event.complete(false);
        return;
      }
      LiveSocket admitted = new LiveSocket(socket, Grant.fromJson(grant.get()), slot.get(),
          new FrameBudget(socket, limits.framesPerSecond(), limits.frameBurst()));
      sockets.put(socket, admitted);
      if (admitted.grant.siteId() != null) {
        linkSite(admitted);
      }
      event.complete(true);
      socket.resume();
    });
  }

  /** One link per site: a newer one (a relay that reconnected) replaces the older, on any node. */
  private void linkSite(LiveSocket admitted) {
    String siteId = admitted.grant.siteId().toString();
    String control = Addresses.siteLinkControl(siteId);
    vertx.eventBus().publish(control, admitted.socketId);
    admitted.control = vertx.eventBus().consumer(control, message -> {
      if (REVOKED.equals(message.body())) {
        BridgeSockets.sayRefused(admitted.socket, "revoked");
        admitted.socket.close(4403, "revoked");
      } else if (!admitted.socketId.equals(message.body())) {
        BridgeSockets.sayRefused(admitted.socket, "replaced");
        admitted.socket.close(4409, "replaced");
      }
    });
    sites.connected(admitted.grant.siteId(), admitted.socketId);
  }

  /**
   * This node is stopping: every socket is told so and closed. A relay-site dials again at once and reaches
   * another node (or this one, restarted); a console reconnects the same way.
   */
  public void drain() {
    sockets.values().forEach(open -> {
      BridgeSockets.sayRefused(open.socket, DRAINING);
      open.socket.close(GOING_AWAY, DRAINING);
    });
  }

  public int openSockets() {
    return sockets.size();
  }

  /**
   * Publishes this node's open sockets, relay-sites' links and consoles, as
   * {@code relais_bridge_sockets{bridge="live"}}.
   */
  public void measure(MeterRegistry registry) {
    Gauge.builder("relais.bridge.sockets", sockets, Map::size).tag("bridge", "live")
        .description("Open event-bus bridge sockets on this node, by bridge").register(registry);
  }

  /** Cuts the site's link wherever it is: its credential was revoked. */
  public void cut(UUID siteId) {
    vertx.eventBus().publish(Addresses.siteLinkControl(siteId.toString()), REVOKED);
  }

  private void closed(SockJSSocket socket) {
    LiveSocket gone = sockets.remove(socket);
    if (gone == null) {
      return;
    }
    gone.slot.release();
    if (gone.control != null) {
      gone.control.unregister();
    }
    if (gone.grant.siteId() != null) {
      sites.disconnected(gone.grant.siteId(), gone.socketId);
    }
  }

  private void register(BridgeEvent event) {
    if (!withinBudget(event)) {
      return;
    }
    LiveSocket socket = sockets.get(event.socket());
    String address = event.getRawMessage() == null ? null : event.getRawMessage().getString("address");
    if (socket == null || !socket.grant.listensOn().equals(address)) {
      refuse(event, "access_denied");
      return;
    }
    event.complete(true);
  }

  private void send(BridgeEvent event) {
    if (!withinBudget(event)) {
      return;
    }
    LiveSocket socket = sockets.get(event.socket());
    JsonObject raw = event.getRawMessage();
    if (socket == null || socket.grant.siteId() == null || !Addresses.hubSites().equals(raw.getString("address"))
        || raw.getString("replyAddress") != null) {
      refuse(event, "access_denied");
      return;
    }
    Object body = raw.getValue("body");
    try {
      if (!(body instanceof JsonObject json) || json.toBuffer().length() > MAX_MESSAGE) {
        throw new InvalidSiteMessage("too large");
      }
      SiteMessage message = SiteMessage.parse(json);
      if (!(message instanceof SiteMessage.Hello || message instanceof SiteMessage.Heartbeat
          || message instanceof SiteMessage.Events)) {
        throw new InvalidSiteMessage("only the hub sends " + message.type());
      }
    } catch (InvalidSiteMessage e) {
      refuse(event, "invalid_message");
      return;
    }
    socket.lastHeard = System.nanoTime();
    raw.put("body", SiteLink.stamped(socket.grant.siteId(), socket.socketId, body));
    raw.remove("headers");
    event.complete(true);
  }

  private void cutSilentSites() {
    long limit = config.silenceLimit().toNanos();
    long now = System.nanoTime();
    sockets.values().stream().filter(s -> s.grant.siteId() != null && now - s.lastHeard > limit).forEach(silent -> {
      LOG.info("Relay-site {} silent for {}: closing its link", silent.grant.siteId(), config.silenceLimit());
      silent.socket.close(4408, "silent");
    });
  }

  private static void refuse(BridgeEvent event, String reason) {
    BridgeSockets.sayRefused(event.socket(), reason);
    event.complete(false);
  }
}
