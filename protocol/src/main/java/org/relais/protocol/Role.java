package org.relais.protocol;

/** Role of a staff account on the hub. */
public enum Role {
  ADMIN,
  COORDINATOR,
  INSTRUCTOR,
  ANIMATOR
}
