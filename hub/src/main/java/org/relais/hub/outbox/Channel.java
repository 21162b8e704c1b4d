package org.relais.hub.outbox;

/** How a message reaches a family: to the e-mail address or to the phone number it gave, with its consent. */
public enum Channel {
  EMAIL, SMS
}
