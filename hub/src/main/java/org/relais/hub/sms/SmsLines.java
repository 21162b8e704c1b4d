package org.relais.hub.sms;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;

/** The line each centre sends its texts from; empty when the centre has none. */
public interface SmsLines {
  Future<Optional<SmsLine>> forCentre(UUID centreId);
}
