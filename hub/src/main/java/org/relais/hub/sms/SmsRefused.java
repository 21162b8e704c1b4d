package org.relais.hub.sms;

/**
 * A provider's final refusal (a number it will not serve, a rejected text, bad credentials): retrying the same
 * message cannot succeed. Any other failure of {@link SmsGateway#send} is taken as passing and retried.
 */
public final class SmsRefused extends RuntimeException {
  public SmsRefused(String reason) {
    super(reason, null, false, false);
  }
}
