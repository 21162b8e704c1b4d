package org.relais.hub.sms;

import io.vertx.core.Future;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** Which line each centre sends its texts from. */
public interface SmsLines {

  /**
   * A centre's line: its gateway, how many texts it sends a day at most, and whether the gateway takes the
   * idempotency key (then a message interrupted between sending and marking may be sent again: the gateway itself
   * makes sure the family gets it once; otherwise it is left for staff to check).
   */
  record SmsLine(SmsGateway gateway, int dailyCap, boolean takesIdempotencyKey) {
    public SmsLine {
      Objects.requireNonNull(gateway, "gateway");
      if (dailyCap < 0) {
        throw new IllegalArgumentException("dailyCap must not be negative");
      }
    }
  }

  /** The centre's line; empty when the centre sends no texts. */
  Future<Optional<SmsLine>> forCentre(UUID centreId);

  /** Every centre sends from the same line (the embedded default: the local outbox file). */
  static SmsLines everyCentre(SmsLine line) {
    Future<Optional<SmsLine>> same = Future.succeededFuture(Optional.of(line));
    return centreId -> same;
  }
}
