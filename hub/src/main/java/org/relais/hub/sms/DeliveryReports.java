package org.relais.hub.sms;

import io.vertx.core.Future;

/**
 * Where authenticated delivery reports and opt-outs go. Implemented by the outbox, which knows the messages, so
 * that this package never depends on it.
 */
public interface DeliveryReports {
  /** Records a report; a report for an unknown message is ignored (answers false). */
  Future<Boolean> report(DeliveryReport report);

  /** A family answered STOP from this number: no text is ever sent to it again. */
  Future<Void> optOut(String phoneNumber, String via);
}
