package org.relais.hub.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Addresses;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * Two families exchange their WebRTC signalling through the hub's bridge, and every way of misusing the
 * bridge is refused without disturbing them.
 */
class BridgeTest {
  private HubHarness harness;
  private Vertx vertx;
  private RoomFixture room;
  private RoomFixture otherRoom;
  private BridgeClient alice;
  private BridgeClient bob;
  private RoomFixture.Family aliceFamily;
  private RoomFixture.Family bobFamily;

  @BeforeEach
  void start() {
    // Two HTTP verticles, each with bridges of its own: the per-address count is the node's, across both.
    harness = HubHarness.start("h2", Map.of("bridge.messagesPerSecond", "20", "bridge.maxSocketsPerAddress", "12",
        "rooms.maxPeers", "5", "http.instances", "2"));
    vertx = Vertx.vertx();
    // A JITSI class on a hub without Jitsi meets in a built-in room, and its capacity is not held to the
    // room's seats: these take many sign-ups for rooms of five (the instructor's seat and four families').
    room = new RoomFixture(harness, "Conversation anglaise", VideoMode.JITSI, 20, null);
    otherRoom = new RoomFixture(harness, "Arabe débutant", VideoMode.JITSI, 20, null);
    aliceFamily = room.family("Famille Alice");
    bobFamily = room.family("Famille Bob");
    alice = enter(aliceFamily);
    bob = enter(bobFamily);
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    harness.close();
  }

  private BridgeClient enter(RoomFixture.Family family) {
    BridgeClient client = BridgeClient.open(vertx, harness.hub.port(), family.ticket());
    client.register(family.roster()).register(family.me());
    client.message(family.me(), "roster");
    return client;
  }

  private static JsonObject offer(String sdp) {
    return new JsonObject().put("type", "offer").put("sdp", sdp);
  }

  /** The two legitimate peers can still talk: a fresh offer goes through, stamped. */
  private void stillTalking(String marker) {
    alice.send(bobFamily.me(), offer(marker));
    JsonObject received = bob.await(frame -> frame.getValue("body") instanceof JsonObject body
        && marker.equals(body.getString("sdp"))).getJsonObject("body");
    assertThat(received.getString("from")).isEqualTo(aliceFamily.peerId());
  }

  @Test
  void twoPeersExchangeOfferAnswerAndCandidatesThroughTheHub() {
    JsonObject roster = bob.message(bobFamily.me(), "roster");
    assertThat(roster.getJsonArray("peers").getJsonObject(0).getString("name")).isEqualTo("Famille Alice");
    alice.await(frame -> frame.encode().contains("\"type\":\"joined\"") && frame.encode().contains(bobFamily.peerId()));

    bob.send(aliceFamily.me(), offer("v=0 bob"));
    assertThat(alice.message(aliceFamily.me(), "offer")).isEqualTo(new JsonObject().put("type", "offer")
        .put("from", bobFamily.peerId()).put("sdp", "v=0 bob"));
    alice.send(bobFamily.me(), new JsonObject().put("type", "answer").put("sdp", "v=0 alice"));
    assertThat(bob.message(bobFamily.me(), "answer").getString("from")).isEqualTo(aliceFamily.peerId());
    for (int i = 0; i < 10; i++) {
      alice.send(bobFamily.me(), new JsonObject().put("type", "candidate")
          .put("candidate", "candidate:" + i + " 1 udp 1 127.0.0.1 5000" + i + " typ host").put("sdpMid", "0")
          .put("sdpMLineIndex", 0));
    }
    bob.await(frame -> frame.encode().contains("candidate:9 "));
    assertThat(bob.frames().stream().filter(f -> f.encode().contains("\"candidate\":\"candidate:")).count())
        .isEqualTo(10);

    bob.publish(bobFamily.roster(), new JsonObject().put("type", "mute").put("audio", false).put("video", true));
    assertThat(alice.message(aliceFamily.roster(), "mute").getString("from")).isEqualTo(bobFamily.peerId());

    bob.close();
    assertThat(alice.message(aliceFamily.roster(), "left").getString("peerId")).isEqualTo(bobFamily.peerId());
  }

  @Test
  void refusesSocketsWithoutAValidTicket() {
    BridgeClient none = BridgeClient.open(vertx, harness.hub.port(), null);
    BridgeClient forged = BridgeClient.open(vertx, harness.hub.port(), "A".repeat(32));
    BridgeClient reused = BridgeClient.open(vertx, harness.hub.port(), aliceFamily.ticket());

    for (BridgeClient refused : new BridgeClient[] {none, forged, reused}) {
      refused.error("invalid_ticket");
      refused.awaitClosed();
    }
    stillTalking("after forged tickets");
  }

