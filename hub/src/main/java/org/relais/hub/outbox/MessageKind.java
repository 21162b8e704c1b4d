package org.relais.hub.outbox;

import java.time.Duration;
import java.util.Optional;

/**
 * What a message tells a family. Reminders are due a lead time before their sitting starts, so that moving the
 * sitting moves them; every other kind is due when the change that causes it is made.
 */
public enum MessageKind {
  CONFIRMED(null),
  PLACE_GRANTED(null),
  REMINDER_DAY_BEFORE(Duration.ofHours(24)),
  /** "Le cours commence": the one text that quiet hours let through. */
  REMINDER_STARTING(Duration.ofMinutes(15)),
  SITTING_CANCELLED(null),
  SITTING_MOVED(null),
  SERIES_CANCELLED(null),
  /** A coordinator's own words to the families of a sitting ("le cours est déplacé dans la salle 2"). */
  FREE_MESSAGE(null);

  private final Duration leadTime;

  MessageKind(Duration leadTime) {
    this.leadTime = leadTime;
  }

  /** How long before its sitting's start a reminder is due; empty for a notice, due at once. */
  public Optional<Duration> leadTime() {
    return Optional.ofNullable(leadTime);
  }

  public boolean isReminder() {
    return leadTime != null;
  }
}
