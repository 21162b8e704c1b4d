package org.relais.hub.myday;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * Who reaches the pages of the live moment, and a centre's help calls, with a browser's session: each role
 * tried on each page, and each of another centre's staff tried on a call (refused, the call unchanged).
 */
class LiveMomentRolesTest {
  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void eachPageAnswersOnlyTheRolesWhoseWorkItIs(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre centre = harness.centre("Les Tisserands");
      StaffWeb web = new StaffWeb(harness);
      Map<Role, int[]> expected = Map.of(
          Role.INSTRUCTOR, new int[] {200, 403},
          Role.ANIMATOR, new int[] {403, 200},
          Role.COORDINATOR, new int[] {403, 200},
          Role.ADMIN, new int[] {403, 403});
      expected.forEach((role, statuses) -> {
        StaffWeb.Session session = web.signIn(harness.staff(role, role == Role.ADMIN ? Set.of() : Set.of(centre.id())));
        assertThat(web.get(session, "/staff/my-classes").statusCode()).as(role + " on my classes")
            .isEqualTo(statuses[0]);
        HttpResponse<Buffer> myCentre = web.get(session, "/staff/my-centre");
        assertThat(myCentre.statusCode()).as(role + " on my centre").isEqualTo(statuses[1]);
        if (statuses[1] == 403) {
          assertThat(myCentre.bodyAsString()).contains("Accès refusé");
        }
      });
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anotherCentresStaffNeitherSeeNorTakeItsCalls(String database) {
    try (HubHarness harness = HubHarness.start(database)) {
      Centre tilleuls = harness.centre("Maison de quartier des Tilleuls");
      Centre faubourg = harness.centre("Centre social du Faubourg");
      Instant start = harness.clock.instant().plus(Duration.ofMinutes(30));
      Session session = harness.hub.schedule().createTrusted(new SessionDraft("Atelier tablette",
          Category.DIGITAL_SKILLS, null, "fr", null, tilleuls.id(), start, start.plus(Duration.ofHours(1)), null, 20,
          VideoMode.DIRECT, null)).await();
      String url = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
          .sendJsonObject(new JsonObject().put("displayName", "Famille Benali")).await().bodyAsJsonObject()
          .getString("joinUrl");
      String callId = harness.http.post("/api/v1/join/" + url.substring(url.indexOf("/j/") + 3) + "/help")
          .sendJsonObject(new JsonObject()).await().bodyAsJsonObject().getString("id");
      StaffWeb web = new StaffWeb(harness);
      StaffMember ownAnimator = harness.staff(Role.ANIMATOR, Set.of(tilleuls.id()));
      StaffWeb.Session own = web.signIn(ownAnimator);
      String calls = "/api/v1/centres/" + tilleuls.id() + "/help-calls";

      for (StaffMember outsider : new StaffMember[] {harness.staff(Role.ANIMATOR, Set.of(faubourg.id())),
          harness.staff(Role.COORDINATOR, Set.of(faubourg.id())), harness.staff(Role.INSTRUCTOR, Set.of(tilleuls.id()))}) {
        StaffWeb.Session theirs = web.signIn(outsider);
        String who = outsider.role() + " " + outsider.centreIds();
        assertThat(web.get(theirs, calls).statusCode()).as(who + " reads the calls").isEqualTo(403);
        assertThat(api(harness, theirs, calls + "/ticket", true).statusCode()).as(who + " follows the calls")
            .isEqualTo(403);
        assertThat(api(harness, theirs, "/api/v1/help-calls/" + callId + "/take", true).statusCode())
            .as(who + " takes the call").isEqualTo(403);
        assertThat(api(harness, theirs, "/api/v1/help-calls/" + callId + "/close", true).statusCode())
            .as(who + " ends the call").isEqualTo(403);
        if (outsider.role() != Role.INSTRUCTOR) {
          assertThat(web.get(theirs, "/staff/my-centre").bodyAsString()).doesNotContain("Tilleuls");
        }
      }
      // The centre's own animator, without the session's CSRF token: refused too.
      assertThat(api(harness, own, "/api/v1/help-calls/" + callId + "/take", false).statusCode()).isEqualTo(403);
      assertThat(status(web, own, calls)).isEqualTo("WAITING");

      assertThat(api(harness, own, calls + "/ticket", true).statusCode()).isEqualTo(201);
      assertThat(api(harness, own, "/api/v1/help-calls/" + callId + "/take", true).statusCode()).isEqualTo(200);
      assertThat(status(web, own, calls)).isEqualTo("TAKEN");
    }
  }

  private static HttpResponse<Buffer> api(HubHarness harness, StaffWeb.Session session, String path, boolean csrf) {
    var request = harness.request(HttpMethod.POST, path, null).putHeader("Cookie", session.cookies());
    if (csrf) {
      request.putHeader("X-CSRF-Token", session.csrf());
    }
    return request.send().await();
  }

  private static String status(StaffWeb web, StaffWeb.Session session, String calls) {
    return web.get(session, calls).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("status");
  }
}