  @Test
  void aTicketExpiresAfterItsSecondsAndIsNotAJoinToken() {
    RoomFixture.Family late = room.family("Famille Lente");
    harness.clock.advance(Duration.ofSeconds(31));
    BridgeClient expired = BridgeClient.open(vertx, harness.hub.port(), late.ticket());
    BridgeClient token = BridgeClient.open(vertx, harness.hub.port(), late.token());

    expired.error("invalid_ticket");
    token.error("invalid_ticket");
    stillTalking("after an expired ticket");
  }

  @Test
  void aPeerRegistersOnlyItsOwnAddressAndItsRoomsRoster() {
    RoomFixture.Family elsewhere = otherRoom.family("Famille Ailleurs");
    BridgeClient eve = enter(room.family("Eve"));

    eve.register(aliceFamily.me());
    eve.error("access_denied");
    eve.register(elsewhere.roster());
    eve.error("access_denied");
    eve.register("relais.hub.schedule.changed");
    eve.error("access_denied");
    eve.register(Addresses.bridgePeerControl(room.session.roomName(), aliceFamily.peerId()));
    eve.error("access_denied");

    stillTalking("after eavesdropping attempts");
    assertThat(eve.frames()).noneMatch(frame -> frame.encode().contains("after eavesdropping attempts"));
  }

  @Test
  void aPeerSendsOnlyToPeersOfItsOwnRoomAndCannotForgeTheSender() {
    RoomFixture.Family elsewhere = otherRoom.family("Famille Ailleurs");
    BridgeClient outsider = enter(elsewhere);
    BridgeClient eve = enter(room.family("Eve"));

    eve.send(elsewhere.me(), offer("cross-room"));
    eve.error("access_denied");
    eve.send(aliceFamily.roster(), offer("to the roster"));
    eve.error("access_denied");
    eve.publish(aliceFamily.roster(), offer("offer to everyone"));
    eve.error("invalid_message");
    eve.send(aliceFamily.me(), new JsonObject().put("type", "joined").put("peer", new JsonObject()
        .put("id", "p-fake").put("name", "Fake").put("role", "INSTRUCTOR")));
    eve.error("invalid_message");
    eve.send(aliceFamily.me(), new JsonObject().put("type", "hangup"));
    eve.error("invalid_message");
    eve.write(new JsonObject().put("type", "send").put("address", aliceFamily.me()).put("body", offer("reply"))
        .put("replyAddress", "my-reply"));
    eve.error("access_denied");

    eve.send(aliceFamily.me(), offer("forged").put("from", bobFamily.peerId()));
    JsonObject received = alice.await(frame -> frame.encode().contains("forged")).getJsonObject("body");
    assertThat(received.getString("from")).isNotEqualTo(bobFamily.peerId()).startsWith("p");
    assertThat(outsider.frames()).noneMatch(frame -> frame.encode().contains("cross-room"));
    stillTalking("after forgeries");
  }

  @Test
  void refusesOversizeMessagesAndCutsFloods() {
    BridgeClient eve = enter(room.family("Eve"));

    eve.send(aliceFamily.me(), offer("x".repeat(65 * 1024)));
    eve.error("invalid_message");
    eve.send(aliceFamily.me(), new JsonObject().put("type", "candidate").put("candidate", "c".repeat(3000)));
    eve.error("invalid_message");
    // The hub may cut the flood before all of it is written: the loop stops there.
    for (int i = 0; i < 200 && !eve.isClosed(); i++) {
      try {
        eve.send(aliceFamily.me(), new JsonObject().put("type", "bye"));
      } catch (RuntimeException cutMeanwhile) {
        break;
      }
    }
    eve.error("rate_limited");
    eve.awaitClosed();
    BridgeClient giant = enter(room.family("Géant"));
    giant.writeText("{\"type\":\"send\",\"address\":\"" + aliceFamily.me() + "\",\"body\":\"" + "x".repeat(100 * 1024)
        + "\"}");
    giant.awaitClosed();

    stillTalking("after the flood");
  }

