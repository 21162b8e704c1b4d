package org.relais.hub.network;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;

/**
 * The network page and its live updates over HTTP, on each database: a coordinator sees their centres'
 * week, families, rooms and relay-sites and nothing of another centre's, on the page and in the stream;
 * the staff of other roles get neither.
 */
class NetworkPagesTest {
  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  private static List<JsonObject> sittings(JsonObject live) {
    return live.getJsonArray("days").stream().map(JsonObject.class::cast)
        .flatMap(day -> day.getJsonArray("sittings").stream().map(JsonObject.class::cast)).toList();
  }

  private static Predicate<JsonObject> site(String name, boolean online) {
    return live -> live.getJsonArray("sites").stream().map(JsonObject.class::cast)
        .anyMatch(site -> site.getString("name").equals(name) && site.getBoolean("online") == online);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aCoordinatorSeesTheWeekAndRelaysOfTheirCentresOnly(String kind) {
    try (NetworkFixture network = new NetworkFixture(kind)) {
      network.register(network.cooking, "Famille Diallo");
      network.register(network.cooking, "Famille Martin");
      // The hall's relay was online once, then left: it still says when, and which version it ran.
      network.link(network.hall, network.enrol(network.hall)).close();
      network.link(network.workshop, network.enrol(network.workshop));
      network.enrol(network.cyberspace);
      StaffWeb web = new StaffWeb(network.harness);
      StaffWeb.Session coordinator = web.signIn(network.coordinator);

      HttpResponse<Buffer> bare = web.get(coordinator, "/staff?lang=fr");
      assertThat(bare.statusCode()).isEqualTo(303);
      assertThat(bare.getHeader("Location")).isEqualTo("/staff/?lang=fr");
      HttpResponse<Buffer> page = web.get(coordinator, "/staff/?lang=fr");
      assertThat(page.statusCode()).isEqualTo(200);
      String html = page.bodyAsString();
      assertThat(html).contains("Cuisine du monde", "Premiers pas sur la tablette", "2 sur 10 places", "2 salles",
          "Salle polyvalente (Centre social Les Tisserands)", "2.4.1", "Jamais connecté",
          "/console/sessions/" + network.cooking.id(), "/staff/classes/" + network.cooking.id());
      assertThat(html).doesNotContain("Tours de magie", "Maison de quartier des Moulins", "Atelier");
      assertThat(html.indexOf("Cyberespace")).as("offline relays first, then by name")
          .isLessThan(html.indexOf("Jamais connecté"));

      try (EventStream stream = EventStream.open(network.harness.hub.vertx(), network.harness.hub.port(),
          "/staff/network/events?theme=cooking", coordinator.cookies())) {
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.response.getHeader("Content-Type")).startsWith("text/event-stream");
        JsonObject live = stream.await(site("Salle polyvalente", false));
        assertThat(sittings(live)).extracting(s -> s.getString("title")).containsExactly("Cuisine du monde");
        assertThat(live.getJsonArray("sites")).extracting(s -> ((JsonObject) s).getString("name"))
            .containsExactly("Cyberespace", "Salle polyvalente");
      }

      assertThat(web.get(coordinator, "/staff/?centre=" + network.moulins.id()).statusCode()).isEqualTo(403);
      assertThat(web.get(coordinator, "/staff/network/events?centre=" + network.moulins.id()).statusCode())
          .isEqualTo(403);
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theStreamFollowsRelaysFamiliesAndSittingsWithoutShowingAnotherCentre(String kind) {
    try (NetworkFixture network = new NetworkFixture(kind)) {
      String hall = network.enrol(network.hall);
      String workshop = network.enrol(network.workshop);
      StaffWeb.Session coordinator = new StaffWeb(network.harness).signIn(network.coordinator);
      try (EventStream stream = EventStream.open(network.harness.hub.vertx(), network.harness.hub.port(),
          "/staff/network/events", coordinator.cookies())) {
        stream.await(site("Salle polyvalente", false));
        // Another centre's relay comes online first: had it leaked, it would be in what follows.
        network.link(network.workshop, workshop);
        BridgeClient relay = network.link(network.hall, hall);
        stream.await(site("Salle polyvalente", true));
        network.register(network.cooking, "Famille Diallo");
        stream.await(live -> sittings(live).stream().anyMatch(s -> s.getString("families").startsWith("1 ")));
        network.harness.clock.set(Instant.parse("2026-11-24T16:50:00Z"));
        network.harness.hub.sittings().startCurrent(network.coordinator.principal(), network.cooking.id()).await();
        stream.await(live -> sittings(live).stream().anyMatch(s -> "live".equals(s.getString("status"))));
        relay.close();
        stream.await(site("Salle polyvalente", false));
        assertThat(stream.events()).allSatisfy(live -> assertThat(live.encode())
            .doesNotContain("Atelier", "Tours de magie", network.moulins.id().toString()));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(value = Role.class, names = {"INSTRUCTOR", "ANIMATOR"})
  void instructorsAndAnimatorsGetNoNetworkData(Role role) {
    try (NetworkFixture network = new NetworkFixture("h2")) {
      StaffWeb web = new StaffWeb(network.harness);
      StaffWeb.Session session = web.signIn(network.harness.staff(role, Set.of(network.tisserands.id())));

      HttpResponse<Buffer> page = web.get(session, "/staff/");
      assertThat(page.statusCode()).isEqualTo(303);
      assertThat(page.getHeader("Location")).doesNotStartWith("/staff/?").isNotEqualTo("/staff");
      try (EventStream stream = EventStream.open(network.harness.hub.vertx(), network.harness.hub.port(),
          "/staff/network/events", session.cookies())) {
        assertThat(stream.status()).isEqualTo(403);
        assertThat(stream.response.getHeader("Content-Type")).doesNotContain("event-stream");
      }
      HttpResponse<Buffer> events = web.get(session, "/staff/network/events");
      assertThat(events.statusCode()).isEqualTo(403);
      assertThat(events.bodyAsString()).doesNotContain("Cuisine du monde", "Salle polyvalente");
    }
  }

  @ParameterizedTest
  @MethodSource("databases")
  void anAdminSeesEveryCentre(String kind) {
    try (NetworkFixture network = new NetworkFixture(kind)) {
      StaffWeb web = new StaffWeb(network.harness);
      StaffWeb.Session admin = web.signIn(network.harness.staff(Role.ADMIN, Set.of()));
      String html = web.get(admin, "/staff/?lang=en&week=2026-11-25").bodyAsString();
      assertThat(html).contains("Cuisine du monde", "Tours de magie", "Maison de quartier des Moulins",
          "Week of 23 November 2026 to 29 November 2026");
      assertThat(web.get(admin, "/staff/?week=2026-11-30").bodyAsString()).doesNotContain("Cuisine du monde");
      // Whatever the address says, the page answers: an unknown theme or a broken week shows this week.
      assertThat(web.get(admin, "/staff/?week=nonsense&theme=%3Cb%3E&centre=42").statusCode()).isEqualTo(200);
    }
  }
}
