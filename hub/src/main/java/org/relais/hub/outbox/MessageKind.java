package org.relais.hub.outbox;

import java.time.Duration;
import java.util.Optional;

/**
 * What a message tells a family. Reminders are due a lead time before their sitting starts, so that moving the
 * sitting moves them; every other kind is due when the change that causes it is made.
 */
public enum MessageKind {
  CONFIRMED(null),
  /** The class was full: the family waits for a place (sent only while it still waits). */
  WAITLISTED(null),
  PLACE_GRANTED(null),
  REMINDER_DAY_BEFORE(Duration.ofHours(24)),
  /** "Le cours commence": the one text that quiet hours let through. */
  REMINDER_STARTING(Duration.ofMinutes(15)),
  SITTING_CANCELLED(null),
  SITTING_MOVED(null),
  SERIES_CANCELLED(null),
  /** A coordinator's own words to the families of one sitting; quiet hours hold it like any notice. */
  FREE_MESSAGE(null),
  /** A free message marked urgent (the room or the time changes today): quiet hours let it through. */
  FREE_MESSAGE_URGENT(null),
  /**
   * A household off the radar invited by a coordinator to the next classes of its favourite theme (named at the end
   * of the key: see {@link Outbox#invitedCategory}); written to one member of the household.
   */
  INVITATION(null);

  private final Duration leadTime;

  MessageKind(Duration leadTime) {
    this.leadTime = leadTime;
  }

  /** How long before its sitting's start a reminder is due; empty for a notice, due at once. */
  public Optional<Duration> leadTime() {
    return Optional.ofNullable(leadTime);
  }

  /** Whether an SMS of this kind may wake a family: only when it is about to miss the class otherwise. */
  public boolean passesQuietHours() {
    return this == REMINDER_STARTING || this == FREE_MESSAGE_URGENT;
  }

  /** A coordinator's free message, urgent or not: its text is stored in {@code free_messages}. */
  public boolean isFree() {
    return this == FREE_MESSAGE || this == FREE_MESSAGE_URGENT;
  }

  public boolean isReminder() {
    return leadTime != null;
  }
}
