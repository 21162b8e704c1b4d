package org.relais.hub.reports;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import org.relais.protocol.site.SiteEvent;
import org.relais.protocol.site.SiteMessage;

/**
 * One sitting seen through every channel, on each database: families in a built-in room (real WebSocket
 * clients of the signalling bridge), a centre's room whose relay-site reports head counts and a check-in
 * (one event sent late from its journal, the next day), help calls, and a Jitsi class whose occupants
 * Prosody's event_sync reports. The report gives the same figures in JSON and in its CSV, read back.
 */
class AttendanceReportTest {
  private static final String WEBHOOK_SECRET = "event-sync-bearer-secret";
  private HubHarness harness;
  private Vertx vertx;
  private final List<BridgeClient> clients = new ArrayList<>();
  private final BlockingQueue<Integer> heard = new LinkedBlockingQueue<>();

  @AfterEach
  void stop() {
    clients.forEach(BridgeClient::close);
    if (vertx != null) {
      vertx.close().await();
    }
    if (harness != null) {
      harness.close();
    }
  }

  private static String tokenOf(String url) {
    return url.substring(url.indexOf("/j/") + 3);
  }

  private JsonObject register(Session session, String name, String phone, String email) {
    JsonObject body = new JsonObject().put("displayName", name).put("consent", true);
    if (phone != null) {
      body.put("phone", phone);
    }
    if (email != null) {
      body.put("email", email);
    }
    HttpResponse<Buffer> answer = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(body).await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
    return answer.bodyAsJsonObject();
  }

  private BridgeClient enter(String token) {
    JsonObject ticket = harness.http.post("/api/v1/join/" + token + "/ticket").send().await().bodyAsJsonObject();
    String room = ticket.getString("room");
    String me = Addresses.peer(room, ticket.getString("peerId"));
    BridgeClient client = BridgeClient.open(vertx, harness.hub.port(), ticket.getString("ticket"));
    clients.add(client);
    client.register(Addresses.roster(room)).register(me);
    client.message(me, "roster");
    return client;
  }

  private void awaitAtHome(int families) throws InterruptedException {
    for (Integer atHome = -1; atHome != families; ) {
      atHome = heard.poll(10, TimeUnit.SECONDS);
      assertThat(atHome).as("the console's figures, waiting for " + families + " at home").isNotNull();
    }
  }

  private void occupant(String event, Session session, String id, Instant joined, Instant left) {
    JsonObject occupant = new JsonObject().put("id", id).put("name", "Famille")
        .put("occupant_jid", id + "@meet.relais.example/x").put("joined_at", joined.getEpochSecond());
    if (left != null) {
      occupant.put("left_at", left.getEpochSecond());
    }
    HttpResponse<Buffer> answer = harness.http.post("/api/v1/integrations/jitsi/events/occupant/"
            + (left == null ? "joined" : "left")).bearerTokenAuthentication(WEBHOOK_SECRET)
        .sendJsonObject(new JsonObject().put("event_name", event).put("room_name", session.roomName())
            .put("room_jid", session.roomName() + "@conference.meet.relais.example").put("is_breakout", false)
            .put("active_occupants_count", 1).put("occupant", occupant)).await();
    assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(204);
  }

  /** Enrols the site's relay as its coordinator would, and answers its credential. */
  private String enrol(Site site, String admin) {
    String code = harness.send(HttpMethod.POST, "/api/v1/sites/" + site.id() + "/credentials", admin, null)
        .bodyAsJsonObject().getString("code");
    return harness.send(HttpMethod.POST, "/api/v1/sites/enrol", null, new JsonObject().put("code", code))
        .bodyAsJsonObject().getString("credential");
  }

  /** Links the site's relay as a relay does, and sends its events; answers when the hub acknowledged them. */
  private void relay(Site site, String credential, List<SiteEvent> events) {
    JsonObject ticket = harness.http.post("/api/v1/site-link/ticket").bearerTokenAuthentication(credential).send()
        .await().bodyAsJsonObject();
    try (BridgeClient link = BridgeClient.connect(vertx, harness.hub.port(), "/live/websocket",
        ticket.getString("ticket"), null).await()) {
      String inbox = Addresses.siteInbox(site.id().toString());
      link.register(inbox).send(Addresses.hubSites(), new SiteMessage.Hello("2.4.1", 0).toJson());
      link.message(inbox, "schedule");
      link.send(Addresses.hubSites(), new SiteMessage.Events(events).toJson());
      link.message(inbox, "ack");
    }
  }

