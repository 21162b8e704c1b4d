package org.relais.hub.registrations;

/** Where a family's registration stands: a home place, the waiting list, or cancelled. */
public enum RegistrationStatus {
  CONFIRMED,
  WAITLISTED,
  CANCELLED
}
