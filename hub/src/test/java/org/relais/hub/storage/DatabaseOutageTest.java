package org.relais.hub.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.relais.hub.centres.Centre;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.TestDatabase;
import org.relais.protocol.Role;

/**
 * PostgreSQL out of reach for 30 s under load, through a proxy the test cuts (every link closed, new ones
 * refused) and restores: the hub stays alive, says it is not ready, answers 503 problem+json within seconds,
 * and serves again by itself once the database is back. PostgreSQL only (H2 runs inside the hub): runs
 * whenever {@code RELAIS_TEST_PG_URL} is set, as in CI.
 */
@EnabledIfEnvironmentVariable(named = TestDatabase.PG_ENV, matches = ".+")
class DatabaseOutageTest {
  private static final Duration OUTAGE = Duration.ofSeconds(30);
  private static final Duration QUICK = Duration.ofSeconds(10);
  private static final int CLIENTS = 5;

  private Vertx vertx;
  private CuttableProxy proxy;
  private HubHarness harness;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    TestDatabase database = TestDatabase.postgres();
    String direct = database.config().url();
    Matcher server = Pattern.compile("//([^/:]+)(?::(\\d+))?/").matcher(direct);
    assertThat(server.find()).isTrue();
    int port = server.group(2) == null ? 5432 : Integer.parseInt(server.group(2));
    proxy = new CuttableProxy(vertx, server.group(1), port);
    String proxied = direct.substring(0, server.start()) + "//127.0.0.1:" + proxy.port() + "/"
        + direct.substring(server.end());
    Path dataDir = Files.createTempDirectory("relais-outage-");
    // All the load comes from one address: the join links' per-address limit would refuse most of it.
    harness = HubHarness.startOn(database, dataDir, Map.of("db.url", proxied,
        "join.requestsPerMinutePerAddress", "1000000"), new MutableClock(HubHarness.START));
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void answers503WhileTheDatabaseIsAwayAndRecoversByItself() throws Exception {
    Centre centre = harness.centre("Centre social Les Tisserands");
    String token = harness.login(harness.staff(Role.ADMIN, Set.of()));
    String session = harness.send(HttpMethod.POST, "/api/v1/sessions", token, Fixtures.session("Couscous",
        centre.id(), null, "2026-11-24T13:00:00Z", "2026-11-24T15:00:00Z")).bodyAsJsonObject().getString("id");
    String joinUrl = harness.send(HttpMethod.POST, "/api/v1/sessions/" + session + "/registrations", null,
        new JsonObject().put("displayName", "Famille Benali").put("householdSize", 3)).bodyAsJsonObject()
        .getString("joinUrl");
    Load load = new Load(harness, token, centre, joinUrl.substring(joinUrl.lastIndexOf('/') + 1));
    Future<Void> running = load.run();
    awaitAnswers(load, 201, 20);

    proxy.cut();
    awaitStatus("/ready", 503);
    Instant cutAt = Instant.now();
    HttpResponse<Buffer> refused = timed(() -> write(token));
    assertUnavailable(refused);
    assertThat(harness.get("/health").statusCode()).isEqualTo(200);
    long createdBeforeCut = load.count(201);
    vertx.timer(OUTAGE.minus(Duration.between(cutAt, Instant.now())).toMillis()).await();
    assertThat(harness.get("/health").statusCode()).isEqualTo(200);
    assertThat(harness.get("/ready").statusCode()).isEqualTo(503);
    assertThat(load.count(503)).as("requests refused while the database was away").isPositive();

    proxy.restore();
    awaitStatus("/ready", 200);
    awaitAnswers(load, 201, createdBeforeCut + 20);
    load.stop();
    running.await();

    assertThat(load.unexpected).as("answers other than 200, 201 or a 503 problem").isEmpty();
    assertThat(load.slowest.get()).as("slowest answer, ms").isLessThan(QUICK.toMillis());
    for (String id : load.created) {
      assertThat(harness.send(HttpMethod.GET, "/api/v1/centres/" + id, token, null).statusCode())
          .as("centre %s answered 201", id).isEqualTo(200);
    }
    // More writes at once than the pool has connections: every pooled connection serves again.
    WebClient wide = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(harness.hub.port()), new PoolOptions().setHttp1MaxSize(20));
    List<Future<HttpResponse<Buffer>>> burst = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      burst.add(wide.post("/api/v1/centres").bearerTokenAuthentication(token)
          .sendJsonObject(new JsonObject().put("name", "Centre " + i).put("kind", "SOCIAL_CENTRE")));
    }
    for (Future<HttpResponse<Buffer>> answer : burst) {
      assertThat(answer.await().statusCode()).as("a write once the database is back").isEqualTo(201);
    }
  }

  private HttpResponse<Buffer> write(String token) {
    return harness.send(HttpMethod.POST, "/api/v1/centres", token,
        new JsonObject().put("name", "Centre de quartier").put("kind", "SOCIAL_CENTRE"));
  }

  private static HttpResponse<Buffer> timed(Supplier<HttpResponse<Buffer>> request) {
    Instant sent = Instant.now();
    HttpResponse<Buffer> response = request.get();
    assertThat(Duration.between(sent, Instant.now())).as("time to answer").isLessThan(QUICK);
    return response;
  }

  static void assertUnavailable(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).isEqualTo(503);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/problem+json");
    JsonObject problem = response.bodyAsJsonObject();
    assertThat(problem.getString("type")).isEqualTo("urn:relais:problem:database-unavailable");
    assertThat(problem.getInteger("status")).isEqualTo(503);
    assertThat(problem.fieldNames()).containsOnly("type", "title", "status", "detail");
  }

  /** Polls a probe until it answers {@code status}; the pool notices a cut or a return within seconds. */
  private void awaitStatus(String path, int status) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (harness.get(path).statusCode() != status) {
      assertThat(Instant.now()).as("%s answering %d in time", path, status).isBefore(deadline);
      vertx.timer(100).await();
    }
  }

  private void awaitAnswers(Load load, int status, long atLeast) {
    Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
    while (load.count(status) < atLeast) {
      assertThat(Instant.now()).as("%d answers %d in time", atLeast, status).isBefore(deadline);
      vertx.timer(50).await();
    }
  }

  /**
   * Clients that each keep one request in flight until stopped, in turn: a write (a centre), a staff read (that
   * centre) and a family opening its link. Reads may be answered from the hub's caches while the database is away.
   */
  private static final class Load {
    private final HubHarness harness;
    private final String token;
    private final Centre centre;
    private final String joinToken;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Map<Integer, AtomicLong> answers = new ConcurrentHashMap<>();
    final Set<String> created = ConcurrentHashMap.newKeySet();
    final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    final AtomicLong slowest = new AtomicLong();

    Load(HubHarness harness, String token, Centre centre, String joinToken) {
      this.harness = harness;
      this.token = token;
      this.centre = centre;
      this.joinToken = joinToken;
    }

    Future<Void> run() {
      List<Future<Void>> clients = new ArrayList<>();
      for (int i = 0; i < CLIENTS; i++) {
        Promise<Void> done = Promise.promise();
        clients.add(done.future());
        next(i, done);
      }
      return Future.all(clients).mapEmpty();
    }

    void stop() {
      stopped.set(true);
    }

    long count(int status) {
      return answers.computeIfAbsent(status, s -> new AtomicLong()).get();
    }

    /** Sends request {@code n}, then the next from its answer: a loop, not a chain of futures as long as the run. */
    private void next(int n, Promise<Void> done) {
      if (stopped.get()) {
        done.complete();
        return;
      }
      long sent = System.nanoTime();
      boolean writing = n % 3 == 0;
      Future<HttpResponse<Buffer>> request = switch (n % 3) {
        case 0 -> harness.request(HttpMethod.POST, "/api/v1/centres", token).timeout(60_000)
            .sendJsonObject(new JsonObject().put("name", "Centre " + n).put("kind", "SOCIAL_CENTRE"));
        case 1 -> harness.request(HttpMethod.GET, "/api/v1/centres/" + centre.id(), token).timeout(60_000).send();
        default -> harness.request(HttpMethod.GET, "/api/v1/join/" + joinToken, null).timeout(60_000).send();
      };
      request.onComplete(answered -> {
        slowest.accumulateAndGet((System.nanoTime() - sent) / 1_000_000, Math::max);
        if (answered.succeeded()) {
          answers.computeIfAbsent(answered.result().statusCode(), s -> new AtomicLong()).incrementAndGet();
          check(answered.result(), writing);
        } else {
          unexpected.add("no answer: " + answered.cause());
        }
        next(n + 1, done);
      });
    }

    private void check(HttpResponse<Buffer> response, boolean writing) {
      int status = response.statusCode();
      if (status == (writing ? 201 : 200)) {
        if (writing) {
          created.add(response.bodyAsJsonObject().getString("id"));
        }
        return;
      }
      try {
        assertUnavailable(response);
      } catch (AssertionError e) {
        unexpected.add(status + " " + response.bodyAsString());
      }
    }
  }

  /** A TCP proxy to PostgreSQL: {@link #cut()} closes every link and refuses new ones until {@link #restore()}. */
  private static final class CuttableProxy {
    private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
    private final NetServer server;
    private volatile boolean cut;

    CuttableProxy(Vertx vertx, String host, int port) {
      NetClient client = vertx.createNetClient();
      server = vertx.createNetServer().connectHandler(socket -> {
        if (cut) {
          socket.close();
          return;
        }
        socket.pause();
        client.connect(port, host).onSuccess(upstream -> link(socket, upstream)).onFailure(e -> socket.close());
      });
      server.listen(0, "127.0.0.1").await();
    }

    private void link(NetSocket socket, NetSocket upstream) {
      open.add(socket);
      open.add(upstream);
      socket.closeHandler(v -> upstream.close());
      upstream.closeHandler(v -> socket.close());
      socket.pipeTo(upstream);
      upstream.pipeTo(socket);
      if (cut) {
        socket.close();
        upstream.close();
      }
    }

    int port() {
      return server.actualPort();
    }

    void cut() {
      cut = true;
      open.forEach(NetSocket::close);
      open.clear();
    }

    void restore() {
      cut = false;
    }
  }
}
