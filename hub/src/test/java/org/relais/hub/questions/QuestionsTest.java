package org.relais.hub.questions;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Promise;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.buffer.Buffer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * Families ask the instructor questions from their join link during the class: one every 15 s per link,
 * 1 to 280 characters; the console lists them with the family's name, hears each as it comes on the session's
 * live address, and marks them answered; nobody outside the session reads them.
 */
class QuestionsTest {
  private static final Instant START = Instant.parse("2026-11-24T17:00:00Z");
  private HubHarness harness;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private String register(Session session, String name) {
    String url = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject().getString("joinUrl");
    return url.substring(url.indexOf("/j/") + 3);
  }

  private HttpResponse<Buffer> ask(String token, Object text) {
    return harness.http.post("/api/v1/join/" + token + "/questions")
        .sendJsonObject(new JsonObject().put("text", text)).await();
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.TestDatabase#kinds")
  void familiesAskAtAPaceAndTheConsoleListsAndMarksThem(String database) throws Exception {
    harness = HubHarness.start(database);
    Centre centre = harness.centre("Centre social Les Tisserands");
    StaffMember teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    StaffMember otherTeacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    Session session = harness.hub.schedule().createTrusted(new SessionDraft("Magie", Category.COOKING, null, "fr",
        teacher.id(), centre.id(), START, START.plus(Duration.ofHours(1)), null, 10, VideoMode.DIRECT, null)).await();
    String girard = register(session, "Famille Girard");
    String diallo = register(session, "Famille Diallo");
    List<JsonObject> heard = new CopyOnWriteArrayList<>();
    Promise<Void> threeHeard = Promise.promise();
    harness.hub.vertx().eventBus().<JsonObject>consumer(Addresses.sessionLive(session.id().toString()), message -> {
      if ("question".equals(message.body().getString("type"))) {
        heard.add(message.body().getJsonObject("question"));
        if (heard.size() == 3) {
          threeHeard.tryComplete();
        }
      }
    }).completion().await();

    // Before the doors open, there is no class to ask in.
    harness.clock.set(START.minus(Duration.ofHours(2)));
    assertThat(ask(girard, "Bonjour ?").statusCode()).isEqualTo(409);

    harness.clock.set(START.plus(Duration.ofMinutes(5)));
    HttpResponse<Buffer> asked = ask(girard, "  Comment fait-on disparaître la pièce ?  ");
    assertThat(asked.statusCode()).isEqualTo(201);
    assertThat(asked.bodyAsJsonObject().getString("text")).isEqualTo("Comment fait-on disparaître la pièce ?");
    assertThat(asked.bodyAsJsonObject().getBoolean("answered")).isFalse();
    assertThat(asked.bodyAsJsonObject().containsKey("displayName")).isFalse();

    // Too soon: refused, saying when to retry; another family is not held up by it.
    harness.clock.advance(Duration.ofSeconds(5));
    HttpResponse<Buffer> tooSoon = ask(girard, "Et la carte ?");
    assertThat(tooSoon.statusCode()).isEqualTo(429);
    assertThat(tooSoon.getHeader("Content-Type")).startsWith("application/problem+json");
    assertThat(tooSoon.bodyAsJsonObject().getInteger("retryAfter")).isEqualTo(10);
    assertThat(ask(diallo, "On peut le refaire ?").statusCode()).isEqualTo(201);
    harness.clock.advance(Duration.ofSeconds(11));
    assertThat(ask(girard, "Et la carte ?").statusCode()).isEqualTo(201);

    // Empty, too long, not text: refused by the contract (400); blank: an invalid value (422); never stored.
    Map<Object, Integer> refusals = Map.of("", 400, "   ", 422, "x".repeat(281), 400, 12, 400);
    refusals.forEach((bad, status) -> {
      harness.clock.advance(Duration.ofSeconds(20));
      HttpResponse<Buffer> refused = ask(diallo, bad);
      assertThat(refused.statusCode()).as("text %s: %s", bad, refused.bodyAsString()).isEqualTo(status);
      assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
      assertThat(refused.bodyAsJsonObject().getString("field")).isEqualTo("text");
    });
    assertThat(ask(diallo, "x".repeat(280)).statusCode()).isEqualTo(201);
    assertThat(ask("not-a-token", "Bonjour").statusCode()).isEqualTo(404);

    threeHeard.future().await(10, TimeUnit.SECONDS);
    assertThat(heard.get(0).getString("displayName")).isEqualTo("Famille Girard");

    String teacherToken = harness.login(teacher);
    String path = "/api/v1/sessions/" + session.id() + "/questions";
    JsonArray items = harness.send(HttpMethod.GET, path + "?date=2026-11-24", teacherToken, null).bodyAsJsonObject()
        .getJsonArray("items");
    assertThat(items).hasSize(4);
    assertThat(items.getJsonObject(0).getString("displayName")).isEqualTo("Famille Girard");
    assertThat(items.getJsonObject(1).getString("displayName")).isEqualTo("Famille Diallo");
    assertThat(harness.send(HttpMethod.GET, path + "?date=2026-11-25", teacherToken, null).bodyAsJsonObject()
        .getJsonArray("items")).isEmpty();
    assertThat(harness.send(HttpMethod.GET, path + "?date=demain", teacherToken, null).statusCode()).isEqualTo(400);
    assertThat(harness.send(HttpMethod.GET, path, teacherToken, null).statusCode()).isEqualTo(400);

    String first = items.getJsonObject(0).getString("id");
    HttpResponse<Buffer> marked = harness.send(HttpMethod.POST, path + "/" + first + "/answered", teacherToken, null);
    assertThat(marked.statusCode()).isEqualTo(200);
    assertThat(marked.bodyAsJsonObject().getBoolean("answered")).isTrue();
    Instant answeredAt = Instant.parse(marked.bodyAsJsonObject().getString("answeredAt"));
    harness.clock.advance(Duration.ofMinutes(1));
    // Marking again keeps the first time.
    assertThat(Instant.parse(harness.send(HttpMethod.POST, path + "/" + first + "/answered", teacherToken, null)
        .bodyAsJsonObject().getString("answeredAt"))).isEqualTo(answeredAt);
    assertThat(harness.send(HttpMethod.POST, path + "/" + java.util.UUID.randomUUID() + "/answered", teacherToken,
        null).statusCode()).isEqualTo(404);

    // Another instructor has no business reading them, or marking them.
    String otherToken = harness.login(otherTeacher);
    assertThat(harness.send(HttpMethod.GET, path + "?date=2026-11-24", otherToken, null).statusCode()).isEqualTo(403);
    assertThat(harness.send(HttpMethod.POST, path + "/" + first + "/answered", otherToken, null).statusCode())
        .isEqualTo(403);
    assertThat(harness.get(path + "?date=2026-11-24").statusCode()).isEqualTo(401);
  }
}
