package org.relais.hub.sms;

/** Where a message stands with its provider, in the order a delivery normally goes. */
public enum DeliveryState {
  QUEUED, SENT, DELIVERED, FAILED
}
