package org.relais.hub.registrations;

import java.time.Instant;
import java.util.UUID;

/** A family's registration for a session (for every sitting of a weekly series). */
public record Registration(UUID id, UUID sessionId, RegistrationRequest details, RegistrationStatus status,
    String tokenId, Instant createdAt, long version) {

  public Registration withStatus(RegistrationStatus next) {
    return new Registration(id, sessionId, details, next, tokenId, createdAt, version + 1);
  }
}
