package org.relais.protocol;

/**
 * Lifecycle of one sitting of a session (one date of a series): the instructor starts it and ends it, or
 * it is called off on its own (a holiday) while the series goes on.
 */
public enum SittingState {
  SCHEDULED,
  LIVE,
  ENDED,
  CANCELLED;

  public boolean canBecome(SittingState next) {
    return switch (this) {
      case SCHEDULED -> next == LIVE || next == CANCELLED;
      case LIVE -> next == ENDED;
      case ENDED, CANCELLED -> false;
    };
  }

  public boolean isFinal() {
    return this == ENDED || this == CANCELLED;
  }
}
