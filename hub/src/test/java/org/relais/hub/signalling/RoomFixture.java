package org.relais.hub.signalling;

import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
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
  final Centre centre;
  final StaffMember instructor;
  final Session session;
  /** Families a built-in room of eight seats takes beside its instructor and one booked room. */
  static final int FAMILIES = 5;

  RoomFixture(HubHarness harness, String title) {
    this(harness, title, false);
  }

  /** A room, taught by an instructor of the centre when {@code taught}. */
  RoomFixture(HubHarness harness, String title, boolean taught) {
    this(harness, title, VideoMode.DIRECT, FAMILIES, taught, null);
  }

  /** A class of {@code mode} taking {@code homeCapacity} families, taught by {@code instructorId} (or nobody). */
  RoomFixture(HubHarness harness, String title, VideoMode mode, int homeCapacity, UUID instructorId) {
    this(harness, title, mode, homeCapacity, false, instructorId);
  }

  private RoomFixture(HubHarness harness, String title, VideoMode mode, int homeCapacity, boolean taught,
      UUID instructorId) {
    this.harness = harness;
    this.centre = harness.centre("Centre " + title);
    this.instructor = taught ? harness.staff(Role.INSTRUCTOR, Set.of(centre.id())) : null;
    Instant start = harness.clock.instant().plus(Duration.ofMinutes(5));
    this.session = harness.hub.schedule().createTrusted(new SessionDraft(title, Category.LANGUAGE, null, "fr",
        taught ? instructor.id() : instructorId, centre.id(), start, start.plus(Duration.ofHours(2)), null,
        homeCapacity, mode, null)).await();
  }

  /** The instructor's own link, as the join-links API gives it to them. */
  String instructorToken() {
    JsonObject links = harness.send(HttpMethod.GET, "/api/v1/sessions/" + session.id() + "/join-links",
        harness.login(instructor), null).bodyAsJsonObject();
    return tokenOf(links.getJsonObject("instructor").getString("url"));
  }

  /** Books a room of the centre for the session and answers the room screen's link. */
  String screenToken(String roomName) {
    Site site = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), roomName, 30, null, 1))
        .await();
    String coordinator = harness.login(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
    JsonObject booking = harness.send(HttpMethod.POST, "/api/v1/sessions/" + session.id() + "/bookings", coordinator,
        new JsonObject().put("siteId", site.id().toString()).put("expectedHeadCount", 12)).bodyAsJsonObject();
    return tokenOf(booking.getString("screenUrl"));
  }

  private static String tokenOf(String url) {
    return url.substring(url.indexOf("/j/") + 3);
  }

  String register(String name) {
    String url = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject().getString("joinUrl");
    return tokenOf(url);
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
