package org.relais.hub.centres;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;

/**
 * A part of a room's staff page that another feature owns (its bookings, its relay-site), so the room page
 * shows them without this package knowing those features. Called once the caller may see the room.
 */
public interface RoomPanel {
  /** Adds this panel's entries for {@code site} to the page's {@code model}. */
  Future<Void> fill(RoutingContext ctx, Site site, Map<String, Object> model);
}
