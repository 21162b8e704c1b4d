package org.relais.hub.signalling;

import io.vertx.core.Future;

/** Whether an admitted bridge socket may still use its room: asked at admission and on every message. */
@FunctionalInterface
public interface RoomAccess {
  Future<Boolean> allows(Admission admission);
}
