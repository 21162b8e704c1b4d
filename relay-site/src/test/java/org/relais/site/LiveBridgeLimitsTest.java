package org.relais.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.hub.testing.BridgeClient;
import org.relais.protocol.Addresses;
import org.relais.protocol.site.SiteEvent;
import org.relais.protocol.site.SiteMessage;

/**
 * The live bridge's limits, through real sockets: the sockets one address may hold (reserved at the
 * handshake, so sockets opened together cannot pass the cap), and the frame budget that cuts a flooding
 * relay-site link while the consoles following its class keep their figures.
 */
class LiveBridgeLimitsTest {
  private static final String PATH = "/live/websocket";
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int CAP = 5;

  private CentreFixture centre;
  private Vertx vertx;

  @BeforeEach
  void start() throws Exception {
    // Two HTTP verticles, each with bridges of its own: the per-address count is the node's, across both.
    centre = new CentreFixture("h2", Map.of("live.maxSocketsPerAddress", String.valueOf(CAP), "http.instances", "2"));
    vertx = Vertx.vertx();
  }

  @AfterEach
  void stop() {
    vertx.close().await();
    centre.close();
  }

  @Test
  void consolesOpenedTogetherGetExactlyTheCapAndClosedOnesFreeTheirPlaces() {
    // Refused tickets give their places back at once.
    for (int i = 0; i < CAP + 2; i++) {
      BridgeClient forged = connect("C".repeat(32)).await();
      forged.error("invalid_ticket");
      forged.awaitClosed();
    }

    List<String> tickets = IntStream.range(0, CAP + 1).mapToObj(i -> consoleTicket()).toList();
    List<Future<BridgeClient>> opening = tickets.stream().map(this::connect).toList();
    Future.join(opening).transform(done -> Future.succeededFuture()).await();

    List<BridgeClient> opened = opening.stream().filter(Future::succeeded).map(Future::result).toList();
    assertThat(opened).hasSize(CAP);
    assertThat(opening.stream().filter(Future::failed).map(Future::cause))
        .singleElement().satisfies(refused -> assertThat(refused).hasMessageContaining("429"));
    CentreFixture.await("every console admitted", WAIT, () -> centre.harness.hub.openLiveSockets() == CAP);

    opened.subList(0, 2).forEach(BridgeClient::close);
    CentreFixture.await("two places freed", WAIT, () -> centre.harness.hub.openLiveSockets() == CAP - 2);
    connect(consoleTicket()).await();
    connect(consoleTicket()).await();
    Future<BridgeClient> oneTooMany = connect(consoleTicket());
    Future.join(List.of(oneTooMany)).transform(done -> Future.succeededFuture()).await();
    assertThat(oneTooMany.cause()).isNotNull().hasMessageContaining("429");
  }

  /** Every kind of frame counts: a relay flooding any of them is cut, and the console sees the site go offline. */
  @ParameterizedTest
  @ValueSource(strings = {"send", "register", "unregister", "ping", "publish"})
  void aFloodingRelayLinkIsCutAndItsConsoleKeepsItsFigures(String kind) {
    String credential = enrol();
    String inbox = Addresses.siteInbox(centre.site.id().toString());
    String live = Addresses.sessionLive(centre.sessionId.toString());
    BridgeClient console = connect(consoleTicket()).await().register(live);
    BridgeClient relay = connect(siteTicket(credential)).await().register(inbox)
        .send(Addresses.hubSites(), new SiteMessage.Hello("flood", 0).toJson());
    relay.message(inbox, "schedule");
    console.await(f -> online(f, live) == 1);
    List<JsonObject> before = console.frames();

    IntFunction<JsonObject> frame = switch (kind) {
      case "send" -> i -> new JsonObject().put("type", "send").put("address", Addresses.hubSites())
          .put("body", new SiteMessage.Heartbeat(i, 0).toJson());
      case "register" -> i -> new JsonObject().put("type", "register").put("address", inbox);
      case "unregister" -> i -> new JsonObject().put("type", "unregister").put("address", inbox);
      case "publish" -> i -> new JsonObject().put("type", "publish").put("address", Addresses.hubSites())
          .put("body", new SiteMessage.Heartbeat(i, 0).toJson());
      default -> i -> new JsonObject().put("type", "ping");
    };
    relay.flood(5_000, frame);

    relay.error("rate_limited");
    assertThat(relay.awaitClosed()).isEqualTo((short) 4429);
    JsonObject offline = console.await(f -> online(f, live) == 0 && before.stream().noneMatch(seen -> seen == f))
        .getJsonObject("body");
    assertThat(offline.getJsonArray("rooms").getJsonObject(0).getBoolean("online")).isFalse();
    assertThat(console.isClosed()).isFalse();
    // A link of its own again: the next socket of the site is admitted and heard.
    BridgeClient again = connect(siteTicket(credential)).await().register(inbox)
        .send(Addresses.hubSites(), new SiteMessage.Hello("calm", 0).toJson());
    again.message(inbox, "schedule");
  }

