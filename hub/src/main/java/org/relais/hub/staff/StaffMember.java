package org.relais.hub.staff;

import java.util.Set;
import java.util.UUID;
import org.relais.hub.validation.Checks;
import org.relais.hub.validation.InvalidFieldException;
import org.relais.protocol.Role;

/** A staff account as everyone but the password store sees it. */
public record StaffMember(UUID id, String email, String displayName, Role role, Set<UUID> centreIds, long version) {

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

  public StaffPrincipal principal() {
    return new StaffPrincipal(id, role, centreIds);
  }
}
