package org.relais.hub.help;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import org.relais.protocol.site.FamilyCall;

/**
 * A family asks its centre for help from its join link; an animator of the centre takes the call, and
 * both meet in a built-in room of their own, through real bridge sockets, until the call ends.
 */
class HelpCallTest {
  private HubHarness harness;
  private Vertx vertx;
  private Centre centre;
  private Session session;
  private String animator;
  private final List<JsonObject> published = new CopyOnWriteArrayList<>();

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  private void start(String database) {
    harness = HubHarness.start(database, Map.of("ice.turnUrls", "turn:turn.relais.test:3478",
        "ice.turnSecret", "coturn-shared-secret"));
    vertx = Vertx.vertx();
    centre = harness.centre("Centre social des Aubépines");
    Instant start = harness.clock.instant().plus(Duration.ofMinutes(5));
    session = harness.hub.schedule().createTrusted(new SessionDraft("Espagnol en famille", Category.LANGUAGE, null,
        "fr", null, centre.id(), start, start.plus(Duration.ofHours(1)), null, 20, VideoMode.DIRECT, null)).await();
    animator = harness.login(harness.staff(Role.ANIMATOR, Set.of(centre.id())));
    harness.hub.vertx().eventBus().<JsonObject>consumer(Addresses.centreHelp(centre.id().toString()),
        message -> published.add(message.body()));
  }

