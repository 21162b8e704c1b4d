package org.relais.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
 * Who may read which report, by every route (the API as JSON and as CSV, with a bearer token or the staff
 * app's session; the staff pages): an admin the network, a coordinator their centres and never another's,
 * instructors and animators none, and nobody without signing in. Bad input is answered, never a 500.
 */
class ReportAccessTest {
  private HubHarness harness;
  private Centre tisserands;
  private Centre moulins;
  private LocalDate day;

  static List<String> databases() {
    return TestDatabase.kinds().toList();
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private void start(String kind) {
    harness = HubHarness.start(kind, Map.of());
    tisserands = harness.centre("Centre social Les Tisserands");
    moulins = harness.centre("Maison de quartier des Moulins");
    Instant start = harness.clock.instant().plus(Duration.ofHours(1));
    day = start.atZone(harness.hub.schedule().zone()).toLocalDate();
    seen(tisserands, "Cuisine du monde", start);
    seen(moulins, "Tours de magie", start);
  }

  /** A class of the centre starting at {@code start}, and a family who stays its two hours. */
  private void seen(Centre centre, String title, Instant start) {
    Session session = harness.hub.schedule().createTrusted(new SessionDraft(title, Category.COOKING, null, "fr", null,
        centre.id(), start, start.plus(Duration.ofHours(2)), null, 10, VideoMode.DIRECT, null)).await();
    String registration = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", "Famille de " + title)).await().bodyAsJsonObject()
        .getString("id");
    Attendance.Stay stay = new Attendance.Stay(session.id(), day, SubjectKind.REGISTRATION,
        UUID.fromString(registration), Attendance.Source.ROOM, "peer");
    harness.hub.attendance().joined(stay, start).await();
    harness.hub.attendance().left(stay, start.plus(Duration.ofHours(2))).await();
  }

  private String api(String centre, boolean csv) {
    return "/api/v1/reports/attendance?from=" + day + "&to=" + day + "&by=centre"
        + (centre == null ? "" : "&centre=" + centre) + (csv ? "&format=csv" : "");
  }

  private String page(String path, String centre) {
    return "/staff/reports" + path + "?from=" + day + "&to=" + day + "&by=centre"
        + (centre == null ? "" : "&centre=" + centre);
  }

  /** Every route, for one member: the status and what it shows. */
  private void expect(StaffMember member, String centre, int status, Set<String> shown, Set<String> hidden) {
    String token = harness.login(member);
    StaffWeb.Session browser = new StaffWeb(harness).signIn(member);
    for (boolean csv : new boolean[] {false, true}) {
      HttpResponse<Buffer> bearer = harness.send(HttpMethod.GET, api(centre, csv), token, null);
      HttpResponse<Buffer> cookie = new StaffWeb(harness).get(browser, api(centre, csv));
      for (HttpResponse<Buffer> answer : List.of(bearer, cookie)) {
        String body = answer.bodyAsString();
        assertThat(answer.statusCode()).as(member.role() + " " + api(centre, csv) + " " + body).isEqualTo(status);
        if (status == 200) {
          assertThat(body).contains(shown);
          hidden.forEach(name -> assertThat(body).doesNotContain(name));
        } else {
          assertThat(answer.getHeader("Content-Type")).startsWith("application/problem+json");
        }
      }
    }
    for (String path : List.of("", "/print")) {
      HttpResponse<Buffer> html = new StaffWeb(harness).get(browser, page(path, centre) + "&lang=fr");
      assertThat(html.statusCode()).as(member.role() + " " + page(path, centre)).isEqualTo(status);
      if (status == 200) {
        String body = html.bodyAsString();
        assertThat(body).contains(shown);
        hidden.forEach(name -> assertThat(body).doesNotContain(name));
      }
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aCoordinatorSeesTheirCentresOnlyAndAnAdminTheNetwork(String kind) {
    start(kind);
    String a = tisserands.id().toString();
    String b = moulins.id().toString();
    Set<String> both = Set.of(tisserands.name(), moulins.name());
    StaffMember admin = harness.staff(Role.ADMIN, Set.of());
    expect(admin, null, 200, both, Set.of());
    // The page's list of centres names every centre to an admin: only the report is narrowed.
    expect(admin, b, 200, Set.of(moulins.name()), Set.of());

    StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(tisserands.id()));
    expect(coordinator, null, 200, Set.of(tisserands.name()), Set.of(moulins.name()));
    expect(coordinator, a, 200, Set.of(tisserands.name()), Set.of(moulins.name()));
    expect(coordinator, b, 403, Set.of(), Set.of());

    StaffMember ofBoth = harness.staff(Role.COORDINATOR, Set.of(tisserands.id(), moulins.id()));
    expect(ofBoth, null, 200, both, Set.of());

    expect(harness.staff(Role.INSTRUCTOR, Set.of(tisserands.id())), null, 403, Set.of(), Set.of());
    expect(harness.staff(Role.ANIMATOR, Set.of(tisserands.id())), a, 403, Set.of(), Set.of());

    assertThat(harness.get(api(null, false)).statusCode()).isEqualTo(401);
    assertThat(harness.get(api(a, true)).statusCode()).isEqualTo(401);
    HttpResponse<Buffer> signedOut = harness.get(page("", null));
    assertThat(signedOut.statusCode()).isEqualTo(303);
    assertThat(signedOut.getHeader("Location")).startsWith("/staff/login");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void badInputIsAnsweredNextToItsFieldOrAsAProblem(String kind) {
    start(kind);
    StaffMember admin = harness.staff(Role.ADMIN, Set.of());
    String token = harness.login(admin);
    for (String query : List.of("from=yesterday", "from=2026-13-45", "from=2026-11-30&to=2026-11-01",
        "from=2025-01-01&to=2026-11-01", "by=week", "centre=not-an-id", "format=pdf")) {
      HttpResponse<Buffer> answer = harness.send(HttpMethod.GET, "/api/v1/reports/attendance?" + query, token, null);
      assertThat(answer.statusCode()).as(query).isIn(400, 422);
      assertThat(answer.getHeader("Content-Type")).as(query).startsWith("application/problem+json");
    }
    StaffWeb web = new StaffWeb(harness);
    StaffWeb.Session browser = web.signIn(admin);
    HttpResponse<Buffer> page = web.get(browser, "/staff/reports?from=2026-11-30&to=2026-11-01&lang=fr");
    assertThat(page.statusCode()).isEqualTo(422);
    assertThat(page.bodyAsString()).contains("id=\"to-error\"", "aria-invalid=\"true\"");
    assertThat(web.get(browser, "/staff/reports?by=week&lang=fr").bodyAsString()).contains("id=\"by-error\"");
  }
}
