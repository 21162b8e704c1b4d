package org.relais.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import org.relais.protocol.site.SiteMessage;

/**
 * The Grafana dashboard and the alert rules read only metrics a real hub exposes: a hub with a family in a
 * built-in room and a relay-site linked is scraped, and every metric name their queries use must be there.
 */
class DashboardMetricsTest {
  private static final String TOKEN = "scraper-token-".repeat(3);
  /** Made by Prometheus itself (each scrape's outcome), not by the hub. */
  private static final Set<String> NOT_FROM_THE_HUB = Set.of("up");
  private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\((.+),\\s*\\w+\\s*\\)");

  @Test
  void everyMetricTheDashboardAndTheAlertsReadIsExposedByTheHub() {
    Vertx vertx = Vertx.vertx();
    try (HubHarness harness = HubHarness.start("h2", Map.of("metrics.bearerToken", TOKEN))) {
      Centre centre = harness.centre("Centre Wazemmes");
      try (BridgeClient family = familyInARoom(harness, vertx, centre);
          BridgeClient relay = relaySiteLinked(harness, vertx, centre)) {
        harness.get("/api/v1/sessions");
        String scrape = harness.http.get("/metrics").bearerTokenAuthentication(TOKEN).send().await().bodyAsString();
        Set<String> exposed = exposedNames(scrape);

        assertThat(scrape).contains("relais_bridge_sockets{bridge=\"rooms\"} 1.0")
            .contains("relais_bridge_sockets{bridge=\"live\"} 1.0")
            .contains("relais_sites_linked 1.0")
            .contains("relais_sittings_live ")
            .contains("relais_event_loop_lag_seconds_max")
            .contains("vertx_http_server_response_time_seconds_bucket{code=\"200\",method=\"GET\",le=\"0.1\"}");
        Set<String> dashboard = dashboardNames();
        Set<String> rules = ruleNames();
        assertThat(dashboard).contains("relais_sittings_live", "relais_bridge_sockets", "relais_sites_linked",
            "vertx_http_server_response_time_seconds_bucket", "jvm_memory_used_bytes");
        assertThat(rules).contains("relais_sites_linked", "vertx_pool_queue_pending",
            "relais_event_loop_lag_seconds_max", "vertx_http_server_requests_total");
        assertThat(missing(dashboard, exposed)).as("dashboard metrics the hub does not expose").isEmpty();
        assertThat(missing(rules, exposed)).as("alert-rule metrics the hub does not expose").isEmpty();
      }
    } finally {
      vertx.close().await();
    }
  }

  @Test
  void readsTheMetricNamesOfAQueryAndNothingElse() {
    assertThat(OpsFiles.metricNames("histogram_quantile(0.99, sum by (le, instance) (rate("
        + "vertx_http_server_response_time_seconds_bucket{job=\"relais-hub\", code=~\"5..\"}[$__rate_interval])))"
        + " / on(instance) group_left max without (pool) (up offset 5m) > bool 1e3 and relais:sites_linked:sum"))
        .containsExactly("relais:sites_linked:sum", "up", "vertx_http_server_response_time_seconds_bucket");
  }

  private static BridgeClient familyInARoom(HubHarness harness, Vertx vertx, Centre centre) {
    Instant start = harness.clock.instant().plus(Duration.ofMinutes(5));
    Session session = harness.hub.schedule().createTrusted(new SessionDraft("Anglais", Category.LANGUAGE, null, "fr",
        null, centre.id(), start, start.plus(Duration.ofHours(1)), null, 5, VideoMode.DIRECT, null)).await();
    String joinUrl = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", "Famille Martin")).await().bodyAsJsonObject()
        .getString("joinUrl");
    JsonObject ticket = harness.http.post("/api/v1/join/" + joinUrl.substring(joinUrl.indexOf("/j/") + 3) + "/ticket")
        .send().await().bodyAsJsonObject();
    String me = Addresses.peer(ticket.getString("room"), ticket.getString("peerId"));
    BridgeClient family = BridgeClient.open(vertx, harness.hub.port(), ticket.getString("ticket"));
    family.register(Addresses.roster(ticket.getString("room"))).register(me);
    // The roster comes once the hub has admitted the socket: it is counted by then.
    family.message(me, "roster");
    return family;
  }

  private static BridgeClient relaySiteLinked(HubHarness harness, Vertx vertx, Centre centre) {
    Site site = harness.hub.centres()
        .createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), "Salle 1", 30, null, 1)).await();
    String coordinator = harness.login(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
    String code = harness.http.post("/api/v1/sites/" + site.id() + "/credentials")
        .bearerTokenAuthentication(coordinator).send().await().bodyAsJsonObject().getString("code");
    String credential = harness.http.post("/api/v1/sites/enrol").sendJsonObject(new JsonObject().put("code", code))
        .await().bodyAsJsonObject().getString("credential");
    String ticket = harness.http.post("/api/v1/site-link/ticket").bearerTokenAuthentication(credential).send().await()
        .bodyAsJsonObject().getString("ticket");
    BridgeClient relay = BridgeClient.connect(vertx, harness.hub.port(), "/live/websocket", ticket, null).await();
    String inbox = Addresses.siteInbox(site.id().toString());
    relay.register(inbox).send(Addresses.hubSites(), new SiteMessage.Hello("test", 0).toJson());
    // The hub answers a hello with the site's schedule, once the link is admitted and counted.
    relay.message(inbox, "schedule");
    return relay;
  }

  /** The names in a Prometheus text scrape: each sample's metric name. */
  private static Set<String> exposedNames(String scrape) {
    return scrape.lines().filter(line -> !line.isBlank() && !line.startsWith("#"))
        .map(line -> line.split("[{ ]", 2)[0]).collect(Collectors.toCollection(TreeSet::new));
  }

  private static Set<String> dashboardNames() {
    JsonObject dashboard = new JsonObject(OpsFiles.read("grafana/relais-hub.json"));
    Set<String> names = new TreeSet<>();
    for (Object panel : dashboard.getJsonArray("panels")) {
      JsonArray targets = ((JsonObject) panel).getJsonArray("targets", new JsonArray());
      targets.forEach(target -> names.addAll(OpsFiles.metricNames(((JsonObject) target).getString("expr"))));
    }
    for (Object variable : dashboard.getJsonObject("templating").getJsonArray("list")) {
      String definition = ((JsonObject) variable).getString("definition");
      if (definition != null) {
        Matcher labelValues = LABEL_VALUES.matcher(definition);
        assertThat(labelValues.matches()).as("a variable's query: %s", definition).isTrue();
        names.addAll(OpsFiles.metricNames(labelValues.group(1)));
      }
    }
    return names;
  }

  /** What the alert and recording rules read, less what the recording rules themselves make. */
  private static Set<String> ruleNames() {
    Set<String> names = new TreeSet<>();
    Set<String> recorded = new TreeSet<>();
    for (Map<String, Object> rule : OpsFiles.rules("prometheus/relais-rules.yml")) {
      names.addAll(OpsFiles.metricNames((String) rule.get("expr")));
      if (rule.get("record") != null) {
        recorded.add((String) rule.get("record"));
      }
    }
    names.removeAll(recorded);
    return names;
  }

  private static Set<String> missing(Set<String> used, Set<String> exposed) {
    Set<String> missing = new TreeSet<>(used);
    missing.removeAll(exposed);
    missing.removeAll(NOT_FROM_THE_HUB);
    return missing;
  }
}
