package org.relais.hub.sms;

/** Which kind of line a centre sends from. */
public enum SmsProvider {
  /** The hub's local outbox file under {@code data.dir}: nothing leaves the hub (the demo, a centre not set up). */
  LOCAL_FILE,
  /** The centre's own Android phone and SIM, running "SMS Gateway for Android" (local or cloud mode). */
  ANDROID_GATEWAY,
  /** A Brevo account's transactional SMS. */
  BREVO
}
