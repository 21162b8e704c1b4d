package org.relais.hub.registrations;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.join.JoinSubjects;

/** Where a family's join link stands: open while the registration is confirmed, waiting while it is waitlisted. */
public final class RegistrationStandings implements JoinSubjects.Source {
  private final RegistrationStore store;

  public RegistrationStandings(RegistrationStore store) {
    this.store = store;
  }

  @Override
  public Future<Optional<JoinSubjects.Standing>> find(UUID id) {
    // A family's e-mail was given to be reminded of its class, nothing else: it never goes to the video service.
    return store.find(store.pool(), id, false).map(found -> found.map(r -> new JoinSubjects.Standing(r.sessionId(),
        r.status() == RegistrationStatus.CONFIRMED, r.status() == RegistrationStatus.WAITLISTED, null)));
  }
}
