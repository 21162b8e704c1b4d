package org.relais.hub.signalling;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import org.relais.hub.join.JoinClaims;
import org.relais.hub.join.JoinService;
import org.relais.hub.storage.AsyncCaches;
import org.relais.protocol.JoinState;

/**
 * A session's room is for the holders of its join links while they open it. A link's signature is
 * checked once per node and its claims kept while its sockets talk; what can change (the holder's
 * standing, the session, the clock) is decided again on every message.
 */
public final class SessionRooms implements RoomAccess {
  private final JoinService join;
  private final AsyncCache<String, JoinClaims> verified = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofMinutes(10))
      .maximumSize(200_000)
      .buildAsync();

  public SessionRooms(JoinService join) {
    this.join = join;
  }

  @Override
  public Future<Boolean> allows(Admission admission) {
    if (admission.joinToken() == null) {
      return Future.succeededFuture(false);
    }
    return AsyncCaches.get(verified, admission.joinToken(), () -> join.verify(admission.joinToken()))
        .compose(join::open)
        .map(view -> view.state() == JoinState.OPEN && view.session().roomName().equals(admission.roomId()))
        .otherwise(false);
  }
}
