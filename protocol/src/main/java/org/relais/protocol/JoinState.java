package org.relais.protocol;

/**
 * What a join link opens now: a waiting page before the doors open (15 minutes before the start), the
 * room while they are open (until 30 minutes after the end), or why not.
 */
public enum JoinState {
  EARLY,
  OPEN,
  ENDED,
  CANCELLED,
  REVOKED,
  /** Registered while the home places were taken: the link opens if a place frees up. */
  WAITLISTED,
  /** A built-in room already holds as many people as it may: the link says so instead of opening it. */
  FULL
}
