package org.relais.hub;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;

class HubApplicationTest {

  static java.util.stream.Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void keepsSessionsAccountsAndTheSigningKeyAcrossARestart(String kind) throws Exception {
    HubHarness first = HubHarness.start(kind);
    Centre centre = first.centre("Les Tisserands");
    StaffMember coordinator = first.staff(Role.COORDINATOR, Set.of(centre.id()));
    String token = first.login(coordinator);
    String id = first.send(HttpMethod.POST, "/api/v1/sessions", token, Fixtures.session("Couscous",
        centre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z")).bodyAsJsonObject().getString("id");
    first.stopHub();

    HubHarness second = HubHarness.startOn(first.database(), first.dataDir, Map.of(), first.clock);
    try {
      assertThat(second.get("/api/v1/sessions/" + id).bodyAsJsonObject().getString("title")).isEqualTo("Couscous");
      // A token signed before the restart still works: the generated key is kept in the database.
      assertThat(second.send(HttpMethod.GET, "/api/v1/auth/me", token, null).statusCode()).isEqualTo(200);
    } finally {
      second.close();
    }
  }

  @Test
  void answersHealthAndReadinessToAnyoneAndMetricsOnlyToTheScraper() {
    String token = "scraper-token-0123456789abcdefghijkl";
    try (HubHarness harness = HubHarness.start("h2", Map.of("metrics.bearerToken", token))) {
      harness.get("/api/v1/sessions");

      HttpResponse<Buffer> health = harness.get("/health");
      HttpResponse<Buffer> ready = harness.get("/ready");
      HttpResponse<Buffer> metrics = harness.http.get("/metrics").bearerTokenAuthentication(token).send().await();

      assertThat(health.statusCode()).isEqualTo(200);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(ready.bodyAsJsonObject().getString("outcome")).isEqualTo("UP");
      assertThat(metrics.statusCode()).isEqualTo(200);
      assertThat(metrics.bodyAsString()).contains("vertx_http_server_requests_total").contains("jvm_memory_used_bytes")
          .contains("relais_access_log_dropped_total 0.0");

      for (HttpResponse<Buffer> refused : List.of(harness.get("/metrics"),
          harness.http.get("/metrics").bearerTokenAuthentication(token + "x").send().await(),
          harness.http.get("/metrics").putHeader("Authorization", "Basic " + token).send().await())) {
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
        assertThat(refused.bodyAsString()).doesNotContain("jvm_");
      }
    }
  }

  @Test
  void servesNoMetricsWithoutAScraperToken() {
    try (HubHarness harness = HubHarness.start("h2")) {
      HttpResponse<Buffer> metrics = harness.http.get("/metrics").bearerTokenAuthentication("anything").send().await();

      assertThat(metrics.statusCode()).isEqualTo(404);
      assertThat(metrics.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(harness.get("/health").statusCode()).isEqualTo(200);
      assertThat(harness.get("/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void publishesItsOpenApiContractWithItsOwnAddress() {
    try (HubHarness harness = HubHarness.start("h2")) {
      JsonObject contract = harness.get("/api/v1/openapi.json").bodyAsJsonObject();

      assertThat(contract.getString("openapi")).isEqualTo("3.1.0");
      assertThat(contract.getJsonArray("servers").getJsonObject(0).getString("url"))
          .isEqualTo("http://localhost:" + harness.hub.port() + "/api/v1");
      assertThat(contract.getJsonObject("paths").fieldNames()).contains("/sessions", "/centres", "/auth/login");
    }
  }

  @Test
  void answersAnUnknownAddressWithAProblem() {
    try (HubHarness harness = HubHarness.start("h2")) {
      HttpResponse<Buffer> missing = harness.get("/api/v1/nothing-here");
      HttpResponse<Buffer> wrongMethod = harness.http.request(HttpMethod.PATCH, "/api/v1/sessions").send().await();

      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(missing.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(wrongMethod.statusCode()).isIn(404, 405);
      assertThat(wrongMethod.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
  }
}
