package org.relais.hub.staff;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Role;

class StaffApiTest {
  private HubHarness harness;
  private Centre centre;
  private Centre otherCentre;
  private StaffMember admin;
  private StaffMember coordinator;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    centre = harness.centre("Les Tisserands");
    otherCentre = harness.centre("La Passerelle");
    admin = harness.staff(Role.ADMIN, Set.of());
    coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private static JsonObject person(String email, Role role, Centre... centres) {
    JsonArray ids = new JsonArray();
    for (Centre c : centres) {
      ids.add(c.id().toString());
    }
    return new JsonObject().put("email", email).put("displayName", "Karim Haddad").put("role", role.name())
        .put("centreIds", ids).put("password", "une phrase assez longue");
  }

  @Test
  void signsInWithATokenThatExpiresAfterItsLifetime() {
    HttpResponse<Buffer> login = harness.http.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", coordinator.email().toUpperCase())
            .put("password", HubHarness.PASSWORD)).await();

    assertThat(login.statusCode()).isEqualTo(200);
    String token = login.bodyAsJsonObject().getString("token");
    assertThat(Instant.parse(login.bodyAsJsonObject().getString("expiresAt")))
        .isEqualTo(HubHarness.START.plus(Duration.ofHours(8)));
    HttpResponse<Buffer> me = harness.send(HttpMethod.GET, "/api/v1/auth/me", token, null);
    assertThat(me.statusCode()).isEqualTo(200);
    assertThat(me.bodyAsJsonObject().getString("role")).isEqualTo("COORDINATOR");
    assertThat(me.bodyAsJsonObject().containsKey("password")).isFalse();

    harness.clock.advance(Duration.ofHours(8));
    assertThat(harness.send(HttpMethod.GET, "/api/v1/auth/me", token, null).statusCode()).isEqualTo(401);
  }

  @Test
  void refusesAWrongPasswordAndAnUnknownAccountAlike() {
    HttpResponse<Buffer> wrong = harness.http.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", coordinator.email()).put("password", "not it")).await();
    HttpResponse<Buffer> unknown = harness.http.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", "nobody@relais.test").put("password", "not it")).await();

    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(unknown.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsJsonObject()).isEqualTo(unknown.bodyAsJsonObject());
  }

  @Test
  void aCoordinatorManagesInstructorsOfItsOwnCentresOnly() {
    String token = harness.login(coordinator);

    HttpResponse<Buffer> created = harness.send(HttpMethod.POST, "/api/v1/staff", token,
        person("karim@relais.test", Role.INSTRUCTOR, centre));
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.bodyAsJsonObject().getString("email")).isEqualTo("karim@relais.test");
    assertThat(created.bodyAsJsonObject().containsKey("password")).isFalse();

    assertThat(harness.send(HttpMethod.POST, "/api/v1/staff", token,
        person("elsewhere@relais.test", Role.INSTRUCTOR, otherCentre)).statusCode()).isEqualTo(403);
    assertThat(harness.send(HttpMethod.POST, "/api/v1/staff", token,
        person("boss@relais.test", Role.ADMIN)).statusCode()).isEqualTo(403);
    assertThat(harness.send(HttpMethod.POST, "/api/v1/staff", token,
        person("peer@relais.test", Role.COORDINATOR, centre)).statusCode()).isEqualTo(403);
    assertThat(harness.send(HttpMethod.POST, "/api/v1/staff", harness.login(admin),
        person("peer@relais.test", Role.COORDINATOR, centre, otherCentre)).statusCode()).isEqualTo(201);
  }

  @Test
  void aDuplicateEmailIsAConflict() {
    String token = harness.login(admin);
    harness.send(HttpMethod.POST, "/api/v1/staff", token, person("karim@relais.test", Role.INSTRUCTOR, centre));

    HttpResponse<Buffer> again = harness.send(HttpMethod.POST, "/api/v1/staff", token,
        person("Karim@Relais.test", Role.INSTRUCTOR, centre));

    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.bodyAsJsonObject().getString("field")).isEqualTo("email");
  }

  @Test
  void aChangedRoleTakesEffectAtOnceAndADeletedAccountIsLockedOut() {
    String adminToken = harness.login(admin);
    JsonObject karim = harness.send(HttpMethod.POST, "/api/v1/staff", adminToken,
        person("karim@relais.test", Role.INSTRUCTOR, centre)).bodyAsJsonObject();
    String karimToken = harness.http.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("email", "karim@relais.test").put("password", "une phrase assez longue")).await()
        .bodyAsJsonObject().getString("token");
    assertThat(harness.send(HttpMethod.GET, "/api/v1/staff", karimToken, null).statusCode()).isEqualTo(403);

    HttpResponse<Buffer> promoted = harness.request(HttpMethod.PUT, "/api/v1/staff/" + karim.getString("id"),
        adminToken).putHeader("If-Match", "\"1\"").sendJsonObject(person("karim@relais.test", Role.COORDINATOR,
        centre).put("displayName", "Karim H.")).await();
    assertThat(promoted.statusCode()).isEqualTo(200);
    assertThat(promoted.getHeader("ETag")).isEqualTo("\"2\"");
    assertThat(harness.send(HttpMethod.GET, "/api/v1/staff", karimToken, null).statusCode()).isEqualTo(200);

    assertThat(harness.send(HttpMethod.DELETE, "/api/v1/staff/" + karim.getString("id"), adminToken, null)
        .statusCode()).isEqualTo(204);
    assertThat(harness.send(HttpMethod.GET, "/api/v1/auth/me", karimToken, null).statusCode()).isEqualTo(401);
  }

  @Test
  void nobodyDeletesTheirOwnAccount() {
    String token = harness.login(admin);
    HttpResponse<Buffer> self = harness.send(HttpMethod.DELETE, "/api/v1/staff/" + admin.id(), token, null);

    assertThat(self.statusCode()).isEqualTo(409);
    assertThat(harness.send(HttpMethod.GET, "/api/v1/auth/me", token, null).statusCode()).isEqualTo(200);
  }

  @Test
  void limitsLoginAttemptsPerAccount() {
    JsonObject wrong = new JsonObject().put("email", coordinator.email()).put("password", "guess");
    for (int i = 0; i < 5; i++) {
      assertThat(harness.http.post("/api/v1/auth/login").sendJsonObject(wrong).await().statusCode()).isEqualTo(401);
    }
    HttpResponse<Buffer> limited = harness.http.post("/api/v1/auth/login").sendJsonObject(
        new JsonObject().put("email", coordinator.email()).put("password", HubHarness.PASSWORD)).await();

    assertThat(limited.statusCode()).isEqualTo(429);
    assertThat(Integer.parseInt(limited.getHeader("Retry-After"))).isBetween(1, 60);
    assertThat(harness.login(admin)).isNotBlank();
  }
}
