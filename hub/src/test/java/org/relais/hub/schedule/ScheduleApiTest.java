package org.relais.hub.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.relais.hub.testing.Fixtures.session;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Role;

class ScheduleApiTest {
  private HubHarness harness;
  private Centre centre;
  private Centre otherCentre;
  private StaffMember coordinator;
  private StaffMember instructor;
  private String coordinatorToken;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    centre = harness.centre("Centre social Les Tisserands");
    otherCentre = harness.centre("Médiathèque des Moulins");
    coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    instructor = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    coordinatorToken = harness.login(coordinator);
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private HttpResponse<Buffer> create(JsonObject body) {
    return harness.send(HttpMethod.POST, "/api/v1/sessions", coordinatorToken, body);
  }

  @Test
  void createsReadsAndListsASessionWithItsOffsetInParis() {
    HttpResponse<Buffer> created = create(session("Couscous", centre.id(), instructor.id(),
        "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z"));

    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject body = created.bodyAsJsonObject();
    assertThat(body.getString("start")).isEqualTo("2026-11-24T14:00:00+01:00");
    assertThat(body.getString("status")).isEqualTo("SCHEDULED");
    assertThat(body.getLong("version")).isEqualTo(1);
    assertThat(created.getHeader("ETag")).isEqualTo("\"1\"");

    HttpResponse<Buffer> read = harness.get("/api/v1/sessions/" + body.getString("id"));
    assertThat(read.statusCode()).isEqualTo(200);
    assertThat(read.bodyAsJsonObject().getString("title")).isEqualTo("Couscous");

    JsonArray items = harness.get("/api/v1/sessions").bodyAsJsonObject().getJsonArray("items");
    assertThat(items).hasSize(1);
    assertThat(items.getJsonObject(0).getString("sessionId")).isEqualTo(body.getString("id"));
  }

  @Test
  void expandsAWeeklySeriesIntoSittingsKeepingTheWallClockTimeAcrossDaylightSaving() {
    JsonObject series = session("Gym douce", centre.id(), null, "2027-03-23T09:00:00Z", "2027-03-23T10:00:00Z")
        .put("recurrence", new JsonObject().put("weekdays", new JsonArray().add("TU").add("TH")).put("count", 4));
    assertThat(create(series).statusCode()).isEqualTo(201);

    JsonArray items = harness.get("/api/v1/sessions?from=2027-03-20T00:00:00Z&to=2027-04-10T00:00:00Z")
        .bodyAsJsonObject().getJsonArray("items");

    assertThat(items.stream().map(o -> ((JsonObject) o).getString("start")).toList()).containsExactly(
        "2027-03-23T10:00:00+01:00", "2027-03-25T10:00:00+01:00",
        "2027-03-30T10:00:00+02:00", "2027-04-01T10:00:00+02:00");
  }

