package org.relais.hub.signalling;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.bridge.PermittedOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.sockjs.SockJSBridgeOptions;
import io.vertx.ext.web.handler.sockjs.SockJSHandler;
import java.net.URI;
import org.relais.hub.http.ClientAddress;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.PublicAddress;

/**
 * The event-bus bridge at {@code /eventbus}, over WebSocket only. Before the handshake: the Origin must
 * be ours (the public address, a configured origin, or this host's own) against cross-site WebSocket
 * hijacking, and the client address must not hold too many sockets already: its place is reserved
 * then, before the upgrade. Browsers may only use the addresses of built-in rooms; {@link BridgeGuard}
 * decides which ones, socket by socket.
 */
public final class BridgeRoutes {
  /** The addresses of built-in rooms, as {@link org.relais.protocol.Addresses} builds them. */
  static final String ROOM_ADDRESSES = "relais\\.room\\.[a-z0-9_-]{1,100}\\.(roster|peer\\.[a-z0-9_-]{1,100})";
  static final long PING_TIMEOUT_MILLIS = 30_000;

  private BridgeRoutes() {}

  public static void mount(Router router, Vertx vertx, BridgeGuard guard, RoomsConfig config, PublicAddress address,
      ClientAddress clientAddress) {
    router.route("/eventbus/*").handler(ctx -> admitHandshake(ctx, guard, config, address, clientAddress));
    SockJSBridgeOptions bridge = new SockJSBridgeOptions()
        .addInboundPermitted(new PermittedOptions().setAddressRegex(ROOM_ADDRESSES))
        .addOutboundPermitted(new PermittedOptions().setAddressRegex(ROOM_ADDRESSES))
        .setPingTimeout(PING_TIMEOUT_MILLIS)
        .setMaxHandlersPerSocket(4)
        .setMaxAddressLength(250);
    router.route("/eventbus/*").subRouter(SockJSHandler.create(vertx, BridgeSockets.websocketOnly()).bridge(bridge, guard));
  }

  private static void admitHandshake(RoutingContext ctx, BridgeGuard guard, RoomsConfig config, PublicAddress address,
      ClientAddress clientAddress) {
    if (!originAllowed(ctx, config, address)) {
      ctx.fail(ProblemException.forbidden("This origin may not open the event bus"));
      return;
    }
    if (!guard.slots().reserveForHandshake(ctx, clientAddress.of(ctx))) {
      ctx.fail(ProblemException.tooManyRequests(java.time.Duration.ofSeconds(30)));
      return;
    }
    ctx.next();
  }

  /** Against cross-site WebSocket hijacking: the Origin is ours, or a configured one, or absent. */
  public static boolean originAllowed(RoutingContext ctx, RoomsConfig config, PublicAddress address) {
    String origin = ctx.request().getHeader(HttpHeaders.ORIGIN);
    // Browsers always send an Origin; programs (a relay-site) send none and are not a hijacking risk.
    return origin == null || origin(address.base()).equals(origin) || config.allowedOrigins().contains(origin)
        || sameOrigin(origin, ctx);
  }

  /** A page served by this very host (as the request names it): what a hijacking page cannot be. */
  private static boolean sameOrigin(String origin, RoutingContext ctx) {
    String host = ctx.request().getHeader(HttpHeaders.HOST);
    return host != null && (origin.equals("http://" + host) || origin.equals("https://" + host));
  }

  static String origin(URI base) {
    return base.getScheme() + "://" + base.getHost() + (base.getPort() < 0 ? "" : ":" + base.getPort());
  }
}
