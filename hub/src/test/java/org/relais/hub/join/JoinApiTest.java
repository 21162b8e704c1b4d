package org.relais.hub.join;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

class JoinApiTest {
  private static final String JITSI_SECRET = "prosody-app-secret-0123456789abcdef";
  private static final Instant START = Instant.parse("2026-11-24T17:00:00Z");
  private HubHarness harness;

  @AfterEach
  void stop() {
    harness.close();
  }

  private void start(Map<String, String> config) {
    harness = HubHarness.start("h2", config);
  }

  private Session session(Centre centre, StaffMember instructor, VideoMode mode, Recurrence recurrence) {
    return harness.hub.schedule().createTrusted(new SessionDraft("Magie pour petits et grands", Category.MAGIC, null,
        "fr", instructor == null ? null : instructor.id(), centre.id(), START, START.plus(Duration.ofHours(1)),
        recurrence, 10, mode, null)).await();
  }

  private String register(Session session, String name) {
    String url = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject().getString("joinUrl");
    return url.substring(url.indexOf("/j/") + 3);
  }

  private HttpResponse<Buffer> descriptor(String token) {
    return harness.get("/api/v1/join/" + token);
  }

  private String state(String token) {
    return descriptor(token).bodyAsJsonObject().getString("state");
  }

  @Test
  void opensFifteenMinutesBeforeEachSittingAndClosesHalfAnHourAfter() {
    start(Map.of());
    Centre centre = harness.centre("Tiers-lieu La Passerelle");
    Session weekly = session(centre, null, VideoMode.DIRECT, new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 2));
    String token = register(weekly, "Famille Lemaire");

    JsonObject early = descriptor(token).bodyAsJsonObject();
    assertThat(early.getString("state")).isEqualTo("EARLY");
    assertThat(early.getString("opensAt")).isEqualTo("2026-11-24T17:45:00+01:00");
    assertThat(early.getString("closesAt")).isEqualTo("2026-11-24T19:30:00+01:00");
    assertThat(early.getValue("video")).isNull();
    assertThat(early.getString("role")).isEqualTo("PARTICIPANT");
    assertThat(early.getString("displayName")).isEqualTo("Famille Lemaire");

    harness.clock.set(START.minus(Duration.ofMinutes(15)).minusSeconds(1));
    assertThat(state(token)).isEqualTo("EARLY");
    harness.clock.set(START.minus(Duration.ofMinutes(15)));
    JsonObject open = descriptor(token).bodyAsJsonObject();
    assertThat(open.getString("state")).isEqualTo("OPEN");
    assertThat(open.getJsonObject("video").getString("mode")).isEqualTo("DIRECT");
    assertThat(open.getJsonObject("video").getString("room")).isEqualTo(weekly.roomName()).isLowerCase();
    assertThat(open.getJsonObject("video").getString("bridge")).endsWith("/eventbus/websocket");
    assertThat(open.getJsonObject("video").getString("iceTransportPolicy")).isEqualTo("all");

    // Once today's sitting is over, the link says so and names next Tuesday's; the next day, it waits for it.
    harness.clock.set(START.plus(Duration.ofMinutes(90)));
    JsonObject over = descriptor(token).bodyAsJsonObject();
    assertThat(over.getString("state")).isEqualTo("ENDED");
    assertThat(over.getJsonObject("next").getString("start")).isEqualTo("2026-12-01T18:00:00+01:00");
    harness.clock.set(START.plus(Duration.ofDays(1)));
    JsonObject between = descriptor(token).bodyAsJsonObject();
    assertThat(between.getString("state")).isEqualTo("EARLY");
    assertThat(between.getJsonObject("session").getString("start")).isEqualTo("2026-12-01T18:00:00+01:00");

