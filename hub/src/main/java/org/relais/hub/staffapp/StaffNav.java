package org.relais.hub.staffapp;

import java.util.List;
import java.util.Set;
import org.relais.protocol.Role;

/** The staff app's menu: each entry for the roles whose work it is. */
public final class StaffNav {
  /** One menu entry; {@code labelKey} names its text in the bundles. */
  public record Entry(String href, String labelKey, Set<Role> roles) {}

  public static final List<Entry> ENTRIES = List.of(
      new Entry("/staff", "staff_nav_network", Set.of(Role.ADMIN, Role.COORDINATOR)),
      new Entry("/staff/classes", "staff_nav_classes", Set.of(Role.ADMIN, Role.COORDINATOR)),
      new Entry("/staff/centres", "staff_nav_centres", Set.of(Role.ADMIN, Role.COORDINATOR)),
      new Entry("/staff/households", "staff_nav_households", Set.of(Role.ADMIN, Role.COORDINATOR)),
      new Entry("/staff/accounts", "staff_nav_accounts", Set.of(Role.ADMIN, Role.COORDINATOR)),
      new Entry("/staff/reports", "staff_nav_reports", Set.of(Role.ADMIN, Role.COORDINATOR)),
      new Entry("/staff/privacy", "staff_nav_privacy", Set.of(Role.ADMIN, Role.COORDINATOR)),
      new Entry("/staff/my-classes", "staff_nav_my_classes", Set.of(Role.INSTRUCTOR)),
      new Entry("/staff/my-centre", "staff_nav_my_centre", Set.of(Role.ANIMATOR, Role.COORDINATOR)));

  private StaffNav() {}

  public static List<Entry> of(Role role) {
    return ENTRIES.stream().filter(entry -> entry.roles().contains(role)).toList();
  }

  /** Where a role lands after signing in. */
  public static String homeOf(Role role) {
    return of(role).get(0).href();
  }
}
