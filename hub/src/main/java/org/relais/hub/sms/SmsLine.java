package org.relais.hub.sms;

import java.util.Objects;

/**
 * A centre's line: its gateway, how many texts it sends a day at most, and whether the gateway takes the
 * idempotency key (then a message interrupted between sending and marking may be sent again: the gateway itself
 * makes sure the family gets it once; otherwise it is left for staff to check).
 */
public record SmsLine(SmsGateway gateway, int dailyCap, boolean takesIdempotencyKey) {
  public SmsLine {
    Objects.requireNonNull(gateway, "gateway");
    if (dailyCap < 0) {
      throw new IllegalArgumentException("dailyCap must not be negative");
    }
  }
}
