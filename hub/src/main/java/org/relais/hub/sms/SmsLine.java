package org.relais.hub.sms;

/** A centre's line: the gateway its texts go through and how many it may send a day. */
public record SmsLine(SmsGateway gateway, int dailyCap) {
}
