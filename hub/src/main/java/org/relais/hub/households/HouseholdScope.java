package org.relais.hub.households;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.protocol.Role;

/** Whose households one may see: the whole network, or the classes of some centres only. */
public record HouseholdScope(Optional<Set<UUID>> centres) {
  public static final HouseholdScope NETWORK = new HouseholdScope(Optional.empty());

  public HouseholdScope {
    centres = centres.map(Set::copyOf);
  }

  /** An admin's is the network, a coordinator's their centres; nobody else sees households. */
  public static HouseholdScope of(StaffPrincipal member) {
    member.requireRole(Role.ADMIN, Role.COORDINATOR);
    return member.isAdmin() ? NETWORK : new HouseholdScope(Optional.of(member.centreIds()));
  }

  public boolean covers(UUID centreId) {
    return centres.map(set -> set.contains(centreId)).orElse(true);
  }

  /** Refuses with 404 what lies outside, as if it did not exist: a centre's staff learn nothing of another's. */
  public void require(UUID centreId) {
    if (!covers(centreId)) {
      throw ProblemException.notFound("No such household");
    }
  }
}
