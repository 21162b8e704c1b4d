package org.relais.hub.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * A weekly class through the real hub: each sitting started, ended or cancelled on its own, and what the
 * family's link, the class page, the console's figures and sign-up make of it.
 */
class SittingsTest {
  /** Tuesday 24 November 2026, 18:00 in Paris; the series meets three Tuesdays. */
  private static final Instant START = Instant.parse("2026-11-24T17:00:00Z");
  private static final String FIRST = "2026-11-24";
  private static final String SECOND = "2026-12-01";
  private static final String THIRD = "2026-12-08";

  private HubHarness harness;
  private Session weekly;
  private StaffMember teacher;
  private String instructor;
  private final List<HttpClient> streams = new ArrayList<>();

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  private void start(String kind) {
    harness = HubHarness.start(kind);
    Centre centre = harness.centre("Centre social Les Tisserands");
    teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    instructor = harness.login(teacher);
    weekly = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING, null, "fr",
        teacher.id(), centre.id(), START, START.plus(Duration.ofHours(1)),
        new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 3), 10, VideoMode.DIRECT, null)).await();
  }

  @AfterEach
  void stop() {
    streams.forEach(client -> client.close().await());
    if (harness != null) {
      harness.close();
    }
  }

  /** Moves the clock, and signs the instructor in again: a staff token lasts hours, not weeks. */
  private void at(Instant now) {
    harness.clock.set(now);
    instructor = harness.login(teacher);
  }

  private String sittings() {
    return "/api/v1/sessions/" + weekly.id() + "/sittings";
  }

  private HttpResponse<Buffer> act(String date, String action) {
    return harness.send(HttpMethod.POST, sittings() + "/" + date + "/" + action, instructor, null);
  }

  private JsonObject acted(String date, String action) {
    HttpResponse<Buffer> response = act(date, action);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private String register(String name) {
    HttpResponse<Buffer> response = harness.http.post("/api/v1/sessions/" + weekly.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await();
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    assertThat(response.bodyAsJsonObject().getString("status")).isEqualTo("CONFIRMED");
    String url = response.bodyAsJsonObject().getString("joinUrl");
    return url.substring(url.indexOf("/j/") + 3);
  }

  private JsonObject link(String token) {
    return harness.get("/api/v1/join/" + token).bodyAsJsonObject();
  }

  private String page(String path) {
    HttpResponse<Buffer> response = harness.http.get(path).putHeader("Accept-Language", "fr").send().await();
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsString();
  }

  private Map<String, String> states() {
    JsonArray items = harness.get(sittings() + "?from=" + FIRST + "&to=" + THIRD).bodyAsJsonObject()
        .getJsonArray("items");
    Map<String, String> byDate = new java.util.LinkedHashMap<>();
    items.stream().map(JsonObject.class::cast).forEach(s -> byDate.put(s.getString("date"), s.getString("state")));
    return byDate;
  }

  /** The states a join page hears over its event stream, as they come. */
  private BlockingQueue<String> follow(String token) {
    HttpClient client = harness.hub.vertx().createHttpClient();
    streams.add(client);
    BlockingQueue<String> heard = new LinkedBlockingQueue<>();
    // The handler is set as the answer comes, before its first event can be missed.
    HttpClientResponse response = client.request(HttpMethod.GET, harness.hub.port(), "127.0.0.1",
            "/j/" + token + "/events")
        .compose(request -> request.send().map(answer -> answer.handler(chunk -> chunk.toString().lines()
            .filter(line -> line.startsWith("data: ")).forEach(line -> heard.add(line.substring("data: ".length())))))
        ).await();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/event-stream");
    return heard;
  }

  private static String next(BlockingQueue<String> heard) throws InterruptedException {
    String state = heard.poll(20, TimeUnit.SECONDS);
    assertThat(state).as("a state heard on the stream").isNotNull();
    return state;
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String field) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("field")).as(response.bodyAsString()).isEqualTo(field);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void endingTodaysSittingLeavesNextWeeksOpenAndTheSeriesTakingRegistrations(String kind) throws Exception {
    start(kind);
    String family = register("Famille Lemaire");
    // An hour before the class, the doors are not open yet; the waiting page listens.
    at(START.minus(Duration.ofHours(1)));
    assertThat(link(family).getString("state")).isEqualTo("EARLY");
    BlockingQueue<String> waiting = follow(family);
    assertThat(next(waiting)).isEqualTo("EARLY");

    // The instructor starts early: the doors open at once, and the waiting page hears it.
    JsonObject live = acted(FIRST, "start");
    assertThat(live.getString("state")).isEqualTo("LIVE");
    assertThat(live.getString("date")).isEqualTo(FIRST);
    assertThat(live.getString("start")).isEqualTo("2026-11-24T18:00:00+01:00");
    assertThat(next(waiting)).isEqualTo("OPEN");
    assertThat(link(family).getString("state")).isEqualTo("OPEN");
    JsonObject figures = harness.send(HttpMethod.GET, "/api/v1/sessions/" + weekly.id() + "/live", instructor, null)
        .bodyAsJsonObject();
    assertThat(figures.getString("status")).isEqualTo("SCHEDULED");
    assertThat(figures.getJsonObject("sitting").getString("date")).isEqualTo(FIRST);
    assertThat(figures.getJsonObject("sitting").getString("state")).isEqualTo("LIVE");
    assertThat(page("/sessions/" + weekly.id())).contains("badge-LIVE");

    at(START.plus(Duration.ofMinutes(50)));
    assertThat(acted(FIRST, "end").getString("state")).isEqualTo("ENDED");
    assertThat(next(waiting)).isEqualTo("ENDED");
    JsonObject ended = link(family);
    assertThat(ended.getString("state")).isEqualTo("ENDED");
    assertThat(ended.getJsonObject("next").getString("start")).isEqualTo("2026-12-01T18:00:00+01:00");
    String endedPage = page("/j/" + family);
    assertThat(endedPage).contains("La séance d’aujourd’hui est terminée").contains("Mardi 1 décembre 2026")
        .doesNotContain("Ce cours est terminé");
    assertThat(states()).containsExactly(Map.entry(FIRST, "ENDED"), Map.entry(SECOND, "SCHEDULED"),
        Map.entry(THIRD, "SCHEDULED"));

    // The series goes on: it takes registrations, its page shows the next sitting and no "ended" badge.
    String newcomer = register("Famille Nguyen");
    String classPage = page("/sessions/" + weekly.id());
    assertThat(classPage).contains("Mardi 1 décembre 2026").doesNotContain("badge-ENDED");
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions/" + weekly.id() + "/start", instructor, null)
        .statusCode()).isEqualTo(409);

    // Next Tuesday the same links open as the doors do, without anyone starting anything.
    at(START.plus(Duration.ofDays(7)).minus(Duration.ofMinutes(15)));
    assertThat(link(family).getString("state")).isEqualTo("OPEN");
    assertThat(link(newcomer).getString("state")).isEqualTo("OPEN");
    // The old route acts on the current sitting: next Tuesday's.
    HttpResponse<Buffer> started = harness.send(HttpMethod.POST, "/api/v1/sessions/" + weekly.id() + "/start",
        instructor, null);
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
    assertThat(started.bodyAsJsonObject().getString("date")).isEqualTo(SECOND);
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions/" + weekly.id() + "/end", instructor, null)
        .bodyAsJsonObject().getString("state")).isEqualTo("ENDED");
    assertThat(states()).containsExactly(Map.entry(FIRST, "ENDED"), Map.entry(SECOND, "ENDED"),
        Map.entry(THIRD, "SCHEDULED"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void cancellingOneSittingTellsTheFamilyAndShowsTheNextOne(String kind) throws Exception {
    start(kind);
    String family = register("Famille Martin");
    assertThat(acted(SECOND, "cancel").getString("state")).isEqualTo("CANCELLED");
    // Cancelling again changes nothing.
    assertThat(acted(SECOND, "cancel").getString("state")).isEqualTo("CANCELLED");

    String classPage = page("/sessions/" + weekly.id());
    assertThat(classPage).contains("badge-CANCELLED").doesNotContain("Ce cours est annulé");

    // The day after the first sitting, the week's programme shows it called off, and the link speaks of it
    // and of the one after.
    at(START.plus(Duration.ofDays(1)));
    assertThat(page("/")).contains("sitting is-cancelled").contains("badge-CANCELLED");
    JsonObject cancelled = link(family);
    assertThat(cancelled.getString("state")).isEqualTo("CANCELLED");
    assertThat(cancelled.getJsonObject("session").getString("start")).isEqualTo("2026-12-01T18:00:00+01:00");
    assertThat(cancelled.getJsonObject("next").getString("start")).isEqualTo("2026-12-08T18:00:00+01:00");
    assertThat(page("/j/" + family)).contains("Cette séance est annulée").contains("Mardi 8 décembre 2026");
    HttpResponse<Buffer> late = harness.http.post("/api/v1/sessions/" + weekly.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", "Famille Petit")).await();
    assertThat(late.statusCode()).isEqualTo(201);
    // The family's own page names the sitting that takes place, not the one called off.
    String manage = java.net.URI.create(late.bodyAsJsonObject().getString("manageUrl")).getPath();
    assertThat(page(manage)).contains("Mardi 8 décembre 2026").doesNotContain("Mardi 1 décembre 2026");

    // The cancelled Tuesday itself: its room never opens; the week after, it does.
    at(START.plus(Duration.ofDays(7)));
    assertThat(link(family).getString("state")).isEqualTo("CANCELLED");
    assertProblem(act(SECOND, "start"), 409, "state");
    at(START.plus(Duration.ofDays(14)));
    assertThat(link(family).getString("state")).isEqualTo("OPEN");
    assertThat(states()).containsExactly(Map.entry(FIRST, "SCHEDULED"), Map.entry(SECOND, "CANCELLED"),
        Map.entry(THIRD, "SCHEDULED"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void twentyStartsAtOnceStartTheSittingOnce(String kind) throws Exception {
    start(kind);
    at(START.minus(Duration.ofMinutes(5)));
    List<Future<HttpResponse<Buffer>>> starts = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      starts.add(harness.request(HttpMethod.POST, sittings() + "/" + FIRST + "/start", instructor).send());
    }
    Future.all(starts).await(30, TimeUnit.SECONDS);
    for (Future<HttpResponse<Buffer>> answer : starts) {
      assertThat(answer.result().statusCode()).as(answer.result().bodyAsString()).isEqualTo(200);
      assertThat(answer.result().bodyAsJsonObject().getString("state")).isEqualTo("LIVE");
      assertThat(answer.result().bodyAsJsonObject().getString("startedAt")).isEqualTo("2026-11-24T17:55:00+01:00");
    }
    harness.clock.advance(Duration.ofMinutes(1));
    assertThat(acted(FIRST, "start").getString("startedAt")).isEqualTo("2026-11-24T17:55:00+01:00");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void everyBadInputIsAProblemNamingItsFieldAndChangesNothing(String kind) {
    start(kind);
    at(START);
    String unknown = "/api/v1/sessions/0b5e4a9c-2f1d-4c3b-9a8e-7d6c5b4a3f21/sittings/" + FIRST + "/start";
    assertThat(harness.send(HttpMethod.POST, unknown, instructor, null).statusCode()).isEqualTo(404);
    assertProblem(act("2026-13-45", "start"), 400, "date");
    assertProblem(act("tuesday", "end"), 400, "date");
    assertProblem(act("2026-11-25", "start"), 422, "date");
    assertProblem(act("2026-11-25", "cancel"), 422, "date");
    assertProblem(act(SECOND, "start"), 409, "date");
    assertProblem(act(FIRST, "end"), 409, "state");
    assertProblem(harness.send(HttpMethod.GET, sittings() + "?from=yesterday", null, null), 400, "from");
    assertProblem(harness.send(HttpMethod.GET, sittings() + "?from=" + SECOND + "&to=" + FIRST, null, null), 400,
        "to");
    assertProblem(harness.send(HttpMethod.POST, sittings() + "/" + FIRST + "/start", null, null), 401,
        "Authorization");
    String stranger = harness.login(harness.staff(Role.INSTRUCTOR, Set.of(weekly.draft().centreId())));
    assertThat(harness.send(HttpMethod.POST, sittings() + "/" + FIRST + "/start", stranger, null).statusCode())
        .isEqualTo(403);
    assertThat(states()).containsOnly(Map.entry(FIRST, "SCHEDULED"), Map.entry(SECOND, "SCHEDULED"),
        Map.entry(THIRD, "SCHEDULED"));

    acted(FIRST, "start");
    assertProblem(act(FIRST, "cancel"), 409, "state");
    acted(FIRST, "end");
    assertProblem(act(FIRST, "start"), 409, "state");
    acted(THIRD, "cancel");
    assertProblem(act(THIRD, "end"), 409, "state");
    assertProblem(act(SECOND, "end"), 409, "state");

    // A series cancelled as a whole has no sitting left to start.
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions/" + weekly.id() + "/cancel", instructor, null)
        .statusCode()).isEqualTo(200);
    at(START.plus(Duration.ofDays(7)));
    assertProblem(act(SECOND, "start"), 409, "status");
    assertThat(states()).containsExactly(Map.entry(FIRST, "ENDED"), Map.entry(SECOND, "SCHEDULED"),
        Map.entry(THIRD, "CANCELLED"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aSeriesStoredEndedAsAWholeIsScheduledAgainWithOnlyThatSittingEnded(String kind) throws Exception {
    start(kind);
    harness.stopHub();
    // As an older hub left it: the whole series ENDED by a click on its first Tuesday.
    try (Connection db = DriverManager.getConnection(harness.database().config().url(),
        harness.database().config().user(), harness.database().config().password());
        PreparedStatement legacy = db.prepareStatement(
            "UPDATE sessions SET status = 'ENDED', updated_at = ? WHERE id = ?")) {
      legacy.setTimestamp(1, Timestamp.from(START.plus(Duration.ofMinutes(55))));
      legacy.setObject(2, weekly.id());
      assertThat(legacy.executeUpdate()).isEqualTo(1);
    }
    harness = HubHarness.startOn(harness.database(), harness.dataDir, Map.of(), harness.clock);
    instructor = harness.login(harness.staff(Role.ADMIN, Set.of()));

    assertThat(harness.get("/api/v1/sessions/" + weekly.id()).bodyAsJsonObject().getString("status"))
        .isEqualTo("SCHEDULED");
    assertThat(states()).containsExactly(Map.entry(FIRST, "ENDED"), Map.entry(SECOND, "SCHEDULED"),
        Map.entry(THIRD, "SCHEDULED"));
  }
}