  @AfterEach
  void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
    harness.close();
  }

  private JsonObject register(String name) {
    return harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject();
  }

  private static String tokenOf(JsonObject registration) {
    String url = registration.getString("joinUrl");
    return url.substring(url.indexOf("/j/") + 3);
  }

  private HttpResponse<Buffer> family(HttpMethod method, String path, JsonObject body) {
    return harness.send(method, "/api/v1/join/" + path, null, body);
  }

  private HttpResponse<Buffer> staff(HttpMethod method, String path, String token) {
    return harness.send(method, "/api/v1/" + path, token, null);
  }

  private static void assertProblem(HttpResponse<Buffer> response, int status, String detailPart) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(response.bodyAsJsonObject().getString("detail")).contains(detailPart);
  }

  private BridgeClient enter(JsonObject ticket) {
    BridgeClient client = BridgeClient.open(vertx, harness.hub.port(), ticket.getString("ticket"));
    String room = ticket.getString("room");
    client.register(Addresses.roster(room)).register(Addresses.peer(room, ticket.getString("peerId")));
    client.message(Addresses.peer(room, ticket.getString("peerId")), "roster");
    return client;
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aFamilyAsksAnAnimatorTakesTheCallAndBothTalkInTheirOwnRoom(String database) {
    start(database);
    String token = tokenOf(register("Famille Diallo"));
    String otherToken = tokenOf(register("Famille Martin"));

    HttpResponse<Buffer> asked = family(HttpMethod.POST, token + "/help",
        new JsonObject().put("message", "  La caméra ne s'allume pas  "));
    assertThat(asked.statusCode()).as(asked.bodyAsString()).isEqualTo(201);
    String callId = asked.bodyAsJsonObject().getString("id");
    assertThat(asked.bodyAsJsonObject().getString("status")).isEqualTo("WAITING");
    HttpResponse<Buffer> again = family(HttpMethod.POST, token + "/help", new JsonObject());
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.bodyAsJsonObject().getString("id")).isEqualTo(callId);
    harness.clock.advance(Duration.ofSeconds(20));
    String otherCallId = family(HttpMethod.POST, otherToken + "/help", new JsonObject()).bodyAsJsonObject()
        .getString("id");
    assertThat(family(HttpMethod.GET, otherToken + "/help/" + otherCallId, null).bodyAsJsonObject()
        .getInteger("waitingBefore")).isEqualTo(1);
    assertThat(family(HttpMethod.GET, otherToken + "/help/" + callId, null).statusCode()).isEqualTo(404);

    JsonObject queue = staff(HttpMethod.GET, "centres/" + centre.id() + "/help-calls", animator).bodyAsJsonObject();
    assertThat(queue.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")))
        .containsExactly(callId, otherCallId);
    assertThat(queue.getJsonArray("items").getJsonObject(0).getString("message"))
        .isEqualTo("La caméra ne s'allume pas");
    assertProblem(family(HttpMethod.POST, token + "/help/" + callId + "/ticket", null), 409, "WAITING");

    String elsewhere = harness.login(harness.staff(Role.ANIMATOR, Set.of(harness.centre("Ailleurs").id())));
    assertProblem(staff(HttpMethod.POST, "help-calls/" + callId + "/take", elsewhere), 403, "animators");
    JsonObject taken = staff(HttpMethod.POST, "help-calls/" + callId + "/take", animator).bodyAsJsonObject();
    assertThat(taken.getString("status")).isEqualTo("TAKEN");
    // The centre's kiosks list both, oldest first, with the class each family follows and who took the first.
    List<FamilyCall> kiosks = harness.hub.helpCalls().forKiosks(centre.id()).await();
    assertThat(kiosks).extracting(FamilyCall::displayName).containsExactly("Famille Diallo", "Famille Martin");
    assertThat(kiosks).extracting(FamilyCall::sessionTitle).containsOnly("Espagnol en famille");
    assertThat(kiosks.get(0).taken()).isTrue();
    assertThat(kiosks.get(0).takenByName()).isEqualTo(taken.getString("takenByName"));
    assertThat(kiosks.get(0).message()).isEqualTo("La caméra ne s'allume pas");
    assertThat(kiosks.get(1).taken()).isFalse();
    assertThat(taken.getString("takenByName")).isEqualTo("ANIMATOR person");
    String colleague = harness.login(harness.staff(Role.ANIMATOR, Set.of(centre.id())));
    assertProblem(staff(HttpMethod.POST, "help-calls/" + callId + "/take", colleague), 409, "Already taken");
    assertProblem(staff(HttpMethod.POST, "help-calls/" + callId + "/ticket", colleague), 403, "took the call");
    assertThat(family(HttpMethod.GET, token + "/help/" + callId, null).bodyAsJsonObject().getString("takenByName"))
        .isEqualTo("ANIMATOR person");

    JsonObject familyTicket = family(HttpMethod.POST, token + "/help/" + callId + "/ticket", null).bodyAsJsonObject();
    HttpResponse<Buffer> staffTicketResponse = staff(HttpMethod.POST, "help-calls/" + callId + "/ticket", animator);
    assertThat(staffTicketResponse.statusCode()).isEqualTo(201);
    JsonObject staffTicket = staffTicketResponse.bodyAsJsonObject();
    String room = familyTicket.getString("room");
    assertThat(staffTicket.getString("room")).isEqualTo(room).isNotEqualTo(session.roomName());
    assertThat(familyTicket.getJsonArray("iceServers").getJsonObject(0).getString("username"))
        .endsWith(":" + familyTicket.getString("peerId"));
    assertThat(familyTicket.getString("iceTransportPolicy")).isEqualTo("all");

    BridgeClient familySocket = enter(familyTicket);
    BridgeClient animatorSocket = enter(staffTicket);
    String familyPeer = familyTicket.getString("peerId");
    String animatorPeer = staffTicket.getString("peerId");
    animatorSocket.send(Addresses.peer(room, familyPeer), new JsonObject().put("type", "offer").put("sdp", "v=0 a"));
    assertThat(familySocket.message(Addresses.peer(room, familyPeer), "offer").getString("from"))
        .isEqualTo(animatorPeer);
    familySocket.send(Addresses.peer(room, animatorPeer), new JsonObject().put("type", "answer").put("sdp", "v=0 f"));
    assertThat(animatorSocket.message(Addresses.peer(room, animatorPeer), "answer").getString("from"))
        .isEqualTo(familyPeer);

    // The other family, in the session's own room, cannot reach into the call's room.
    JsonObject sessionTicket = family(HttpMethod.POST, otherToken + "/ticket", null).bodyAsJsonObject();
    BridgeClient intruder = BridgeClient.open(vertx, harness.hub.port(), sessionTicket.getString("ticket"));
    intruder.register(Addresses.peer(room, familyPeer));
    intruder.error("access_denied");
    intruder.send(Addresses.peer(room, familyPeer), new JsonObject().put("type", "offer").put("sdp", "v=0 x"));
    assertThat(intruder.frames().stream().filter(f -> "err".equals(f.getString("type")))).hasSizeGreaterThan(0);
    assertProblem(family(HttpMethod.POST, otherToken + "/help/" + callId + "/ticket", null), 404, "No help call");

    JsonObject closed = staff(HttpMethod.POST, "help-calls/" + callId + "/close", animator).bodyAsJsonObject();
    assertThat(closed.getString("status")).isEqualTo("DONE");
    familySocket.error("room_closed");
    animatorSocket.error("room_closed");
    familySocket.awaitClosed();
    animatorSocket.awaitClosed();
    assertProblem(family(HttpMethod.POST, token + "/help/" + callId + "/ticket", null), 409, "DONE");
    assertThat(staff(HttpMethod.GET, "centres/" + centre.id() + "/help-calls", animator).bodyAsJsonObject()
        .getJsonArray("items").getJsonObject(0).getString("id")).isEqualTo(otherCallId);
    assertThat(family(HttpMethod.POST, token + "/help", new JsonObject()).statusCode()).isEqualTo(201);
    assertThat(published.stream().map(event -> event.getString("id") + " " + event.getString("status")))
        .startsWith(callId + " WAITING", otherCallId + " WAITING", callId + " TAKEN", callId + " DONE");
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aCallEndsWithTheFamilyOrItsLinkAndClosedLinksCannotAsk(String database) {
    start(database);
    JsonObject registration = register("Famille Nguyen");
    String token = tokenOf(registration);

    String given = family(HttpMethod.POST, token + "/help", new JsonObject()).bodyAsJsonObject().getString("id");
    assertThat(family(HttpMethod.DELETE, token + "/help/" + given, null).bodyAsJsonObject().getString("status"))
        .isEqualTo("CANCELLED");
    assertProblem(staff(HttpMethod.POST, "help-calls/" + given + "/take", animator), 409, "over");
    assertThat(staff(HttpMethod.GET, "centres/" + centre.id() + "/help-calls", animator).bodyAsJsonObject()
        .getJsonArray("items")).isEmpty();

    String callId = family(HttpMethod.POST, token + "/help", new JsonObject()).bodyAsJsonObject().getString("id");
    staff(HttpMethod.POST, "help-calls/" + callId + "/take", animator);
    JsonObject ticket = family(HttpMethod.POST, token + "/help/" + callId + "/ticket", null).bodyAsJsonObject();
    BridgeClient familySocket = enter(ticket);
    BridgeClient animatorSocket = enter(staff(HttpMethod.POST, "help-calls/" + callId + "/ticket", animator)
        .bodyAsJsonObject());

    String coordinator = harness.login(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
    assertThat(staff(HttpMethod.POST, "registrations/" + registration.getString("id") + "/cancel", coordinator)
        .statusCode()).isEqualTo(200);
    familySocket.publish(Addresses.roster(ticket.getString("room")),
        new JsonObject().put("type", "mute").put("audio", false).put("video", true));
    familySocket.error("link_closed");
    familySocket.awaitClosed();
    assertThat(animatorSocket.isClosed()).isFalse();
    assertProblem(family(HttpMethod.POST, token + "/help", new JsonObject()), 409, "REVOKED");

    assertThat(family(HttpMethod.DELETE, token + "/help/" + callId, null).bodyAsJsonObject().getString("status"))
        .isEqualTo("DONE");
    animatorSocket.error("room_closed");

    String late = tokenOf(register("Famille Tardive"));
    harness.clock.advance(Duration.ofHours(3));
    assertProblem(family(HttpMethod.POST, late + "/help", new JsonObject()), 409, "ENDED");
    assertProblem(family(HttpMethod.POST, late + "/help", new JsonObject().put("message", "x".repeat(501))), 400,
        "message");
    assertThat(family(HttpMethod.POST, "forged/help", new JsonObject()).statusCode()).isEqualTo(404);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aCallLeftOpenLastWeekGivesWayToThisWeeksCall(String database) {
    start(database);
    Instant start = harness.clock.instant().plus(Duration.ofMinutes(5));
    Session weekly = harness.hub.schedule().createTrusted(new SessionDraft("Couture du lundi", Category.CRAFTS, null,
        "fr", null, centre.id(), start, start.plus(Duration.ofHours(1)),
        new Recurrence(EnumSet.of(start.atZone(harness.hub.schedule().zone()).getDayOfWeek()), null, 4), 20,
        VideoMode.DIRECT, null)).await();
    String url = harness.http.post("/api/v1/sessions/" + weekly.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", "Famille Ouedraogo")).await().bodyAsJsonObject()
        .getString("joinUrl");
    String token = url.substring(url.indexOf("/j/") + 3);
    String lastWeek = family(HttpMethod.POST, token + "/help", new JsonObject()).bodyAsJsonObject().getString("id");

    harness.clock.advance(Duration.ofDays(7));
    animator = harness.login(harness.staff(Role.ANIMATOR, Set.of(centre.id())));
    HttpResponse<Buffer> asked = family(HttpMethod.POST, token + "/help", new JsonObject());

    assertThat(asked.statusCode()).isEqualTo(201);
    assertThat(asked.bodyAsJsonObject().getString("id")).isNotEqualTo(lastWeek);
    assertThat(family(HttpMethod.GET, token + "/help/" + lastWeek, null).bodyAsJsonObject().getString("status"))
        .isEqualTo("CANCELLED");
    assertThat(staff(HttpMethod.GET, "centres/" + centre.id() + "/help-calls", animator).bodyAsJsonObject()
        .getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("id")))
        .containsExactly(asked.bodyAsJsonObject().getString("id"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theStaffEndOfACallIsAPageThatHoldsNothingOfTheCall(String database) {
    start(database);
    // The page asks the API itself, with the staff app's session: whoever opens it learns nothing without one.
    HttpResponse<Buffer> page = harness.http.get("/help-calls/" + UUID.randomUUID() + "/room").send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("Cache-Control")).isEqualTo("no-store");
    assertThat(page.bodyAsString()).contains("/static/js/help-call-room.js")
        .doesNotContain("aide-");
    assertThat(harness.http.get("/help-calls/nope/room").send().await().statusCode()).isEqualTo(404);
  }
}
