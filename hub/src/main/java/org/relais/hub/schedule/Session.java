package org.relais.hub.schedule;

import java.util.UUID;
import org.relais.hub.validation.Checks;
import org.relais.protocol.SessionStatus;

/** A scheduled session (one class, or a weekly series of them) as stored. */
public record Session(UUID id, SessionDraft draft, SessionStatus status, long version) {
  public Session {
    Checks.required("id", id);
    Checks.required("draft", draft);
    Checks.required("status", status);
  }

  public Session withStatus(SessionStatus next) {
    return new Session(id, draft, next, version + 1);
  }
}