  /**
   * Every kind of frame counts against a socket's budget: a flood of any of them is cut (4429), while
   * Alice and Bob, in the same room, go on talking and lose nothing. Re-registering its own address
   * announces Eve only once.
   */
  @ParameterizedTest
  @ValueSource(strings = {"send", "publish", "register", "unregister", "reregister", "ping"})
  void aFloodOfAnyFrameIsCutWhileAPairKeepsTalking(String kind) {
    RoomFixture.Family eveFamily = room.family("Eve");
    BridgeClient eve = enter(eveFamily);
    IntFunction<JsonObject> frame = switch (kind) {
      case "send" -> i -> new JsonObject().put("type", "send").put("address", aliceFamily.me())
          .put("body", new JsonObject().put("type", "bye"));
      case "publish" -> i -> new JsonObject().put("type", "publish").put("address", eveFamily.roster())
          .put("body", new JsonObject().put("type", "mute").put("audio", i % 2 == 0).put("video", true));
      case "register" -> i -> new JsonObject().put("type", "register").put("address", eveFamily.roster());
      case "unregister" -> i -> new JsonObject().put("type", "unregister").put("address", eveFamily.roster());
      case "reregister" -> i -> new JsonObject().put("type", i % 2 == 0 ? "unregister" : "register")
          .put("address", eveFamily.me());
      default -> i -> new JsonObject().put("type", "ping");
    };
    List<String> fromAlice = new ArrayList<>();
    List<String> fromBob = new ArrayList<>();
    // Eve writes faster than the hub reads: she may write thousands before she hears of the cut.
    for (int written = 0; !eve.isClosed() && written < 5_000; written += eve.flood(10, frame)) {
      if (fromAlice.size() < 30) {
        String marker = kind + "-" + fromAlice.size() + "-after-" + written;
        alice.send(bobFamily.me(), offer(marker));
        fromAlice.add(marker);
        bob.send(aliceFamily.me(), new JsonObject().put("type", "answer").put("sdp", marker));
        fromBob.add(marker);
      }
    }

    eve.error("rate_limited");
    assertThat(eve.awaitClosed()).isEqualTo((short) 4429);
    stillTalking("after the " + kind + " flood");
    String lastFromBob = fromBob.get(fromBob.size() - 1);
    alice.await(f -> f.getValue("body") instanceof JsonObject body && lastFromBob.equals(body.getString("sdp")));
    assertThat(sdpsReceived(bob, aliceFamily.peerId())).containsExactlyElementsOf(fromAlice);
    assertThat(sdpsReceived(alice, bobFamily.peerId())).containsExactlyElementsOf(fromBob);
    assertThat(alice.frames()).filteredOn(f -> f.encode().contains("\"joined\"")
        && f.encode().contains(eveFamily.peerId())).hasSize(1);
  }

  /** The SDPs {@code client} received from {@code peerId}, in order (its last one awaited by the caller). */
  private static List<String> sdpsReceived(BridgeClient client, String peerId) {
    return client.frames().stream().map(f -> f.getValue("body")).filter(JsonObject.class::isInstance)
        .map(JsonObject.class::cast).filter(body -> peerId.equals(body.getString("from")) && body.containsKey("sdp"))
        .map(body -> body.getString("sdp")).filter(sdp -> !sdp.startsWith("after ")).toList();
  }

  @Test
  void aRevokedOrExpiredLinkIsCutOnItsNextMessage() {
    String adminToken = harness.login(harness.staff(Role.ADMIN, Set.of()));
    String registration = harness.send(HttpMethod.GET, "/api/v1/sessions/" + room.session.id() + "/registrations",
        adminToken, null).bodyAsJsonObject().getJsonArray("items").getJsonObject(1).getString("id");
    harness.send(HttpMethod.POST, "/api/v1/registrations/" + registration + "/cancel", adminToken, null);

    bob.send(aliceFamily.me(), offer("after revocation"));
    bob.error("link_closed");
    bob.awaitClosed();
    assertThat(alice.frames()).noneMatch(frame -> frame.encode().contains("after revocation"));

    harness.clock.advance(Duration.ofHours(3));
    alice.send(bobFamily.me(), offer("after the class"));
    alice.error("link_closed");
    alice.awaitClosed();
  }

  @Test
  void aNewerConnectionOfTheSameLinkReplacesTheOlderOne() {
    RoomFixture.Family again = room.admit(aliceFamily.token());
    int before = harness.hub.openBridgeSockets();
    BridgeClient phone = enter(again);

    alice.error("replaced");
    alice.awaitClosed();
    // Until the hub has let the older socket go, both listen on the link's address and either may get a message.
    eventually("the older socket let go", () -> harness.hub.openBridgeSockets() == before);
    assertThat(again.peerId()).isEqualTo(aliceFamily.peerId());
    bob.send(aliceFamily.me(), offer("to the new connection"));
    phone.await(frame -> frame.encode().contains("to the new connection"));
  }