    harness.clock.set(START.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(90)));
    assertThat(state(token)).isEqualTo("ENDED");
  }

  @Test
  void aCancelledSessionOrRegistrationClosesTheLinkAtOnce() {
    start(Map.of());
    Centre centre = harness.centre("Tiers-lieu La Passerelle");
    Session session = session(centre, null, VideoMode.DIRECT, null);
    String token = register(session, "Famille A");
    harness.clock.set(START);
    assertThat(state(token)).isEqualTo("OPEN");

    String admin = harness.login(harness.staff(Role.ADMIN, Set.of()));
    String registrationId = harness.send(HttpMethod.GET, "/api/v1/sessions/" + session.id() + "/registrations", admin,
        null).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");
    harness.send(HttpMethod.POST, "/api/v1/registrations/" + registrationId + "/cancel", admin, null);
    assertThat(state(token)).isEqualTo("REVOKED");

    String other = register(session, "Famille B");
    harness.send(HttpMethod.POST, "/api/v1/sessions/" + session.id() + "/cancel", admin, null);
    assertThat(state(other)).isEqualTo("CANCELLED");
  }

  @Test
  void answersTheSame404ForEveryLinkThatIsNotOurs() {
    start(Map.of());
    Centre centre = harness.centre("Tiers-lieu La Passerelle");
    String token = register(session(centre, null, VideoMode.DIRECT, null), "Famille A");
    String[] parts = token.split("\\.");
    String header = new String(Base64.getUrlDecoder().decode(parts[0]), StandardCharsets.UTF_8);
    String none = Base64.getUrlEncoder().withoutPadding().encodeToString(header.replace("HS256", "none")
        .getBytes(StandardCharsets.UTF_8));

    List<String> forged = List.of(
        parts[0] + "." + parts[1] + "." + parts[2].substring(0, parts[2].length() - 2) + "AA",
        parts[0] + "." + parts[1].substring(0, parts[1].length() - 1) + "." + parts[2],
        none + "." + parts[1] + ".",
        "garbage",
        "1.5",
        "true",
        "%22quoted%22",
        "eyJhbGciOiJIUzI1NiJ9.e30.",
        "x".repeat(3000));
    JsonObject first = null;
    for (String token2 : forged) {
      HttpResponse<Buffer> response = descriptor(token2);
      assertThat(response.statusCode()).as(token2).isEqualTo(404);
      assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
      if (first == null) {
        first = response.bodyAsJsonObject();
      }
      assertThat(response.bodyAsJsonObject()).as(token2).isEqualTo(first);
    }
    assertThat(first.getString("type")).isEqualTo("urn:relais:problem:unknown-link");
  }

  @Test
  void givesJitsiRoomsTokensAndModeratorRightsToInstructorsAndAnimatorsOnly() throws Exception {
    start(Map.of("jitsi.domain", "meet.relais.example", "jitsi.appId", "relais", "jitsi.appSecret", JITSI_SECRET));
    Centre centre = harness.centre("Centre social Les Tisserands");
    Site room = harness.hub.centres().createSiteTrusted(new Site(java.util.UUID.randomUUID(), centre.id(),
        "Salle polyvalente", 30, null, 1)).await();
    StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    Session session = session(centre, instructor, VideoMode.JITSI, null);
    String family = register(session, "Famille Benali");
    StaffMember coordinatorAccount = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    String coordinator = harness.login(coordinatorAccount);
    JsonObject booking = harness.send(HttpMethod.POST, "/api/v1/sessions/" + session.id() + "/bookings", coordinator,
        new JsonObject().put("siteId", room.id().toString()).put("expectedHeadCount", 12)).bodyAsJsonObject();
    JsonObject links = harness.send(HttpMethod.GET, "/api/v1/sessions/" + session.id() + "/join-links",
        harness.login(instructor), null).bodyAsJsonObject();
    String teacher = tokenOf(links.getJsonObject("instructor").getString("url"));
    String screen = tokenOf(booking.getString("screenUrl"));
    String animator = tokenOf(booking.getString("animatorUrl"));
    harness.clock.set(START);

    Map<String, Boolean> moderators = Map.of(family, false, teacher, true, screen, false, animator, true);
    for (var entry : moderators.entrySet()) {
      JsonObject video = descriptor(entry.getKey()).bodyAsJsonObject().getJsonObject("video");
      assertThat(video.getString("mode")).isEqualTo("JITSI");
      assertThat(video.getString("domain")).isEqualTo("meet.relais.example");
      assertThat(video.getString("room")).isEqualTo(session.roomName());
      SignedJWT jwt = SignedJWT.parse(video.getString("jwt"));
      assertThat(jwt.verify(new MACVerifier(JITSI_SECRET))).isTrue();
      assertThat(jwt.getJWTClaimsSet().getStringClaim("room")).isEqualTo(session.roomName());
      @SuppressWarnings("unchecked")
      Map<String, Object> user = (Map<String, Object>) jwt.getJWTClaimsSet().getJSONObjectClaim("context").get("user");
      assertThat(user.get("moderator")).isEqualTo(String.valueOf(entry.getValue()));
    }
    assertThat(descriptor(teacher).bodyAsJsonObject().getString("role")).isEqualTo("INSTRUCTOR");
    assertThat(descriptor(screen).bodyAsJsonObject().getString("role")).isEqualTo("SITE_SCREEN");

    // Cancelling the booking revokes both of the room's links; the family's stays.
    assertThat(harness.send(HttpMethod.POST, "/api/v1/bookings/" + booking.getString("id") + "/cancel",
        harness.login(coordinatorAccount), null).statusCode()).isEqualTo(200);
    assertThat(state(screen)).isEqualTo("REVOKED");
    assertThat(state(animator)).isEqualTo("REVOKED");
    assertThat(state(family)).isEqualTo("OPEN");
  }

  private static String tokenOf(String url) {
    return url.substring(url.indexOf("/j/") + 3);
  }

  @Test
  void aRoomHostsOneSessionAtATimeAndOnlyItsCentreBooksIt() {
    start(Map.of());
    Centre centre = harness.centre("Centre social Les Tisserands");
    Centre other = harness.centre("Médiathèque des Moulins");
    Site room = harness.hub.centres().createSiteTrusted(new Site(java.util.UUID.randomUUID(), centre.id(),
        "Salle polyvalente", 20, null, 1)).await();
    Session weekly = session(centre, null, VideoMode.DIRECT, new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 3));
    Session overlapping = harness.hub.schedule().createTrusted(new SessionDraft("Tricot", Category.CRAFTS, null, "fr",
        null, centre.id(), START.plus(Duration.ofDays(14)).plus(Duration.ofMinutes(30)),
        START.plus(Duration.ofDays(14)).plus(Duration.ofMinutes(120)), null, 10, VideoMode.DIRECT, null)).await();
    String animator = harness.login(harness.staff(Role.ANIMATOR, Set.of(centre.id())));
    String stranger = harness.login(harness.staff(Role.ANIMATOR, Set.of(other.id())));
    JsonObject book = new JsonObject().put("siteId", room.id().toString()).put("expectedHeadCount", 12);

    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions/" + weekly.id() + "/bookings", stranger, book)
        .statusCode()).isEqualTo(403);
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions/" + weekly.id() + "/bookings", animator,
        book.copy().put("expectedHeadCount", 21)).statusCode()).isEqualTo(422);
    HttpResponse<Buffer> booked = harness.send(HttpMethod.POST, "/api/v1/sessions/" + weekly.id() + "/bookings",
        animator, book);
    assertThat(booked.statusCode()).isEqualTo(201);
    assertThat(booked.bodyAsJsonObject().getString("screenUrl")).contains("/j/");
    HttpResponse<Buffer> clash = harness.send(HttpMethod.POST, "/api/v1/sessions/" + overlapping.id() + "/bookings",
        animator, book);
    assertThat(clash.statusCode()).isEqualTo(409);
    assertThat(clash.bodyAsJsonObject().getString("field")).isEqualTo("siteId");
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions/" + weekly.id() + "/bookings", animator, book)
        .statusCode()).isEqualTo(409);

    harness.send(HttpMethod.POST, "/api/v1/bookings/" + booked.bodyAsJsonObject().getString("id") + "/cancel",
        animator, null);
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions/" + overlapping.id() + "/bookings", animator, book)
        .statusCode()).isEqualTo(201);
  }
}
