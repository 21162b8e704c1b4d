package org.relais.protocol;

/** Lifecycle of a scheduled session, with its allowed transitions. */
public enum SessionStatus {
  SCHEDULED,
  LIVE,
  ENDED,
  CANCELLED;

  public boolean canBecome(SessionStatus next) {
    return switch (this) {
      case SCHEDULED -> next == LIVE || next == CANCELLED || next == ENDED;
      case LIVE -> next == ENDED;
      case ENDED, CANCELLED -> false;
    };
  }

  public boolean isFinal() {
    return this == ENDED || this == CANCELLED;
  }
}
