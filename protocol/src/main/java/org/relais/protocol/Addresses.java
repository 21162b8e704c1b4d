package org.relais.protocol;

/**
 * Event-bus addresses. Feature code asks these functions for an address and never concatenates one
 * itself, so every address in use is listed here.
 */
public final class Addresses {
  private static final String ROOT = "relais.";

  private Addresses() {}

  /** Published by any hub node after a change to sessions or centres: every node drops its schedule cache. */
  public static String scheduleChanged() {
    return ROOT + "hub.schedule.changed";
  }

  /** Published with a staff id after that account changed: every node forgets what it cached about it. */
  public static String staffChanged() {
    return ROOT + "hub.staff.changed";
  }

  /** Published after a node added or dropped a join-link signing key: every node re-reads the ring. */
  public static String joinKeysChanged() {
    return ROOT + "hub.join.keys.changed";
  }

  /**
   * Published with the id of a registration, booking or session whose join links changed (cancelled,
   * promoted from the waiting list): every node forgets what it cached, so a revoked link stops at once.
   */
  public static String joinSubjectChanged() {
    return ROOT + "hub.join.subject.changed";
  }
}