  /** The sites online in a live-figures frame, or -1 for any other frame. */
  private static int online(JsonObject frame, String live) {
    return "rec".equals(frame.getString("type")) && live.equals(frame.getString("address"))
        ? frame.getJsonObject("body").getJsonObject("totals").getInteger("online") : -1;
  }

  /**
   * A relay back from a long outage drains its journal as fast as the hub acknowledges, within its frame
   * budget: its link is never cut, so the console never sees the site go offline meanwhile.
   */
  @Test
  void aRelayDrainingALongBacklogKeepsItsLink() {
    int events = 6_000;
    centre.enrol();
    centre.harness.stopHub();
    SiteApplication offline = centre.startRelay();
    List<Future<SiteEvent>> recorded = IntStream.range(0, events).mapToObj(i -> offline.room().record(
        offline.room().event(SiteEvent.Kind.HEAD_COUNT, centre.sessionId, 1, null, null))).toList();
    Future.all(recorded).await();
    offline.stop().await();
    centre.startHub();
    String live = Addresses.sessionLive(centre.sessionId.toString());
    BridgeClient console = connect(consoleTicket()).await().register(live);

    SiteApplication relay = centre.startRelay();
    List<Integer> online;
    try {
      CentreFixture.await("the journal to drain", Duration.ofSeconds(60), () -> relay.journal().pendingCount() == 0);
      console.await(f -> online(f, live) == 1 && f.getJsonObject("body").getJsonObject("totals")
          .getInteger("headCount") == events);
      // Read before the relay stops: its stopping takes the site offline, rightly.
      online = console.frames().stream().map(f -> online(f, live)).filter(n -> n >= 0).toList();
    } finally {
      relay.stop().await();
    }
    assertThat(online.subList(online.indexOf(1), online.size())).as("the site's state on the console").containsOnly(1);
  }

  private Future<BridgeClient> connect(String ticket) {
    return BridgeClient.connect(vertx, centre.port, PATH, ticket, null);
  }

  private String consoleTicket() {
    HttpResponse<Buffer> ticket = centre.harness.send(HttpMethod.POST, "/api/v1/sessions/" + centre.sessionId
        + "/live/ticket", centre.instructorToken, null);
    assertThat(ticket.statusCode()).as(ticket.bodyAsString()).isEqualTo(201);
    return ticket.bodyAsJsonObject().getString("ticket");
  }

  private String enrol() {
    HttpResponse<Buffer> enrolled = centre.harness.send(HttpMethod.POST, "/api/v1/sites/enrol", null,
        new JsonObject().put("code", centre.enrolmentCode()));
    assertThat(enrolled.statusCode()).as(enrolled.bodyAsString()).isEqualTo(201);
    return enrolled.bodyAsJsonObject().getString("credential");
  }

  private String siteTicket(String credential) {
    HttpResponse<Buffer> ticket = centre.harness.request(HttpMethod.POST, "/api/v1/site-link/ticket", null)
        .bearerTokenAuthentication(credential).send().await();
    assertThat(ticket.statusCode()).as(ticket.bodyAsString()).isEqualTo(201);
    return ticket.bodyAsJsonObject().getString("ticket");
  }
}
