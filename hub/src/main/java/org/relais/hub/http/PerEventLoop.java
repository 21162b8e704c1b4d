package org.relais.hub.http;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Hands a request to a router of the event loop it came in on, made the first time that loop asks.
 * For handlers that keep unsynchronised state of their own (Vert.x's SockJS event-bus bridge keeps its
 * sockets in plain maps) while the HTTP server runs as several verticles sharing one router.
 */
public final class PerEventLoop implements Handler<RoutingContext> {
  private final Map<Context, Router> routers = new ConcurrentHashMap<>();
  private final Supplier<Router> factory;

  public PerEventLoop(Supplier<Router> factory) {
    this.factory = factory;
  }

  @Override
  public void handle(RoutingContext ctx) {
    routers.computeIfAbsent(Vertx.currentContext(), loop -> factory.get()).handle(ctx.request());
  }
}
