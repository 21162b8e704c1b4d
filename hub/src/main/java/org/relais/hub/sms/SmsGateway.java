package org.relais.hub.sms;

import io.vertx.core.Future;

/**
 * One way of sending a text message from a centre's line. The outbox hands each message to its centre's gateway
 * once per attempt; a gateway that can be told an idempotency key passes it on, so a retry after a crash cannot
 * reach the family twice.
 */
public interface SmsGateway {
  /** Succeeds once the provider has accepted the message; fails with {@link SmsRefused} when it never will. */
  Future<SmsReceipt> send(SmsRequest request);
}
