package org.relais.hub.jitsi;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.join.Attendance;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/** Prosody's event_sync component, faked: it is outside our system. */
class JitsiEventsTest {
  private static final String WEBHOOK_SECRET = "event-sync-bearer-secret";
  private static final Instant START = Instant.parse("2026-11-24T17:00:00Z");
  private HubHarness harness;
  private Session session;
  private String registrationId;

  private void start(String database) {
    harness = HubHarness.start(database, Map.of("jitsi.domain", "meet.relais.example", "jitsi.appId", "relais",
        "jitsi.appSecret", "prosody-app-secret-0123456789abcdef", "jitsi.webhookSecret", WEBHOOK_SECRET));
    Centre centre = harness.centre("Centre social Les Tisserands");
    session = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine", Category.COOKING, null, "fr", null,
        centre.id(), START, START.plus(Duration.ofHours(2)), null, 10, VideoMode.JITSI, null)).await();
    registrationId = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", "Famille Benali")).await().bodyAsJsonObject()
        .getString("id");
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private HttpResponse<Buffer> send(String path, String secret, JsonObject event) {
    var request = harness.http.post("/api/v1/integrations/jitsi/events/" + path);
    if (secret != null) {
      request.bearerTokenAuthentication(secret);
    }
    return request.sendJsonObject(event).await();
  }

  private JsonObject occupant(String event, String room, String id, long joinedAt, Long leftAt) {
    JsonObject occupant = new JsonObject().put("id", id).put("name", "Famille Benali")
        .put("occupant_jid", "6f3c@meet.relais.example/abc").put("joined_at", joinedAt);
    if (leftAt != null) {
      occupant.put("left_at", leftAt);
    }
    return new JsonObject().put("event_name", event).put("room_name", room)
        .put("room_jid", room + "@conference.meet.relais.example").put("is_breakout", false)
        .put("active_occupants_count", 1).put("occupant", occupant);
  }

  private Attendance.Counts counts() {
    return harness.hub.attendance().count(session.id()).await();
  }

  @Test
  void turnsOurOccupantsIntoAttendanceOnceEvenWhenRetried() {
    start("h2");
    long joined = START.getEpochSecond();
    JsonObject joinedEvent = occupant("muc-occupant-joined", session.roomName(), registrationId, joined, null);

    assertThat(send("room/created", WEBHOOK_SECRET, new JsonObject().put("event_name", "muc-room-created")
        .put("room_name", session.roomName()).put("created_at", joined)).statusCode()).isEqualTo(204);
    assertThat(send("occupant/joined", WEBHOOK_SECRET, joinedEvent).statusCode()).isEqualTo(204);
    assertThat(send("occupant/joined", WEBHOOK_SECRET, joinedEvent).statusCode()).isEqualTo(204);
    assertThat(counts()).isEqualTo(new Attendance.Counts(1, 1));

    assertThat(send("occupant/left", WEBHOOK_SECRET, occupant("muc-occupant-left", session.roomName(), registrationId,
        joined, joined + 3000)).statusCode()).isEqualTo(204);
    assertThat(counts()).isEqualTo(new Attendance.Counts(1, 0));
  }

  @ParameterizedTest
  @MethodSource("org.relais.hub.testing.TestDatabase#kinds")
  void aRoomsOccupantCountsAndItsLinksStillOpenRightAfter(String database) {
    start(database);
    Site site = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), session.draft().centreId(),
        "Salle polyvalente", 30, null, 1)).await();
    String coordinator = harness.login(harness.staff(Role.COORDINATOR, Set.of(session.draft().centreId())));
    JsonObject booking = harness.send(HttpMethod.POST, "/api/v1/sessions/" + session.id() + "/bookings", coordinator,
        new JsonObject().put("siteId", site.id().toString()).put("expectedHeadCount", 12)).bodyAsJsonObject();
    harness.clock.set(START);
    long joined = START.getEpochSecond();

    assertThat(send("occupant/joined", WEBHOOK_SECRET, occupant("muc-occupant-joined", session.roomName(),
        booking.getString("id"), joined, null)).statusCode()).isEqualTo(204);

    assertThat(counts()).isEqualTo(new Attendance.Counts(1, 1));
    for (String link : List.of("screenUrl", "animatorUrl")) {
      String url = booking.getString(link);
      JsonObject opened = harness.get("/api/v1/join/" + url.substring(url.indexOf("/j/") + 3)).bodyAsJsonObject();
      assertThat(opened.getString("state")).as(link).isEqualTo("OPEN");
      assertThat(opened.getJsonObject("video").getString("mode")).isEqualTo("JITSI");
    }
    assertThat(send("occupant/left", WEBHOOK_SECRET, occupant("muc-occupant-left", session.roomName(),
        booking.getString("id"), joined, joined + 600)).statusCode()).isEqualTo(204);
    assertThat(counts()).isEqualTo(new Attendance.Counts(1, 0));
  }

  @Test
  void ignoresUnknownRoomsAndPeopleWithoutComplaining() {
    start("h2");
    long now = START.getEpochSecond();
    assertThat(send("occupant/joined", WEBHOOK_SECRET, occupant("muc-occupant-joined", "some-other-room",
        registrationId, now, null)).statusCode()).isEqualTo(204);
    assertThat(send("occupant/joined", WEBHOOK_SECRET, occupant("muc-occupant-joined", session.roomName(),
        UUID.randomUUID().toString(), now, null)).statusCode()).isEqualTo(204);
    assertThat(send("occupant/joined", WEBHOOK_SECRET, occupant("muc-occupant-joined", session.roomName(),
        "not-one-of-ours", now, null)).statusCode()).isEqualTo(204);
    assertThat(send("room/destroyed", WEBHOOK_SECRET, new JsonObject().put("event_name", "muc-room-destroyed")
        .put("room_name", "unknown")).statusCode()).isEqualTo(204);
    assertThat(counts()).isEqualTo(new Attendance.Counts(0, 0));
  }

  @Test
  void refusesEventsWithoutTheSecret() {
    start("h2");
    JsonObject event = occupant("muc-occupant-joined", session.roomName(), registrationId, START.getEpochSecond(), null);

    HttpResponse<Buffer> none = send("occupant/joined", null, event);
    HttpResponse<Buffer> wrong = send("occupant/joined", "guess", event);

    assertThat(none.statusCode()).isEqualTo(401);
    assertThat(wrong.statusCode()).isEqualTo(401);
    assertThat(wrong.bodyAsJsonObject()).isEqualTo(none.bodyAsJsonObject());
    assertThat(counts()).isEqualTo(new Attendance.Counts(0, 0));
  }
}