  static List<String> databases() {
    return org.relais.hub.testing.TestDatabase.kinds().toList();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theSittingsReportAddsUpTheRoomTheCentreTheHelpCallsAndJitsi(String kind) throws Exception {
    harness = HubHarness.start(kind, Map.of("jitsi.domain", "meet.relais.example", "jitsi.appId", "relais",
        "jitsi.appSecret", "prosody-app-secret-0123456789abcdef", "jitsi.webhookSecret", WEBHOOK_SECRET));
    vertx = Vertx.vertx();
    Centre centre = harness.centre("Centre social Les Tisserands");
    Instant start = harness.clock.instant().plus(Duration.ofMinutes(5));
    Session cooking = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING,
        null, "fr", null, centre.id(), start, start.plus(Duration.ofHours(2)), null, 10, VideoMode.DIRECT, null))
        .await();
    Session english = harness.hub.schedule().createTrusted(new SessionDraft("Anglais", Category.LANGUAGE, null, "fr",
        null, centre.id(), start, start.plus(Duration.ofHours(2)), null, 10, VideoMode.JITSI, null)).await();
    harness.hub.vertx().eventBus().<JsonObject>consumer(Addresses.sessionLive(cooking.id().toString()),
        figures -> heard.add(figures.body().getJsonObject("home").getInteger("present"))).completion().await();
    String admin = harness.login(harness.staff(Role.ADMIN, Set.of()));
    String animator = harness.login(harness.staff(Role.ANIMATOR, Set.of(centre.id())));

    String alice = tokenOf(register(cooking, "Famille Alice", "06 12 34 56 78", null).getString("joinUrl"));
    String bob = tokenOf(register(cooking, "Famille Bob", "06 98 76 54 32", null).getString("joinUrl"));
    register(cooking, "Famille Carla", null, "carla@example.org");
    // The Alices again, in the other class: one household, seen twice on the same day (new once).
    String dina = register(english, "Famille Alice", "+33612345678", null).getString("id");
    String eli = register(english, "Famille Eli", null, "eli@example.org").getString("id");

    harness.clock.advance(Duration.ofMinutes(5));
    BridgeClient aliceAtHome = enter(alice);
    awaitAtHome(1);
    BridgeClient bobAtHome = enter(bob);
    awaitAtHome(2);
    // Alice asks for help; an animator of the centre takes the call two minutes later.
    harness.clock.advance(Duration.ofMinutes(10));
    String call = harness.send(HttpMethod.POST, "/api/v1/join/" + alice + "/help", null, new JsonObject())
        .bodyAsJsonObject().getString("id");
    harness.clock.advance(Duration.ofMinutes(2));
    assertThat(harness.send(HttpMethod.POST, "/api/v1/help-calls/" + call + "/take", animator, null).statusCode())
        .isEqualTo(200);
    // Bob leaves after 30 minutes (under half the sitting), Alice after 90.
    harness.clock.advance(Duration.ofMinutes(18));
    bobAtHome.close();
    awaitAtHome(1);
    harness.clock.advance(Duration.ofMinutes(60));
    aliceAtHome.close();
    awaitAtHome(0);

    occupant("muc-occupant-joined", english, dina, start, null);
    occupant("muc-occupant-left", english, dina, start, start.plus(Duration.ofMinutes(100)));
    occupant("muc-occupant-joined", english, eli, start, null);
    occupant("muc-occupant-left", english, eli, start, start.plus(Duration.ofMinutes(10)));

