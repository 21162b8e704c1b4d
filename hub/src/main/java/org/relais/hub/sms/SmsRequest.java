package org.relais.hub.sms;

import java.util.Objects;

/**
 * A text to one number. The idempotency key is the outbox message's own key: the same message always carries the
 * same key, whatever the node or attempt.
 *
 * @param phoneNumber in E.164 form ({@code +33612345678})
 */
public record SmsRequest(String idempotencyKey, String phoneNumber, String text) {
  public SmsRequest {
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(phoneNumber, "phoneNumber");
    Objects.requireNonNull(text, "text");
    if (!phoneNumber.matches("\\+[1-9][0-9]{6,14}")) {
      throw new IllegalArgumentException("not an E.164 number");
    }
  }
}
