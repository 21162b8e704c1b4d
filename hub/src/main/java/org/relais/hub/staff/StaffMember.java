package org.relais.hub.staff;

import java.util.Set;
import java.util.UUID;
import org.relais.hub.validation.Checks;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Role;

/**
 * A staff account as everyone but the password store sees it. A deactivated account ({@code active} false) is
 * kept for the history it is part of (the classes it taught) but signs in no more.
 */
public record StaffMember(UUID id, String email, String displayName, Role role, Set<UUID> centreIds, long version,
    boolean active) {

  public StaffMember {
    Checks.required("id", id);
    email = Checks.email("email", email);
    displayName = Checks.text("displayName", displayName, 200);
    Checks.required("role", role);
    centreIds = Set.copyOf(Checks.required("centreIds", centreIds));
    if ((role == Role.COORDINATOR || role == Role.ANIMATOR) && centreIds.isEmpty()) {
      throw new InvalidFieldException("centreIds", "a " + role + " works in at least one centre");
    }
    if (role == Role.ADMIN && !centreIds.isEmpty()) {
      throw new InvalidFieldException("centreIds", "an ADMIN covers every centre: leave centreIds empty");
    }
  }

  /** An active account. */
  public StaffMember(UUID id, String email, String displayName, Role role, Set<UUID> centreIds, long version) {
    this(id, email, displayName, role, centreIds, version, true);
  }

  public StaffPrincipal principal() {
    return new StaffPrincipal(id, role, centreIds);
  }
}