    Site hall = harness.hub.centres().createSiteTrusted(new Site(java.util.UUID.randomUUID(), centre.id(),
        "Salle polyvalente", 30, null, 1)).await();
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions/" + cooking.id() + "/bookings", admin,
        new JsonObject().put("siteId", hall.id().toString()).put("expectedHeadCount", 12)).statusCode()).isEqualTo(201);
    String credential = enrol(hall, admin);
    relay(hall, credential, List.of(
        SiteEvent.of(SiteEvent.Kind.HEAD_COUNT, cooking.id(), start.plus(Duration.ofMinutes(10)), 6, null, null),
        SiteEvent.of(SiteEvent.Kind.CHECK_IN, cooking.id(), start.plus(Duration.ofMinutes(15)), 2, "Famille Diallo",
            null),
        SiteEvent.of(SiteEvent.Kind.HEAD_COUNT, cooking.id(), start.plus(Duration.ofMinutes(60)), -1, null, null)));
    // The next day, the relay's journal sends what it could not then: three more came in at 20 minutes.
    harness.clock.advance(Duration.ofDays(1));
    relay(hall, credential, List.of(
        SiteEvent.of(SiteEvent.Kind.HEAD_COUNT, cooking.id(), start.plus(Duration.ofMinutes(20)), 3, null, null)));

    LocalDate day = start.atZone(harness.hub.schedule().zone()).toLocalDate();
    StaffMember boss = harness.staff(Role.ADMIN, Set.of());
    admin = harness.login(boss);
    String query = "/api/v1/reports/attendance?from=" + day + "&to=" + day + "&by=sitting";
    HttpResponse<Buffer> json = harness.send(HttpMethod.GET, query, admin, null);
    assertThat(json.statusCode()).as(json.bodyAsString()).isEqualTo(200);
    JsonObject report = json.bodyAsJsonObject();
    assertThat(report.getInteger("presentPercent")).isEqualTo(50);
    Map<String, JsonObject> lines = new java.util.HashMap<>();
    report.getJsonArray("lines").forEach(line -> lines.put(((JsonObject) line).getString("class"),
        ((JsonObject) line).getJsonObject("figures")));
    assertThat(lines.keySet()).containsExactlyInAnyOrder("Cuisine du monde", "Anglais");
    JsonObject room = lines.get("Cuisine du monde");
    assertThat(room.getInteger("sittingsHeld")).isEqualTo(1);
    assertThat(room.getInteger("registrations")).isEqualTo(3);
    assertThat(room.getInteger("presentAtHome")).isEqualTo(1);
    assertThat(room.getInteger("noShows")).isEqualTo(2);
    assertThat(room.getDouble("stayMinutes")).isEqualTo(60.0);
    assertThat(room.getInteger("presentInRooms")).as("the peak, with the late event").isEqualTo(11);
    assertThat(room.getInteger("checkIns")).isEqualTo(1);
    assertThat(room.getInteger("helpAsked")).isEqualTo(1);
    assertThat(room.getInteger("helpTaken")).isEqualTo(1);
    assertThat(room.getDouble("helpAnswerSeconds")).isEqualTo(120.0);
    JsonObject jitsi = lines.get("Anglais");
    assertThat(jitsi.getInteger("registrations")).isEqualTo(2);
    assertThat(jitsi.getInteger("presentAtHome")).isEqualTo(1);
    assertThat(jitsi.getDouble("stayMinutes")).isEqualTo(55.0);
    JsonObject total = report.getJsonObject("total");
    assertThat(total.getInteger("sittingsHeld")).isEqualTo(2);
    assertThat(total.getInteger("presentAtHome")).isEqualTo(2);
    assertThat(total.getInteger("newHouseholds")).as("Alice's, Bob's, Eli's").isEqualTo(3);

    HttpResponse<Buffer> csv = harness.send(HttpMethod.GET, query + "&format=csv&lang=fr", admin, null);
    assertThat(csv.statusCode()).isEqualTo(200);
    assertThat(csv.getHeader("Content-Type")).startsWith("text/csv");
    List<List<String>> rows = Csv.parse(csv.bodyAsString(), ';');
    List<String> header = rows.get(0);
    assertThat(header.get(0)).isEqualTo("Date");
    assertThat(rows).hasSize(4);
    for (List<String> row : rows.subList(1, 3)) {
      JsonObject figures = lines.get(row.get(header.indexOf("Atelier")));
      assertThat(row.get(0)).isEqualTo(day.toString());
      assertThat(Integer.parseInt(row.get(header.indexOf("Présents à la maison"))))
          .isEqualTo(figures.getInteger("presentAtHome"));
      assertThat(Integer.parseInt(row.get(header.indexOf("Présents en salle"))))
          .isEqualTo(figures.getInteger("presentInRooms"));
      assertThat(Integer.parseInt(row.get(header.indexOf("Absents")))).isEqualTo(figures.getInteger("noShows"));
      assertThat(Double.parseDouble(row.get(header.indexOf("Durée moyenne (min)")).replace(',', '.')))
          .isEqualTo(figures.getDouble("stayMinutes"));
      assertThat(Double.parseDouble(row.get(header.indexOf("Délai de réponse moyen (s)")).replace(',', '.')))
          .isEqualTo(figures.getDouble("helpAnswerSeconds"));
    }
    List<String> totalRow = rows.get(3);
    assertThat(totalRow.get(0)).isEqualTo("Total");
    assertThat(Integer.parseInt(totalRow.get(header.indexOf("Nouveaux foyers")))).isEqualTo(3);
    assertThat(Integer.parseInt(totalRow.get(header.indexOf("Séances tenues")))).isEqualTo(2);
  }
}
