package org.relais.hub.http;

import io.vertx.ext.web.RoutingContext;

/** The address a request came from: the socket peer, or the first X-Forwarded-For hop behind a trusted proxy. */
public final class ClientAddress {
  private final boolean trustProxy;

  public ClientAddress(boolean trustProxy) {
    this.trustProxy = trustProxy;
  }

  public String of(RoutingContext ctx) {
    if (trustProxy) {
      String forwarded = ctx.request().getHeader("X-Forwarded-For");
      if (forwarded != null && !forwarded.isBlank()) {
        int comma = forwarded.indexOf(',');
        return (comma < 0 ? forwarded : forwarded.substring(0, comma)).strip();
      }
    }
    return ctx.request().remoteAddress() == null ? "unknown" : ctx.request().remoteAddress().hostAddress();
  }
}
