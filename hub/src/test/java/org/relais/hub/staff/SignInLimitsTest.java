package org.relais.hub.staff;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Role;

/**
 * Sign-in limits over real HTTP, behind a trusted proxy on 127.0.0.1 so that each test can speak from several
 * client addresses: an attacker slows down, the person does not get locked out, a flood does not queue.
 */
class SignInLimitsTest {
  private static final String HOME = "198.51.100.10";
  private static final String ATTACKER = "203.0.113.66";

  private static HttpResponse<Buffer> login(HubHarness harness, String from, String email, String password) {
    return harness.http.post("/api/v1/auth/login").putHeader("X-Forwarded-For", from)
        .sendJsonObject(new JsonObject().put("email", email).put("password", password)).await();
  }

  @Test
  void anAttackerElsewhereWaitsWhileThePersonSignsInAsUsual() {
    try (HubHarness harness = HubHarness.start("h2", Map.of("http.trustedProxies", "127.0.0.1"))) {
      StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of());

      for (int i = 0; i < 5; i++) {
        assertThat(login(harness, ATTACKER, instructor.email(), "guess " + i).statusCode()).isEqualTo(401);
      }
      HttpResponse<Buffer> slowed = login(harness, ATTACKER, instructor.email(), "guess 6");
      assertThat(slowed.statusCode()).isEqualTo(429);
      assertThat(slowed.getHeader("Content-Type")).isEqualTo("application/problem+json");
      assertThat(Integer.parseInt(slowed.getHeader("Retry-After"))).as("a delay of seconds").isBetween(1, 15);
      // Even the right password waits from the attacker's address...
      assertThat(login(harness, ATTACKER, instructor.email(), HubHarness.PASSWORD).statusCode()).isEqualTo(429);
      // ...while from the person's own address it works, again and again.
      for (int i = 0; i < 8; i++) {
        assertThat(login(harness, HOME, instructor.email(), HubHarness.PASSWORD).statusCode()).isEqualTo(200);
      }
    }
  }

  @Test
  void guessingFromManyAddressesMeetsTheAccountCeilingButNotItsOwnerAtTheirUsualAddress() {
    try (HubHarness harness = HubHarness.start("h2", Map.of("http.trustedProxies", "127.0.0.1",
        "auth.failuresPerMinutePerAccount", "10"))) {
      StaffMember person = harness.staff(Role.INSTRUCTOR, Set.of());
      assertThat(login(harness, HOME, person.email(), HubHarness.PASSWORD).statusCode()).isEqualTo(200);

      for (int address = 1; address <= 5; address++) {
        for (int i = 0; i < 2; i++) {
          assertThat(login(harness, "203.0.113." + address, person.email(), "guess " + i).statusCode())
              .isEqualTo(401);
        }
      }
      assertThat(login(harness, "203.0.113.6", person.email(), "guess").statusCode()).as("past the ceiling")
          .isEqualTo(429);
      assertThat(login(harness, "192.0.2.200", person.email(), HubHarness.PASSWORD).statusCode())
          .as("from an address the account never used").isEqualTo(429);
      assertThat(login(harness, HOME, person.email(), HubHarness.PASSWORD).statusCode())
          .as("from the owner's usual address").isEqualTo(200);
      StaffMember other = harness.staff(Role.INSTRUCTOR, Set.of());
      assertThat(login(harness, "203.0.113.6", other.email(), HubHarness.PASSWORD).statusCode())
          .as("another account").isEqualTo(200);
    }
  }

  @Test
  void aFloodOfSignInsIsRefusedAtOnceBeyondTheHashingCap() {
    int flood = 48;
    try (HubHarness harness = HubHarness.start("h2", Map.of("http.trustedProxies", "127.0.0.1",
        "auth.maxConcurrentHashes", "1", "auth.loginsPerMinutePerAddress", "1000"))) {
      StaffMember coordinator = harness.staff(Role.ADMIN, Set.of());
      Vertx clientVertx = Vertx.vertx();
      WebClient client = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("localhost")
          .setDefaultPort(harness.hub.port()), new PoolOptions().setHttp1MaxSize(flood));
      try {
        List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
        for (int i = 0; i < flood; i++) {
          // Unknown e-mails from fresh addresses: each would cost a full decoy hash.
          answers.add(client.post("/api/v1/auth/login").putHeader("X-Forwarded-For", "203.0.113." + i)
              .sendJsonObject(new JsonObject().put("email", "nobody" + i + "@relais.test")
                  .put("password", "random guess " + i)));
        }
        Future.join(answers).await();

        Map<Integer, Integer> statuses = new TreeMap<>();
        for (Future<HttpResponse<Buffer>> answer : answers) {
          HttpResponse<Buffer> response = answer.result();
          statuses.merge(response.statusCode(), 1, Integer::sum);
          if (response.statusCode() == 503) {
            assertThat(response.getHeader("Retry-After")).isEqualTo("1");
            assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
            assertThat(response.bodyAsJsonObject().getString("type")).isEqualTo("urn:relais:problem:busy");
          }
        }
        assertThat(statuses.keySet()).as("statuses %s", statuses).containsOnly(401, 503);
        assertThat(statuses.get(503)).as("refused at once, not queued: %s", statuses).isGreaterThan(flood / 2);
      } finally {
        clientVertx.close().await();
      }
      // The flood over, the cap is free again and a busy answer cost nobody a failure.
      assertThat(login(harness, "203.0.113.0", coordinator.email(), HubHarness.PASSWORD).statusCode())
          .isEqualTo(200);
    }
  }
}
