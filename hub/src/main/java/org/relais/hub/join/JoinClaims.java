package org.relais.hub.join;

import java.time.Instant;
import java.util.UUID;
import org.relais.protocol.JoinRole;

/**
 * What a join token says: which session, who (a registration, a booking or a staff account, per the
 * role), the name shown in the room, when the doors open and close, and the token's own id.
 */
public record JoinClaims(UUID sessionId, JoinRole role, UUID subjectId, String displayName, Instant notBefore,
    Instant expires, String tokenId) {

  public JoinClaims {
    if (!expires.isAfter(notBefore)) {
      throw new IllegalArgumentException("a join token must expire after it opens");
    }
  }
}