  @Test
  void pagesThroughSittingsInAStableOrderWithCursors() {
    for (int i = 0; i < 7; i++) {
      String start = "2026-11-2" + (4 + i % 3) + "T1" + i + ":00:00Z";
      String end = "2026-11-2" + (4 + i % 3) + "T1" + i + ":30:00Z";
      assertThat(create(session("Atelier " + i, centre.id(), null, start, end)).statusCode()).isEqualTo(201);
    }
    List<String> seen = new ArrayList<>();
    String next = null;
    int pages = 0;
    do {
      String path = "/api/v1/sessions?limit=3" + (next == null ? "" : "&cursor=" + next);
      JsonObject page = harness.get(path).bodyAsJsonObject();
      page.getJsonArray("items").forEach(o -> seen.add(((JsonObject) o).getString("start")));
      next = page.getString("next");
      pages++;
    } while (next != null);

    assertThat(pages).isEqualTo(3);
    assertThat(seen).hasSize(7).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void filtersByCategoryCentreAndLanguage() {
    create(session("Cuisine", centre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T14:00:00Z"));
    create(session("English", centre.id(), null, "2026-11-24T15:00:00Z", "2026-11-24T16:00:00Z")
        .put("category", "LANGUAGE").put("language", "en"));
    String admin = harness.login(harness.staff(Role.ADMIN, Set.of()));
    harness.send(HttpMethod.POST, "/api/v1/sessions", admin,
        session("Magie", otherCentre.id(), null, "2026-11-25T13:00:00Z", "2026-11-25T14:00:00Z").put("category", "MAGIC"));

    assertThat(titles("/api/v1/sessions?category=LANGUAGE")).containsExactly("English");
    assertThat(titles("/api/v1/sessions?lang=fr")).containsExactly("Cuisine", "Magie");
    assertThat(titles("/api/v1/sessions?centre=" + otherCentre.id())).containsExactly("Magie");
  }

  private List<String> titles(String path) {
    return harness.get(path).bodyAsJsonObject().getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("title")).toList();
  }

  /** Parameter values are checked once and remembered: a value must get the same answer every time. */
  @Test
  void refusesParametersTheContractRefusesEveryTimeAndAcceptsTheOthersEveryTime() {
    for (int attempt = 1; attempt <= 2; attempt++) {
      assertThat(refusedField("/api/v1/sessions?limit=0")).isEqualTo("limit");
      assertThat(refusedField("/api/v1/sessions?limit=abc")).isEqualTo("limit");
      assertThat(refusedField("/api/v1/sessions?from=yesterday")).isEqualTo("from");
      assertThat(refusedField("/api/v1/sessions?from=123")).isEqualTo("from");
      assertThat(refusedField("/api/v1/sessions?category=NOPE")).isEqualTo("category");
      assertThat(refusedField("/api/v1/sessions?centre=abc")).isEqualTo("centre");
      assertThat(refusedField("/api/v1/sessions?lang=FR")).isEqualTo("lang");
      assertThat(refusedField("/api/v1/sessions/not-a-uuid")).isEqualTo("sessionId");
      assertThat(harness.get("/api/v1/sessions?limit=5&from=2026-11-23T00:00:00Z&to=2026-11-30T00:00:00Z"
          + "&category=COOKING&lang=fr").statusCode()).isEqualTo(200);
    }
  }

  private String refusedField(String path) {
    HttpResponse<Buffer> response = harness.get(path);
    assertThat(response.statusCode()).as(path).isEqualTo(400);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    return response.bodyAsJsonObject().getString("field");
  }

  @Test
  void refusesAnInstructorBookedTwiceAtOverlappingTimesIncludingWithinASeries() {
    JsonObject weekly = session("Cuisine", centre.id(), instructor.id(), "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z")
        .put("recurrence", new JsonObject().put("weekdays", new JsonArray().add("TU")).put("until", "2027-01-31"));
    assertThat(create(weekly).statusCode()).isEqualTo(201);

    // Three weeks later, overlapping the fourth sitting by half an hour.
    HttpResponse<Buffer> clash = create(session("Pâtisserie", centre.id(), instructor.id(),
        "2026-12-15T14:30:00Z", "2026-12-15T16:00:00Z"));

    assertThat(clash.statusCode()).isEqualTo(409);
    assertThat(clash.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(clash.bodyAsJsonObject().getString("field")).isEqualTo("instructorId");
    assertThat(clash.bodyAsJsonObject().getString("detail")).contains("Cuisine");

    // Right after the sitting is fine.
    assertThat(create(session("Pâtisserie", centre.id(), instructor.id(), "2026-12-15T15:00:00Z",
        "2026-12-15T16:00:00Z")).statusCode()).isEqualTo(201);
    // A cancelled session frees its slots.
    String id = create(session("Tricot", centre.id(), instructor.id(), "2026-11-26T09:00:00Z",
        "2026-11-26T10:00:00Z")).bodyAsJsonObject().getString("id");
    harness.send(HttpMethod.POST, "/api/v1/sessions/" + id + "/cancel", coordinatorToken, null);
    assertThat(create(session("Crochet", centre.id(), instructor.id(), "2026-11-26T09:00:00Z",
        "2026-11-26T10:00:00Z")).statusCode()).isEqualTo(201);
  }

  @Test
  void refusesAnEndBeforeTheStart() {
    HttpResponse<Buffer> response = create(session("À l'envers", centre.id(), null, "2026-11-24T15:00:00Z",
        "2026-11-24T13:00:00Z"));

    assertThat(response.statusCode()).isEqualTo(422);
    assertThat(response.bodyAsJsonObject().getString("field")).isEqualTo("end");
    assertThat(response.bodyAsJsonObject().getString("detail")).isEqualTo("end must be after start");
  }

  @Test
  void twoCoordinatorsEditingTheSameSessionCannotOverwriteEachOther() {
    String id = create(session("Couscous", centre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z"))
        .bodyAsJsonObject().getString("id");
    String second = harness.login(harness.staff(Role.COORDINATOR, Set.of(centre.id())));

    HttpResponse<Buffer> first = harness.request(HttpMethod.PUT, "/api/v1/sessions/" + id, coordinatorToken)
        .putHeader("If-Match", "\"1\"")
        .sendJsonObject(session("Couscous royal", centre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z"))
        .await();
    HttpResponse<Buffer> late = harness.request(HttpMethod.PUT, "/api/v1/sessions/" + id, second)
        .putHeader("If-Match", "\"1\"")
        .sendJsonObject(session("Tajine", centre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z"))
        .await();

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(late.statusCode()).isEqualTo(412);
    assertThat(late.bodyAsJsonObject().getLong("currentVersion")).isEqualTo(2);
    assertThat(harness.get("/api/v1/sessions/" + id).bodyAsJsonObject().getString("title"))
        .isEqualTo("Couscous royal");

    HttpResponse<Buffer> blind = harness.request(HttpMethod.PUT, "/api/v1/sessions/" + id, second)
        .sendJsonObject(session("Tajine", centre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z"))
        .await();
    assertThat(blind.statusCode()).isEqualTo(428);
  }

  @Test
  void checksWhoMayScheduleWhere() {
    String animator = harness.login(harness.staff(Role.ANIMATOR, Set.of(centre.id())));
    String instructorToken = harness.login(instructor);
    JsonObject mine = session("Mon cours", centre.id(), instructor.id(), "2026-11-24T13:00:00Z", "2026-11-24T14:00:00Z");
    JsonObject someoneElses = session("Le cours d'un autre", centre.id(), null, "2026-11-24T13:00:00Z",
        "2026-11-24T14:00:00Z");
    JsonObject elsewhere = session("Ailleurs", otherCentre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T14:00:00Z");

    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions", animator, mine).statusCode()).isEqualTo(403);
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions", instructorToken, someoneElses).statusCode())
        .isEqualTo(403);
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions", coordinatorToken, elsewhere).statusCode())
        .isEqualTo(403);
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions", null, mine).statusCode()).isEqualTo(401);
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions", instructorToken, mine).statusCode())
        .isEqualTo(201);
  }

  @Test
  void aCancelledSessionStaysListedAsCancelledAndCannotBeEdited() {
    String id = create(session("Couscous", centre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z"))
        .bodyAsJsonObject().getString("id");
    harness.get("/api/v1/sessions");

    HttpResponse<Buffer> cancelled = harness.send(HttpMethod.POST, "/api/v1/sessions/" + id + "/cancel",
        coordinatorToken, null);

    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(harness.get("/api/v1/sessions").bodyAsJsonObject().getJsonArray("items").getJsonObject(0)
        .getString("status")).isEqualTo("CANCELLED");
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions/" + id + "/cancel", coordinatorToken, null)
        .statusCode()).isEqualTo(409);
  }

  @Test
  void readsWindowsWrittenWithTheOffsetsItAnswersWith() {
    create(session("Couscous", centre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z"));

    HttpResponse<Buffer> response = harness.http.get("/api/v1/sessions")
        .addQueryParam("from", "2026-11-24T14:00:00+01:00")
        .addQueryParam("to", "2026-11-24T16:00:00+01:00").send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.bodyAsJsonObject().getJsonArray("items")).hasSize(1);
  }
}
