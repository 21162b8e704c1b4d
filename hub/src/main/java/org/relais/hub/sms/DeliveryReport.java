package org.relais.hub.sms;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** A provider's later word on one message (from a signed webhook), matched by the id it gave on accepting it. */
public record DeliveryReport(String providerMessageId, DeliveryState state, Optional<String> reason, Instant at) {
  public DeliveryReport {
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(at, "at");
  }
}
