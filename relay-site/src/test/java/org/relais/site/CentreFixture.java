package org.relais.site;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;
import org.relais.site.cli.RelaySiteCommand;
import org.relais.site.config.SiteConfig;

/**
 * A hub on a fixed port (so it can be stopped and started again at the same address), a centre with a
 * room, a coordinator, an animator and an instructor, a session booked for the room, and a relay-site
 * enrolled for the room through the real command.
 */
final class CentreFixture implements AutoCloseable {
  final int port;
  final Path relayData;
  final MutableClock clock;
  HubHarness harness;
  Centre centre;
  Site site;
  StaffMember coordinator;
  StaffMember animator;
  StaffMember instructor;
  String coordinatorToken;
  String instructorToken;
  UUID sessionId;
  /** The room screen's join token for the booked session (in the booking's screen link). */
  String screenToken;

  private final TestDatabase database;
  private final Path hubData;
  private final Map<String, String> hubValues;

  CentreFixture(String databaseKind) throws IOException {
    this(databaseKind, Map.of());
  }

  /** With extra hub configuration values ({@code live.maxSocketsPerAddress}...). */
  CentreFixture(String databaseKind, Map<String, String> hubOverrides) throws IOException {
    this(databaseKind, hubOverrides, "DIRECT");
  }

  /** With the booked session in another video mode ({@code BROADCAST}...). */
  CentreFixture(String databaseKind, Map<String, String> hubOverrides, String videoMode) throws IOException {
    this.hubValues = new HashMap<>(Map.of("sites.heartbeatInterval", "PT1S"));
    this.hubValues.putAll(hubOverrides);
    this.port = freePort();
    this.database = TestDatabase.create(databaseKind);
    this.hubData = Files.createTempDirectory("relais-hub-");
    this.relayData = Files.createTempDirectory("relais-relay-");
    this.clock = new MutableClock(HubHarness.START);
    startHub();
    centre = harness.centre("Centre social du Faubourg");
    site = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), "Salle Nelson Mandela",
        20, "Vidéoprojecteur", 1)).await();
    coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    animator = harness.staff(Role.ANIMATOR, Set.of(centre.id()));
    instructor = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    coordinatorToken = harness.login(coordinator);
    instructorToken = harness.login(instructor);
    // Today 10:00–11:30 in Paris; the clock says 09:00 there.
    HttpResponse<Buffer> created = harness.send(HttpMethod.POST, "/api/v1/sessions", coordinatorToken,
        Fixtures.session("Cuisine du monde", centre.id(), instructor.id(), "2026-11-23T09:00:00Z",
            "2026-11-23T10:30:00Z").put("videoMode", videoMode));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    sessionId = UUID.fromString(created.bodyAsJsonObject().getString("id"));
    HttpResponse<Buffer> booked = harness.send(HttpMethod.POST, "/api/v1/sessions/" + sessionId + "/bookings",
        coordinatorToken, new JsonObject().put("siteId", site.id().toString()).put("expectedHeadCount", 12));
    assertThat(booked.statusCode()).as(booked.bodyAsString()).isEqualTo(201);
    String screenUrl = booked.bodyAsJsonObject().getString("screenUrl");
    screenToken = screenUrl.substring(screenUrl.lastIndexOf("/j/") + 3);
  }

  void startHub() {
    Map<String, String> values = new HashMap<>(hubValues);
    values.putAll(Map.of("http.port", String.valueOf(port), "http.publicUrl", "http://localhost:" + port));
    harness = HubHarness.startOn(database, hubData, values, clock);
  }

  String hubUrl() {
    return "http://localhost:" + port;
  }

  String enrolmentCode() {
    HttpResponse<Buffer> code = harness.send(HttpMethod.POST, "/api/v1/sites/" + site.id() + "/credentials",
        coordinatorToken, null);
    assertThat(code.statusCode()).as(code.bodyAsString()).isEqualTo(201);
    return code.bodyAsJsonObject().getString("code");
  }

  /** Enrols the relay with the real command line, as an installer would. */
  void enrol() {
    enrol(hubUrl());
  }

  /** Enrols the relay with the hub reached at {@code hubUrl} (the centre's line to it, in some tests). */
  void enrol(String hubUrl) {
    int exit = RelaySiteCommand.commandLine().execute("--data", relayData.toString(), "enrol", "--hub", hubUrl,
        "--code", enrolmentCode());
    assertThat(exit).isZero();
  }

  SiteConfig relayConfig(Map<String, String> overrides) {
    Map<String, String> values = new HashMap<>(Map.of("data.dir", relayData.toString(), "kiosk.host", "127.0.0.1",
        "kiosk.port", "0", "kiosk.signInFor", "PT12H"));
    values.putAll(overrides);
    return SiteConfig.from(values);
  }

  SiteApplication startRelay() {
    return startRelay(Map.of());
  }

  SiteApplication startRelay(Map<String, String> overrides) {
    return SiteApplication.start(relayConfig(overrides), clock).await();
  }

  JsonObject live() {
    HttpResponse<Buffer> live = harness.send(HttpMethod.GET, "/api/v1/sessions/" + sessionId + "/live",
        instructorToken, null);
    assertThat(live.statusCode()).as(live.bodyAsString()).isEqualTo(200);
    return live.bodyAsJsonObject();
  }

  static void await(String what, Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("still waiting, after " + limit + ", for " + what);
      }
      try {
        Thread.sleep(25);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    if (harness != null) {
      harness.close();
    } else {
      database.close();
    }
  }
}
