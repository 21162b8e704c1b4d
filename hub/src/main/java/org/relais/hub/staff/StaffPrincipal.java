package org.relais.hub.staff;

import io.vertx.ext.web.RoutingContext;
import java.util.Arrays;
import java.util.Collection;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.protocol.Role;

/** Who is calling a staff route, as the database says now (not as an old token claimed). */
public record StaffPrincipal(UUID id, Role role, Set<UUID> centreIds) {
  static final String CONTEXT_KEY = "relais.staff";

  public StaffPrincipal {
    centreIds = Set.copyOf(centreIds);
  }

  /** The authenticated caller; routes behind {@link StaffAuthenticator} always have one. */
  public static StaffPrincipal of(RoutingContext ctx) {
    StaffPrincipal principal = ctx.get(CONTEXT_KEY);
    if (principal == null) {
      throw ProblemException.unauthorized();
    }
    return principal;
  }

  /** Admits this caller for the rest of the request, as {@link #of} reads it. */
  public void admit(RoutingContext ctx) {
    ctx.put(CONTEXT_KEY, this);
  }

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** ADMIN everywhere; a COORDINATOR in its own centres. */
  public boolean coordinates(UUID centreId) {
    return isAdmin() || (role == Role.COORDINATOR && centreIds.contains(centreId));
  }

  public boolean coordinatesAll(Collection<UUID> centres) {
    return isAdmin() || (role == Role.COORDINATOR && centreIds.containsAll(centres));
  }

  public void requireRole(Role... allowed) {
    if (!Arrays.asList(allowed).contains(role)) {
      throw ProblemException.forbidden("This needs one of the roles " + Arrays.toString(allowed));
    }
  }

  public void requireCoordinates(UUID centreId) {
    if (!coordinates(centreId)) {
      throw ProblemException.forbidden("You do not coordinate this centre");
    }
  }
}
