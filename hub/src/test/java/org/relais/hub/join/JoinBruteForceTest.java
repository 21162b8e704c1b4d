package org.relais.hub.join;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * Someone tries 10,000 made-up tokens from one address: every one is refused, most by the rate limit,
 * and a family at another address opens its link meanwhile as if nothing happened.
 */
class JoinBruteForceTest {
  private static final int ATTEMPTS = 10_000;
  private static final int IN_FLIGHT = 32;

  @Test
  void refusesTenThousandGuessesAndKeepsServingOthers() {
    try (HubHarness harness = HubHarness.start("h2", Map.of("http.trustedProxies", "127.0.0.1",
        "join.requestsPerMinutePerAddress", "60"))) {
      Centre centre = harness.centre("Cyber-espace du Faubourg");
      Instant start = Instant.parse("2026-11-24T17:00:00Z");
      Session session = harness.hub.schedule().createTrusted(new SessionDraft("Premiers pas", Category.DIGITAL_SKILLS,
          null, "fr", null, centre.id(), start, start.plus(Duration.ofHours(1)), null, 10, VideoMode.DIRECT, null))
          .await();
      String url = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
          .sendJsonObject(new JsonObject().put("displayName", "Famille Martin")).await().bodyAsJsonObject()
          .getString("joinUrl");
      String familyPath = "/api/v1/join/" + url.substring(url.indexOf("/j/") + 3);

      Vertx attackerVertx = Vertx.vertx();
      WebClient attacker = WebClient.create(attackerVertx, new WebClientOptions().setDefaultHost("localhost")
          .setDefaultPort(harness.hub.port()), new PoolOptions().setHttp1MaxSize(IN_FLIGHT));
      Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
      AtomicInteger sent = new AtomicInteger();
      SecureRandom random = new SecureRandom();
      List<Future<Void>> workers = new ArrayList<>();
      for (int w = 0; w < IN_FLIGHT; w++) {
        workers.add(guess(attacker, random, sent, statuses));
      }

      // Meanwhile, the family (another address) opens its link again and again.
      List<Long> familyMillis = new ArrayList<>();
      while (sent.get() < ATTEMPTS) {
        long before = System.nanoTime();
        var answer = harness.http.get(familyPath).putHeader("X-Forwarded-For", "198.51.100.7").send().await();
        familyMillis.add((System.nanoTime() - before) / 1_000_000);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.bodyAsJsonObject().getString("state")).isEqualTo("EARLY");
        if (familyMillis.size() >= 50) {
          break;
        }
      }
      Future.all(workers).await();
      attacker.close();
      attackerVertx.close().await();

      int total = statuses.values().stream().mapToInt(AtomicInteger::get).sum();
      assertThat(total).isEqualTo(ATTEMPTS);
      assertThat(statuses.keySet()).containsOnly(404, 429);
      assertThat(statuses.get(429).get()).isGreaterThan(ATTEMPTS - 100);
      familyMillis.sort(null);
      long p95 = familyMillis.get((int) Math.ceil(familyMillis.size() * 0.95) - 1);
      System.out.printf("Brute force: %s; the family's p95 meanwhile %d ms over %d requests%n", statuses, p95,
          familyMillis.size());
      assertThat(p95).as("the family's p95 (ms) while under attack").isLessThan(1000);
    }
  }

  private static Future<Void> guess(WebClient attacker, SecureRandom random, AtomicInteger sent,
      Map<Integer, AtomicInteger> statuses) {
    if (sent.getAndIncrement() >= ATTEMPTS) {
      return Future.succeededFuture();
    }
    byte[] bytes = new byte[48];
    random.nextBytes(bytes);
    String token = "eyJhbGciOiJIUzI1NiIsImtpZCI6ImsxIn0." + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)
        + ".c2lnbmF0dXJl";
    return attacker.get("/api/v1/join/" + token).putHeader("X-Forwarded-For", "203.0.113.66").send()
        .compose(response -> {
          statuses.computeIfAbsent(response.statusCode(), code -> new AtomicInteger()).incrementAndGet();
          return guess(attacker, random, sent, statuses);
        });
  }
}
