package org.relais.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.ChildHub;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;

/**
 * A hub killed outright (SIGKILL) in the middle of a burst of writes over HTTP: after a restart on the same
 * database, every centre, session and registration it answered 201 for is there.
 */
class HubKilledTest {
  private static final Pattern LISTENING = Pattern.compile("Relais hub listening on 127\\.0\\.0\\.1:(\\d+)");
  private static final int WRITERS = 12;
  private static final int ACKNOWLEDGED_BEFORE_KILL = 450;

  static Stream<String> databases() {
    return TestDatabase.kinds();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void everyWriteAnswered201SurvivesAKill(String kind) throws Exception {
    TestDatabase database = TestDatabase.create(kind);
    Path dataDir = Files.createTempDirectory("relais-killed-");
    MutableClock clock = new MutableClock(Instant.now());
    HubHarness seed = HubHarness.startOn(database, dataDir, Map.of(), clock);
    StaffMember admin = seed.staff(Role.ADMIN, Set.of());
    Centre centre = seed.centre("Centre social Les Tisserands");
    seed.stopHub();

    Acknowledged acknowledged = new Acknowledged();
    String sessionId;
    Process hub = ChildHub.start(database, dataDir, Map.of());
    Vertx vertx = Vertx.vertx();
    try {
      int port = awaitPort(dataDir.resolve("hub.out"), hub);
      WebClient http = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
          .setDefaultPort(port));
      String token = login(http, admin);
      sessionId = created(http.post("/api/v1/sessions").bearerTokenAuthentication(token)
          .sendJsonObject(session(centre.id(), 0)).await());
      acknowledged.sessions.add(sessionId);

      Burst burst = new Burst(http, token, centre.id(), sessionId, acknowledged);
      Future<Void> writes = burst.run();
      burst.enoughAcknowledged.future().timeout(2, TimeUnit.MINUTES).await();
      hub.destroyForcibly().waitFor();
      writes.await();
      assertThat(burst.failed.get()).as("writes were still going on at the kill").isPositive();
    } finally {
      hub.destroyForcibly();
      vertx.close().await();
    }

    HubHarness restarted = HubHarness.startOn(database, dataDir, Map.of(), clock);
    try {
      String token = restarted.login(admin);
      assertThat(acknowledged.centres).isNotEmpty();
      assertThat(acknowledged.registrations).isNotEmpty();
      for (String id : acknowledged.centres) {
        assertThat(restarted.send(HttpMethod.GET, "/api/v1/centres/" + id, token, null).statusCode())
            .as("centre %s", id).isEqualTo(200);
      }
      for (String id : acknowledged.sessions) {
        assertThat(restarted.get("/api/v1/sessions/" + id).statusCode()).as("session %s", id).isEqualTo(200);
      }
      JsonArray registered = restarted.send(HttpMethod.GET, "/api/v1/sessions/" + sessionId + "/registrations",
          token, null).bodyAsJsonObject().getJsonArray("items");
      Set<String> stored = ConcurrentHashMap.newKeySet();
      registered.forEach(item -> stored.add(((JsonObject) item).getString("id")));
      assertThat(stored).containsAll(acknowledged.registrations);
    } finally {
      restarted.close();
    }
  }

  /** Waits for the child hub to say where it listens; it starts in a few seconds. */
  private static int awaitPort(Path out, Process hub) throws Exception {
    Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
    while (Instant.now().isBefore(deadline)) {
      if (!hub.isAlive()) {
        throw new AssertionError("the hub stopped: " + Files.readString(out));
      }
      Matcher listening = LISTENING.matcher(Files.exists(out) ? Files.readString(out) : "");
      if (listening.find()) {
        return Integer.parseInt(listening.group(1));
      }
      Thread.sleep(50);
    }
    throw new AssertionError("the hub did not start: " + Files.readString(out));
  }

  private static String login(WebClient http, StaffMember member) {
    HttpResponse<Buffer> response = http.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("email", member.email()).put("password", HubHarness.PASSWORD)).await();
    assertThat(response.statusCode()).isEqualTo(200);
    return response.bodyAsJsonObject().getString("token");
  }

  private static String created(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject().getString("id");
  }

  private static JsonObject session(UUID centreId, int n) {
    Instant start = Instant.parse("2027-03-01T08:00:00Z").plus(Duration.ofHours(n));
    // The child hub runs with the default built-in rooms: five families fit beside the instructor.
    return Fixtures.session("Atelier " + n, centreId, null, start.toString(), start.plusSeconds(3600).toString())
        .put("homeCapacity", 5);
  }

  /** The ids of the writes answered 201. */
  private static final class Acknowledged {
    final Set<String> centres = ConcurrentHashMap.newKeySet();
    final Set<String> sessions = ConcurrentHashMap.newKeySet();
    final Set<String> registrations = ConcurrentHashMap.newKeySet();

    int total() {
      return centres.size() + sessions.size() + registrations.size();
    }
  }

  /** Writers that each keep one write in flight, centre, session and registration in turn, until one fails. */
  private static final class Burst {
    private final WebClient http;
    private final String token;
    private final UUID centreId;
    private final String sessionId;
    private final Acknowledged acknowledged;
    private final AtomicInteger sent = new AtomicInteger();
    final AtomicInteger failed = new AtomicInteger();
    final Promise<Void> enoughAcknowledged = Promise.promise();

    Burst(WebClient http, String token, UUID centreId, String sessionId, Acknowledged acknowledged) {
      this.http = http;
      this.token = token;
      this.centreId = centreId;
      this.sessionId = sessionId;
      this.acknowledged = acknowledged;
    }

    Future<Void> run() {
      List<Future<Void>> writers = new ArrayList<>();
      for (int i = 0; i < WRITERS; i++) {
        writers.add(next());
      }
      return Future.join(writers).mapEmpty();
    }

    private Future<Void> next() {
      int n = sent.incrementAndGet();
      Future<HttpResponse<Buffer>> write = switch (n % 3) {
        case 0 -> http.post("/api/v1/centres").bearerTokenAuthentication(token)
            .sendJsonObject(new JsonObject().put("name", "Centre " + n).put("kind", "SOCIAL_CENTRE"));
        case 1 -> http.post("/api/v1/sessions").bearerTokenAuthentication(token)
            .sendJsonObject(session(centreId, n));
        default -> http.post("/api/v1/sessions/" + sessionId + "/registrations")
            .sendJsonObject(new JsonObject().put("displayName", "Famille " + n).put("householdSize", 2));
      };
      return write.transform(done -> {
        if (done.failed()) {
          failed.incrementAndGet();
          return Future.succeededFuture();
        }
        HttpResponse<Buffer> response = done.result();
        if (response.statusCode() != 201) {
          return Future.failedFuture(new AssertionError("write " + n + " answered " + response.statusCode() + " "
              + response.bodyAsString()));
        }
        String id = response.bodyAsJsonObject().getString("id");
        (switch (n % 3) {
          case 0 -> acknowledged.centres;
          case 1 -> acknowledged.sessions;
          default -> acknowledged.registrations;
        }).add(id);
        if (acknowledged.total() >= ACKNOWLEDGED_BEFORE_KILL) {
          enoughAcknowledged.tryComplete();
        }
        return next();
      });
    }
  }
}
