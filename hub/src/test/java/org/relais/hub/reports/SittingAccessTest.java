package org.relais.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.SubjectKind;
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
 * Who may open one sitting's attendance, on each database: an admin any, a coordinator their centres' sittings and
 * never another's (as if it did not exist, its families' names not shown), instructors and animators none, nobody
 * without signing in.
 */
class SittingAccessTest {
  private HubHarness harness;

  static List<String> databases() {
    return TestDatabase.kinds().toList();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  /** A class of the centre that started an hour ago, and a family who has stayed since: its sitting's page. */
  private String sitting(Centre centre, String family) {
    Instant start = harness.clock.instant().minus(Duration.ofHours(1));
    Session session = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine", Category.COOKING, null, "fr",
        null, centre.id(), start, start.plus(Duration.ofHours(2)), null, 10, VideoMode.DIRECT, null)).await();
    String registration = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", family)).await().bodyAsJsonObject().getString("id");
    LocalDate day = start.atZone(harness.hub.schedule().zone()).toLocalDate();
    harness.hub.attendance().joined(new Attendance.Stay(session.id(), day, SubjectKind.REGISTRATION,
        UUID.fromString(registration), Attendance.Source.ROOM, "peer"), start).await();
    return SittingPages.href(session.id(), day);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aCoordinatorOpensTheirCentresSittingsOnly(String kind) {
    harness = HubHarness.start(kind, Map.of());
    Centre a = harness.centre("Centre social Les Tisserands");
    Centre b = harness.centre("Maison de quartier des Moulins");
    String sittingA = sitting(a, "Famille Alpha");
    String sittingB = sitting(b, "Famille Beta");
    record Row(String who, StaffMember member, int statusA, int statusB) {}
    List<Row> table = List.of(
        new Row("admin", harness.staff(Role.ADMIN, Set.of()), 200, 200),
        new Row("coordinator of A", harness.staff(Role.COORDINATOR, Set.of(a.id())), 200, 404),
        new Row("coordinator of both", harness.staff(Role.COORDINATOR, Set.of(a.id(), b.id())), 200, 200),
        new Row("instructor", harness.staff(Role.INSTRUCTOR, Set.of(a.id(), b.id())), 403, 403),
        new Row("animator of A", harness.staff(Role.ANIMATOR, Set.of(a.id())), 403, 403));
    List<String> outcomes = new ArrayList<>();
    List<String> expected = new ArrayList<>();
    StaffWeb web = new StaffWeb(harness);
    for (Row row : table) {
      StaffWeb.Session browser = web.signIn(row.member());
      for (String which : List.of("A", "B")) {
        HttpResponse<Buffer> page = web.get(browser, (which.equals("A") ? sittingA : sittingB) + "?lang=fr");
        String family = which.equals("A") ? "Famille Alpha" : "Famille Beta";
        int status = which.equals("A") ? row.statusA() : row.statusB();
        outcomes.add(row.who() + " " + which + " " + page.statusCode() + " named="
            + page.bodyAsString().contains(family));
        expected.add(row.who() + " " + which + " " + status + " named=" + (status == 200));
      }
    }
    assertThat(outcomes).containsExactlyElementsOf(expected);
    HttpResponse<Buffer> signedOut = harness.get(sittingA);
    assertThat(signedOut.statusCode()).isEqualTo(303);
    assertThat(signedOut.getHeader("Location")).startsWith("/staff/login");
  }
}
