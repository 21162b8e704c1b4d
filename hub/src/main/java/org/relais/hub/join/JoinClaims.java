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

  /**
   * The holder's id in a built-in room: the same for every connection of this link (so a newer one
   * replaces an older one), and telling nothing about the token itself.
   */
  public String peerId() {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(tokenId.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return "p" + java.util.HexFormat.of().formatHex(digest, 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
