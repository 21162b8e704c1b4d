package org.relais.protocol;

/** Who a join link is for; INSTRUCTOR and ANIMATOR links carry moderator rights. */
public enum JoinRole {
  PARTICIPANT,
  SITE_SCREEN,
  ANIMATOR,
  INSTRUCTOR;

  public boolean moderates() {
    return this == INSTRUCTOR || this == ANIMATOR;
  }
}
