package org.relais.hub.outbox;

/**
 * Where a message stands. PENDING waits for its time (or its retry, or the end of quiet hours); SENDING was being
 * handed to its channel (a node that dies there leaves it so); SENT was accepted, DELIVERED reported delivered.
 * FAILED, CANCELLED and SKIPPED are final, with a reason.
 */
public enum MessageStatus {
  PENDING, SENDING, SENT, DELIVERED, FAILED, CANCELLED, SKIPPED;

  public boolean isFinal() {
    return this != PENDING && this != SENDING;
  }
}
