package org.relais.protocol;

/**
 * Status of a whole session (a one-off class or a weekly series): scheduled, or cancelled for good. What
 * happens on each date is the state of that sitting ({@link SittingState}).
 */
public enum SessionStatus {
  SCHEDULED,
  CANCELLED;

  public boolean canBecome(SessionStatus next) {
    return this == SCHEDULED && next == CANCELLED;
  }
}
