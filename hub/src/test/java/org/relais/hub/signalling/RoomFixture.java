package org.relais.hub.signalling;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/** A built-in room whose doors are open on the harness's clock, and families who join it. */
final class RoomFixture {
  /** A family in the room: its join token, its ticket answer, and its addresses. */
  record Family(String token, String peerId, String ticket, String room) {
    String me() {
      return Addresses.peer(room, peerId);
    }

    String roster() {
      return Addresses.roster(room);
    }
  }

  final HubHarness harness;
  final Session session;

  RoomFixture(HubHarness harness, String title) {
    this(harness, title, VideoMode.DIRECT, 20, null);
  }

  /** A class of {@code mode} taking {@code homeCapacity} families, taught by {@code instructorId} (or nobody). */
  RoomFixture(HubHarness harness, String title, VideoMode mode, int homeCapacity, UUID instructorId) {
    this.harness = harness;
    Centre centre = harness.centre("Centre " + title);
    Instant start = harness.clock.instant().plus(Duration.ofMinutes(5));
    this.session = harness.hub.schedule().createTrusted(new SessionDraft(title, Category.LANGUAGE, null, "fr",
        instructorId, centre.id(), start, start.plus(Duration.ofHours(2)), null, homeCapacity, mode, null)).await();
  }

  String register(String name) {
    String url = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject().getString("joinUrl");
    return url.substring(url.indexOf("/j/") + 3);
  }

  JsonObject ticketFor(String token) {
    var response = harness.http.post("/api/v1/join/" + token + "/ticket").send().await();
    if (response.statusCode() != 201) {
      throw new IllegalStateException("ticket refused: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  Family family(String name) {
    return admit(register(name));
  }

  Family admit(String token) {
    JsonObject ticket = ticketFor(token);
    return new Family(token, ticket.getString("peerId"), ticket.getString("ticket"), ticket.getString("room"));
  }
}
