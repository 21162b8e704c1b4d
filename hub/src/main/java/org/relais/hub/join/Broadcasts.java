package org.relais.hub.join;

import io.vertx.core.Future;
import java.util.UUID;

/** Whether a BROADCAST session's stream is coming in now, on any node: what its join links say. */
@FunctionalInterface
public interface Broadcasts {
  Future<Boolean> live(UUID sessionId);
}