  @Test
  void aFullRoomSaysSoOnTheLinkAndRefusesTickets() {
    enter(room.family("Carla"));
    enter(room.family("David"));
    String fifth = room.register("Eric");

    assertThat(harness.get("/api/v1/join/" + fifth).bodyAsJsonObject().getString("state")).isEqualTo("FULL");
    var refused = harness.http.post("/api/v1/join/" + fifth + "/ticket").send().await();
    assertThat(refused.statusCode()).isEqualTo(409);
    assertThat(refused.bodyAsJsonObject().getString("type")).isEqualTo("urn:relais:problem:room-full");
    // Someone already in keeps their place when they reconnect.
    assertThat(harness.http.post("/api/v1/join/" + aliceFamily.token() + "/ticket").send().await().statusCode())
        .isEqualTo(201);
  }

  @Test
  void refusesHandshakesFromOtherOriginsAndTooManySocketsFromOneAddress() {
    Throwable hijack = failureOf(BridgeClient.connect(vertx, harness.hub.port(), room.family("Frank").ticket(),
        "https://evil.example"));
    assertThat(hijack).isNotNull().hasMessageContaining("403");

    int open = 2;
    Throwable capped = null;
    while (capped == null && open < 20) {
      capped = failureOf(BridgeClient.connect(vertx, harness.hub.port(), room.family("F" + open).ticket(), null));
      open++;
    }
    assertThat(capped).as("the thirteenth socket of one address").isNotNull().hasMessageContaining("429");
    assertThat(open).isEqualTo(13);
    stillTalking("after the refused handshakes");
  }

  /**
   * The cap (12 here) holds for sockets opened all at once: places are reserved at the handshake. Failed
   * handshakes and refused tickets give their place back, and so do closed sockets.
   */
  @Test
  void socketsOpenedTogetherFromOneAddressGetExactlyTheCapAndClosedOnesFreeTheirPlaces() {
    int cap = 12;
    for (int i = 0; i < cap + 3; i++) {
      assertThat(failureOf(BridgeClient.connect(vertx, harness.hub.port(), "/eventbus/nowhere", null, null)))
          .hasMessageContaining("404");
      BridgeClient forged = BridgeClient.open(vertx, harness.hub.port(), "B".repeat(32));
      forged.error("invalid_ticket");
      forged.awaitClosed();
    }

    // Alice and Bob hold two places: one more than the rest, opened together.
    List<String> tickets = IntStream.range(0, cap - 1).mapToObj(i -> room.family("Ensemble " + i).ticket()).toList();
    List<Future<BridgeClient>> opening = tickets.stream()
        .map(ticket -> BridgeClient.connect(vertx, harness.hub.port(), ticket, null)).toList();
    Future.join(opening).transform(done -> Future.succeededFuture()).await();

    List<BridgeClient> opened = opening.stream().filter(Future::succeeded).map(Future::result).toList();
    assertThat(opened).hasSize(cap - 2);
    assertThat(opening.stream().filter(Future::failed).map(Future::cause))
        .singleElement().satisfies(refused -> assertThat(refused).hasMessageContaining("429"));
    eventually("every opened socket admitted", () -> harness.hub.openBridgeSockets() == cap);

    opened.subList(0, 3).forEach(BridgeClient::close);
    eventually("three places freed", () -> harness.hub.openBridgeSockets() == cap - 3);
    for (int i = 0; i < 3; i++) {
      BridgeClient.connect(vertx, harness.hub.port(), room.family("Encore " + i).ticket(), null).await();
    }
    assertThat(failureOf(BridgeClient.connect(vertx, harness.hub.port(), room.family("De trop").ticket(), null)))
        .hasMessageContaining("429");
    stillTalking("after the crowd");
  }

  /** Waits, at most ten seconds, for something the hub does in its own time (a closed socket's place). */
  private static void eventually(String what, BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("still waiting for " + what).isLessThan(deadline);
      LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
    }
  }

  private static Throwable failureOf(io.vertx.core.Future<BridgeClient> connecting) {
    try {
      connecting.await();
      return null;
    } catch (Exception e) {
      return e;
    }
  }
}
