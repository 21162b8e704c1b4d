package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Role;

/** A hub with a BROADCAST class whose sitting its instructor has started: what the broadcast tests begin with. */
final class LiveClass implements AutoCloseable {
  static final Instant START = HubHarness.START.plus(Duration.ofMinutes(5));

  final HubHarness harness;
  final UUID sessionId;
  final StaffMember instructor;
  final String instructorToken;
  final String adminToken;
  final Centre centre;

  private LiveClass(HubHarness harness, UUID sessionId, StaffMember instructor, String instructorToken,
      String adminToken, Centre centre) {
    this.harness = harness;
    this.sessionId = sessionId;
    this.instructor = instructor;
    this.instructorToken = instructorToken;
    this.adminToken = adminToken;
    this.centre = centre;
  }

  static LiveClass start(Map<String, String> config) {
    return on(HubHarness.start("h2", config));
  }

  static LiveClass on(HubHarness harness) {
    Centre centre = harness.centre("Centre social Les Tilleuls");
    StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    String instructorToken = harness.login(instructor);
    String adminToken = harness.login(harness.staff(Role.ADMIN, Set.of()));
    HttpResponse<Buffer> created = harness.send(HttpMethod.POST, "/api/v1/sessions", instructorToken,
        Fixtures.session("Cuisine en direct", centre.id(), instructor.id(), START.toString(),
            START.plus(Duration.ofHours(1)).toString()).put("videoMode", "BROADCAST").put("homeCapacity", 500));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    UUID sessionId = UUID.fromString(created.bodyAsJsonObject().getString("id"));
    HttpResponse<Buffer> started = harness.send(HttpMethod.POST, "/api/v1/sessions/" + sessionId + "/start",
        instructorToken, null);
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
    return new LiveClass(harness, sessionId, instructor, instructorToken, adminToken, centre);
  }

  /** The same class, its hub stopped and started again with {@code config} on its database, files and clock. */
  LiveClass restartedWith(Map<String, String> config) {
    harness.stopHub();
    return new LiveClass(HubHarness.startOn(harness.database(), harness.dataDir, config, harness.clock), sessionId,
        instructor, instructorToken, adminToken, centre);
  }

  String register(String name) {
    String url = harness.http.post("/api/v1/sessions/" + sessionId + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject().getString("joinUrl");
    return url.substring(url.indexOf("/j/") + 3);
  }

  JsonObject ingestTicket() {
    HttpResponse<Buffer> ticket = harness.send(HttpMethod.POST, "/api/v1/sessions/" + sessionId
        + "/broadcast/ingest", instructorToken, null);
    assertThat(ticket.statusCode()).as(ticket.bodyAsString()).isEqualTo(200);
    return ticket.bodyAsJsonObject();
  }

  JsonObject state() {
    HttpResponse<Buffer> state = harness.send(HttpMethod.GET, "/api/v1/sessions/" + sessionId + "/broadcast",
        instructorToken, null);
    assertThat(state.statusCode()).as(state.bodyAsString()).isEqualTo(200);
    return state.bodyAsJsonObject();
  }

  LiveBroadcast broadcast() {
    return harness.hub.broadcast().service().here(sessionId).orElseThrow();
  }

  static List<String> uris(String playlist) {
    return Arrays.stream(playlist.split("\n")).filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
  }

  /** Polls {@code path} as a player does, once per 200 ms, until its playlist matches; fails after {@code within}. */
  String awaitPlaylist(String path, Predicate<String> matches, Duration within) throws InterruptedException {
    long deadline = System.nanoTime() + within.toNanos();
    String last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<Buffer> response = harness.get(path);
      if (response.statusCode() == 200) {
        last = response.bodyAsString();
        if (matches.test(last)) {
          return last;
        }
      }
      Thread.sleep(200);
    }
    throw new AssertionError("no playlist at " + path + " matched within " + within + "; last: " + last);
  }

  @Override
  public void close() {
    harness.close();
  }
}
