package org.relais.hub.signalling;

import io.vertx.core.Future;
import org.relais.hub.join.JoinService;
import org.relais.protocol.JoinState;

/** A session's room is for the holders of its join links while they open it. */
public final class SessionRooms implements RoomAccess {
  private final JoinService join;

  public SessionRooms(JoinService join) {
    this.join = join;
  }

  @Override
  public Future<Boolean> allows(Admission admission) {
    if (admission.joinToken() == null) {
      return Future.succeededFuture(false);
    }
    return join.open(admission.joinToken())
        .map(view -> view.state() == JoinState.OPEN && view.session().roomName().equals(admission.roomId()))
        .otherwise(false);
  }
}
