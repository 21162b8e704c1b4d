package org.relais.hub.sms;

import io.vertx.core.Future;
import java.util.Optional;
import java.util.UUID;

/** Which line each centre sends its texts from. */
public interface SmsLines {

  /** The centre's line; empty when the centre sends no texts. */
  Future<Optional<SmsLine>> forCentre(UUID centreId);

  /** Every centre sends from the same line (the embedded default: the local outbox file). */
  static SmsLines everyCentre(SmsLine line) {
    Future<Optional<SmsLine>> same = Future.succeededFuture(Optional.of(line));
    return centreId -> same;
  }
}
