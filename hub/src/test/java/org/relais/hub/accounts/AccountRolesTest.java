package org.relais.hub.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.protocol.Role;

/**
 * Who may do what on the staff accounts pages, each action tried by each role through the pages' POST endpoints:
 * what succeeds changes the account, what is refused answers 403 and changes nothing.
 */
class AccountRolesTest {
  /** One of the pages' actions on a target account (for "create", the account it would create). */
  private record Action(String name, int success, Function<StaffMember, String> path,
      Function<StaffMember, MultiMap> form) {}

  /** Who tries, on whom, and whether the CSRF token is sent. */
  private record Attempt(String actor, Role targetRole, boolean csrf, boolean allowed) {}

  private static final List<Attempt> TABLE = List.of(
      new Attempt("admin", Role.ANIMATOR, true, true),
      new Attempt("coordinator", Role.ANIMATOR, true, true),
      new Attempt("coordinator", Role.COORDINATOR, true, false),
      new Attempt("coordinator", Role.ADMIN, true, false),
      new Attempt("instructor", Role.ANIMATOR, true, false),
      new Attempt("animator", Role.ANIMATOR, true, false),
      new Attempt("admin", Role.ANIMATOR, false, false));

  @Test
  void eachRoleMayDoWhatItsRulesSayAndNothingElse() {
    try (HubHarness harness = HubHarness.start("h2")) {
      Centre centre = harness.centre("Les Tisserands");
      StaffWeb web = new StaffWeb(harness);
      StaffMember admin = harness.staff(Role.ADMIN, Set.of());
      Map<String, StaffWeb.Session> sessions = Map.of(
          "admin", web.signIn(admin),
          "coordinator", web.signIn(harness.staff(Role.COORDINATOR, Set.of(centre.id()))),
          "instructor", web.signIn(harness.staff(Role.INSTRUCTOR, Set.of(centre.id()))),
          "animator", web.signIn(harness.staff(Role.ANIMATOR, Set.of(centre.id()))));
      List<Action> actions = List.of(
          new Action("create", 201, target -> "/staff/accounts", target -> fields(target)
              .set("email", "new-" + UUID.randomUUID() + "@relais.test")),
          new Action("update", 303, target -> "/staff/accounts/" + target.id(),
              target -> fields(target).set("displayName", "Renamed")),
          new Action("deactivate", 303, target -> "/staff/accounts/" + target.id() + "/deactivate",
              target -> MultiMap.caseInsensitiveMultiMap().add("version", String.valueOf(target.version()))),
          new Action("reactivate", 303, target -> "/staff/accounts/" + target.id() + "/reactivate",
              target -> MultiMap.caseInsensitiveMultiMap().add("version", String.valueOf(target.version()))),
          new Action("reset-link", 200, target -> "/staff/accounts/" + target.id() + "/reset-link",
              target -> MultiMap.caseInsensitiveMultiMap()));

      for (Action action : actions) {
        for (Attempt attempt : TABLE) {
          StaffMember target = harness.staff(attempt.targetRole(),
              attempt.targetRole() == Role.ADMIN ? Set.of() : Set.of(centre.id()));
          if (action.name().equals("reactivate")) {
            target = harness.hub.staff().setActive(admin.principal(), target.id(), false, 1).await();
          }
          long accounts = harness.hub.staff().count().await();
          StaffWeb.Session session = sessions.get(attempt.actor());
          MultiMap form = action.form().apply(target);
          HttpResponse<Buffer> response = attempt.csrf() ? web.post(session, action.path().apply(target), form)
              : web.postWithToken(session, action.path().apply(target), form);

          String what = action.name() + " by " + attempt.actor() + " on " + attempt.targetRole()
              + (attempt.csrf() ? "" : " without CSRF token");
          StaffMember after = harness.hub.staff().get(admin.principal(), target.id()).await();
          if (attempt.allowed()) {
            assertThat(response.statusCode()).as(what).isEqualTo(action.success());
            switch (action.name()) {
              case "create" -> assertThat(harness.hub.staff().count().await()).as(what).isEqualTo(accounts + 1);
              case "update" -> assertThat(after.displayName()).as(what).isEqualTo("Renamed");
              case "deactivate" -> assertThat(after.active()).as(what).isFalse();
              case "reactivate" -> assertThat(after.active()).as(what).isTrue();
              default -> assertThat(response.bodyAsString()).as(what).contains("/staff/reset/");
            }
          } else {
            assertThat(response.statusCode()).as(what).isEqualTo(403);
            assertThat(response.bodyAsString()).as(what).doesNotContain("/staff/reset/");
            assertThat(after).as(what).isEqualTo(target);
            assertThat(harness.hub.staff().count().await()).as(what).isEqualTo(accounts);
          }
        }
      }
      for (String page : List.of("/staff/accounts", "/staff/accounts/new")) {
        assertThat(web.get(sessions.get("instructor"), page).statusCode()).as(page).isEqualTo(403);
        assertThat(web.get(sessions.get("animator"), page).statusCode()).as(page).isEqualTo(403);
      }
      assertThat(web.get(sessions.get("coordinator"), "/staff/accounts/" + admin.id()).statusCode()).isEqualTo(403);
    }
  }

  private static MultiMap fields(StaffMember target) {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("displayName", target.displayName())
        .add("email", target.email()).add("role", target.role().name())
        .add("version", String.valueOf(target.version()));
    target.centreIds().forEach(id -> form.add("centreIds", id.toString()));
    return form;
  }
}
