package org.relais.hub.signalling;

import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import java.time.Duration;
import org.relais.hub.join.JoinClaims;
import org.relais.hub.join.JoinService;
import org.relais.hub.join.JoinView;
import org.relais.hub.storage.AsyncCaches;
import org.relais.protocol.JoinState;

/**
 * A session's room is for the holders of its join links while they open it. A link's signature is
 * checked once per node and its claims kept while its sockets talk; what can change (the holder's
 * standing, the session, the clock) is decided again on every message. Each holder takes a seat of its
 * own role.
 */
public final class SessionRooms implements RoomAccess {
  private final JoinService join;
  private final BuiltInRooms rooms;
  private final AsyncCache<String, JoinClaims> verified = Caffeine.newBuilder()
      .expireAfterAccess(Duration.ofMinutes(10))
      .maximumSize(200_000)
      .buildAsync();

  public SessionRooms(JoinService join, BuiltInRooms rooms) {
    this.join = join;
    this.rooms = rooms;
  }

  @Override
  public Future<Boolean> allows(Admission admission) {
    if (admission.joinToken() == null) {
      return Future.succeededFuture(false);
    }
    return view(admission)
        .map(view -> view.state() == JoinState.OPEN && view.session().roomName().equals(admission.roomId()))
        .otherwise(false);
  }

  /** The seats the admission's holder competes for: those of its role in its session's room. */
  public Future<RoomPresence.SeatClaim> seatClaim(Admission admission) {
    return claims(admission).compose(claims -> rooms.claim(claims.role(), claims.sessionId()));
  }

  /** What the admission's link opens now. */
  public Future<JoinView> view(Admission admission) {
    return claims(admission).compose(join::open);
  }

  private Future<JoinClaims> claims(Admission admission) {
    return AsyncCaches.get(verified, admission.joinToken(), () -> join.verify(admission.joinToken()));
  }
}
