package org.relais.hub.reminders;

import io.vertx.core.Future;
import org.relais.hub.registrations.Registration;
import org.relais.hub.schedule.Session;

/** The family's own link to its class, as the messages give it. */
@FunctionalInterface
public interface PersonalLinks {
  Future<String> of(Registration registration, Session session);
}
