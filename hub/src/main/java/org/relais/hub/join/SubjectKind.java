package org.relais.hub.join;

import org.relais.protocol.JoinRole;

/** Who holds a join link: a family's registration, a room's booking, or a staff member. */
public enum SubjectKind {
  REGISTRATION, BOOKING, STAFF;

  /** The kind of holder a link of {@code role} names in its subject. */
  public static SubjectKind of(JoinRole role) {
    return switch (role) {
      case PARTICIPANT -> REGISTRATION;
      case SITE_SCREEN, ANIMATOR -> BOOKING;
      case INSTRUCTOR -> STAFF;
    };
  }
}
