package org.relais.hub.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.relais.hub.HubApplication;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.config.ConfigLoader;
import org.relais.hub.config.HubConfig;
import org.relais.hub.staff.StaffDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.protocol.Role;

/**
 * A real hub for one test: port 0, its own data directory, the given database, a clock the test
 * moves. Talks to it over real HTTP with a Vert.x web client.
 */
public final class HubHarness implements AutoCloseable {
  public static final String PASSWORD = "correct horse battery";
  public static final Instant START = Instant.parse("2026-11-23T08:00:00Z");

  public final MutableClock clock;
  public final HubApplication hub;
  public final WebClient http;
  public final Path dataDir;
  private final Vertx clientVertx;
  private final TestDatabase database;

  private HubHarness(MutableClock clock, HubApplication hub, Path dataDir, TestDatabase database) {
    this.clock = clock;
    this.hub = hub;
    this.dataDir = dataDir;
    this.database = database;
    this.clientVertx = Vertx.vertx();
    this.http = WebClient.create(clientVertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(hub.port()).setFollowRedirects(false));
  }

  public static HubHarness start(String databaseKind) {
    return start(databaseKind, Map.of());
  }

  /** Starts a hub on a fresh database of {@code databaseKind}, with extra configuration values. */
  public static HubHarness start(String databaseKind, Map<String, String> overrides) {
    return start(databaseKind, overrides, router -> { });
  }

  /** Starts a hub as {@link #start(String, Map)} does and shows {@code router} the router it serves. */
  public static HubHarness start(String databaseKind, Map<String, String> overrides, Consumer<Router> router) {
    TestDatabase database = TestDatabase.create(databaseKind);
    try {
      Path dataDir = Files.createTempDirectory("relais-hub-");
      return startOn(database, dataDir, overrides, new MutableClock(START), router);
    } catch (IOException e) {
      database.close();
      throw new IllegalStateException(e);
    }
  }

  /** Starts a hub on an existing database and data directory (to test what survives a restart). */
  public static HubHarness startOn(TestDatabase database, Path dataDir, Map<String, String> overrides,
      MutableClock clock) {
    return startOn(database, dataDir, overrides, clock, router -> { });
  }

  private static HubHarness startOn(TestDatabase database, Path dataDir, Map<String, String> overrides,
      MutableClock clock, Consumer<Router> router) {
    Map<String, String> values = new HashMap<>(Map.of(
        "data.dir", dataDir.toString(),
        "http.port", "0",
        "http.host", "127.0.0.1",
        "http.instances", "1",
        // Built-in rooms seating 30, so that the tests' DIRECT classes of a dozen or twenty families fit;
        // tests of the seats themselves set their own size.
        "rooms.maxPeers", "30",
        // A waiting page's event stream is a request under way too: a test's stop waits for none of them long.
        "http.stopGrace", "PT2S",
        // Hubs run side by side in tests: their RTMP ingests too take any free port.
        "broadcast.rtmpHost", "127.0.0.1",
        "broadcast.rtmpPort", "0",
        "db.url", database.config().url()));
    values.putAll(overrides);
    HubConfig config = HubConfig.from(ConfigLoader.resolve(values, Map.of()));
    HubApplication hub = HubApplication.start(config, clock, router).await();
    return new HubHarness(clock, hub, dataDir, database);
  }

  /** The configuration of a node of the cluster {@code name} on the loopback, its members on three ports from {@code port}. */
  public static Map<String, String> clusterOf(String name, int port) {
    return Map.of("cluster.enabled", "true", "cluster.name", name, "cluster.host", "127.0.0.1",
        "cluster.port", String.valueOf(port),
        "cluster.members", "127.0.0.1:" + port + ",127.0.0.1:" + (port + 1) + ",127.0.0.1:" + (port + 2));
  }

  public TestDatabase database() {
    return database;
  }

  /** Stops the hub but keeps its database and data directory. */
  public void stopHub() {
    http.close();
    clientVertx.close().await();
    hub.stop().await();
  }

  @Override
  public void close() {
    stopHub();
    database.close();
  }

  // --- data set-up through the real services -------------------------------------------------

  public StaffMember staff(Role role, Set<UUID> centres) {
    String email = role.name().toLowerCase() + "-" + UUID.randomUUID().toString().substring(0, 8) + "@relais.test";
    return hub.staff().createTrusted(new StaffDraft(email, role.name() + " person", role, centres, PASSWORD)).await();
  }

  public Centre centre(String name) {
    return hub.centres().createTrusted(new Centre(UUID.randomUUID(), name, CentreKind.SOCIAL_CENTRE, "1 rue de la Paix",
        "59000", "Lille", 50.63, 3.06, "03 20 00 00 00", null, 1)).await();
  }

  /** Signs in over HTTP and answers the bearer token. */
  public String login(StaffMember member) {
    HttpResponse<Buffer> response = http.post("/api/v1/auth/login")
        .sendJsonObject(new JsonObject().put("email", member.email()).put("password", PASSWORD)).await();
    if (response.statusCode() != 200) {
      throw new IllegalStateException("login failed: " + response.statusCode() + " " + response.bodyAsString());
    }
    return response.bodyAsJsonObject().getString("token");
  }

  // --- HTTP -------------------------------------------------------------------------------------

  public HttpRequest<Buffer> request(HttpMethod method, String path, String token) {
    HttpRequest<Buffer> request = http.request(method, path);
    if (token != null) {
      request.bearerTokenAuthentication(token);
    }
    return request;
  }

  public HttpResponse<Buffer> get(String path) {
    return http.get(path).send().await();
  }

  public HttpResponse<Buffer> send(HttpMethod method, String path, String token, JsonObject body) {
    HttpRequest<Buffer> request = request(method, path, token);
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }
}
