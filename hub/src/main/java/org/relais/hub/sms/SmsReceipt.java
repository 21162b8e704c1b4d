package org.relais.hub.sms;

import java.util.Objects;

/** What a provider answered on accepting a message: its own id for the delivery reports to come, and the state. */
public record SmsReceipt(String providerMessageId, DeliveryState state) {
  public SmsReceipt {
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(state, "state");
  }
}
