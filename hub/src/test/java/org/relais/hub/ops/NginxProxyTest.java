package org.relais.hub.ops;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocketClientOptions;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.Nginx;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import org.relais.protocol.site.SiteMessage;
import org.slf4j.LoggerFactory;

/**
 * The hub behind the shipped nginx configuration, both real: a family's whole path (pages, registration,
 * join link, a built-in room's sockets) and a relay-site's link all go through nginx over TLS, and the hub
 * counts each request against the client's own address, whatever X-Forwarded-For the client made up. The
 * client speaks from 127.0.0.2, nginx from 127.0.0.1 (the hub's one trusted proxy), so the two differ.
 */
class NginxProxyTest {
  private static final String CLIENT = "127.0.0.2";
  private static final String SPOOFED = "203.0.113.66";

  private HubHarness harness;
  private Nginx nginx;
  private Vertx vertx;
  private WebClient https;
  private AccessLines accessLog;
  private Session session;
  private Centre centre;

  @BeforeEach
  void start() {
    int httpsPort = Nginx.freePort();
    harness = HubHarness.start("h2", Map.of("http.trustedProxies", "127.0.0.1",
        "http.publicUrl", "https://localhost:" + httpsPort));
    nginx = Nginx.start(harness.hub.port(), Nginx.freePort(), httpsPort);
    vertx = Vertx.vertx();
    https = WebClient.create(vertx, new WebClientOptions().setSsl(true).setTrustOptions(trust())
        .setDefaultHost("localhost").setDefaultPort(nginx.httpsPort()).setLocalAddress(CLIENT)
        .setFollowRedirects(false));
    accessLog = new AccessLines();
    centre = harness.centre("Centre social Lazare Garreau");
    Instant start = harness.clock.instant().plus(Duration.ofMinutes(5));
    session = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING, null, "fr",
        null, centre.id(), start, start.plus(Duration.ofHours(2)), null, 4, VideoMode.DIRECT, null)).await();
  }

  @AfterEach
  void stop() {
    if (accessLog != null) {
      accessLog.detach();
    }
    if (vertx != null) {
      vertx.close().await();
    }
    if (nginx != null) {
      nginx.close();
    }
    harness.close();
  }

  private PemTrustOptions trust() {
    return new PemTrustOptions().addCertPath(nginx.certificate().toString());
  }

  @Test
  void theShippedFilePassesNginxsOwnTest() {
    assertThat(Nginx.check()).contains("syntax is ok").contains("test is successful");
  }

  @Test
  void plainHttpIsSentToHttpsAndEveryAnswerSaysHttpsOnly() {
    WebClient plain = WebClient.create(vertx, new WebClientOptions().setDefaultHost("localhost")
        .setDefaultPort(nginx.httpPort()).setFollowRedirects(false));
    HttpResponse<Buffer> redirected = plain.get("/sessions/" + session.id()).send().await();
    assertThat(redirected.statusCode()).isEqualTo(301);
    assertThat(redirected.getHeader("Location")).isEqualTo("https://localhost/sessions/" + session.id());

    HttpResponse<Buffer> schedule = https.get("/").send().await();
    assertThat(schedule.statusCode()).isEqualTo(200);
    assertThat(schedule.bodyAsString()).contains("Cuisine du monde");
    assertThat(schedule.getHeader("Strict-Transport-Security")).isEqualTo("max-age=63072000; includeSubDomains");
    assertThat(schedule.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
  }

  @Test
  void staticFilesAreCachedByNginxAndStillSayHttpsOnly() {
    HttpResponse<Buffer> first = https.get("/static/css/relais.css").send().await();
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.getHeader("X-Cache-Status")).isEqualTo("MISS");
    accessLog.await(line -> line.contains(" GET /static/css/relais.css 200 "));
    HttpResponse<Buffer> second = https.get("/static/css/relais.css").send().await();
    assertThat(second.getHeader("X-Cache-Status")).isEqualTo("HIT");
    assertThat(second.body()).isEqualTo(first.body());
    assertThat(second.getHeader("Strict-Transport-Security")).startsWith("max-age=63072000");
  }

  @Test
  void aFamilyRegistersOnThePublicPageAndOpensItsLinkThroughNginx() throws Exception {
    HttpResponse<Buffer> page = https.get("/sessions/" + session.id()).send().await();
    assertThat(page.statusCode()).isEqualTo(200);
    Matcher key = Pattern.compile("name=\"idempotencyKey\" value=\"([^\"]+)\"").matcher(page.bodyAsString());
    assertThat(key.find()).as(page.bodyAsString()).isTrue();
    HttpResponse<Buffer> registered = https.post("/sessions/" + session.id() + "/register")
        .sendForm(MultiMap.caseInsensitiveMultiMap().add("displayName", "Famille Diallo").add("householdSize", "3")
            .add("idempotencyKey", key.group(1))).await();
    assertThat(registered.statusCode()).as(registered.bodyAsString()).isEqualTo(303);
    HttpResponse<Buffer> manage = https.get(registered.getHeader("Location")).send().await();
    assertThat(manage.statusCode()).isEqualTo(200);
    Matcher link = Pattern.compile("https://localhost:" + nginx.httpsPort() + "(/j/[A-Za-z0-9._-]+)")
        .matcher(manage.bodyAsString());
    assertThat(link.find()).as("the join link names the public address").isTrue();

    HttpResponse<Buffer> join = https.get(link.group(1)).send().await();
    assertThat(join.statusCode()).isEqualTo(200);
    assertThat(join.bodyAsString()).contains("Cuisine du monde");

    // The waiting page's event stream comes through at once, not held in nginx's buffers.
    HttpClient client = vertx.createHttpClient(new HttpClientOptions().setSsl(true).setTrustOptions(trust())
        .setLocalAddress(CLIENT));
    Promise<String> firstEvent = Promise.promise();
    client.request(HttpMethod.GET, nginx.httpsPort(), "localhost", link.group(1) + "/events")
        .compose(HttpClientRequest::send)
        .onSuccess(stream -> stream.handler(chunk -> firstEvent.tryComplete(chunk.toString())))
        .onFailure(firstEvent::tryFail);
    assertThat(firstEvent.future().await(10, TimeUnit.SECONDS)).contains("retry: ");
    client.close().await();
  }

  @Test
  void aBodyOverTheHubsLimitStopsAtNginx() {
    HttpResponse<Buffer> refused = https.post("/api/v1/sessions/" + session.id() + "/registrations")
        .putHeader("Content-Type", "application/json")
        .sendBuffer(Buffer.buffer("{\"displayName\":\"" + "x".repeat(70_000) + "\"}")).await();
    assertThat(refused.statusCode()).isEqualTo(413);
  }

  @Test
  void twoFamiliesOfABuiltInRoomTalkOverTheBridgeThroughNginx() {
    Family alice = family("Famille Alice");
    Family bob = family("Famille Bob");
    try (BridgeClient aliceSocket = enter(alice); BridgeClient bobSocket = enter(bob)) {
      aliceSocket.await(frame -> frame.encode().contains("\"type\":\"joined\"") && frame.encode().contains(bob.peerId()));
      bobSocket.send(alice.me(), new JsonObject().put("type", "offer").put("sdp", "v=0 bob"));
      assertThat(aliceSocket.message(alice.me(), "offer")).isEqualTo(new JsonObject().put("type", "offer")
          .put("from", bob.peerId()).put("sdp", "v=0 bob"));
      aliceSocket.send(bob.me(), new JsonObject().put("type", "answer").put("sdp", "v=0 alice"));
      assertThat(bobSocket.message(bob.me(), "answer").getString("from")).isEqualTo(alice.peerId());
    }
  }

  @Test
  void aRelaySiteLinksOverTheLiveBridgeThroughNginx() {
    Site site = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), "Salle Nelson Mandela",
        20, null, 1)).await();
    StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    String staffToken = https.post("/api/v1/auth/login").sendJsonObject(new JsonObject()
        .put("email", coordinator.email()).put("password", HubHarness.PASSWORD)).await()
        .bodyAsJsonObject().getString("token");
    String code = created(https.post("/api/v1/sites/" + site.id() + "/credentials")
        .bearerTokenAuthentication(staffToken).send().await()).getString("code");
    String credential = created(https.post("/api/v1/sites/enrol")
        .sendJsonObject(new JsonObject().put("code", code)).await()).getString("credential");
    URI link = URI.create(created(https.post("/api/v1/site-link/ticket").bearerTokenAuthentication(credential)
        .send().await()).getString("url"));
    assertThat(link.getAuthority()).isEqualTo("localhost:" + nginx.httpsPort());

    // As the relay does: no Origin (a program), the path and ticket of the hub's answer.
    try (BridgeClient relay = socket(new WebSocketConnectOptions().setURI(link.getRawPath() + "?" + link.getRawQuery())
        .setAllowOriginHeader(false))) {
      String inbox = Addresses.siteInbox(site.id().toString());
      relay.register(inbox).send(Addresses.hubSites(), new SiteMessage.Hello("nginx-test", 0).toJson());
      assertThat(relay.message(inbox, "schedule").getJsonObject("schedule")).isNotNull();
      assertThat(harness.hub.linkedSites()).isEqualTo(1);
      relay.send(Addresses.hubSites(), new SiteMessage.Heartbeat(0, 0).toJson());
    }
  }

  @Test
  void theHubCountsTheClientsOwnAddressWhateverForwardedForItSends() {
    String path = "/sessions/" + session.id();
    https.get(path).putHeader("X-Forwarded-For", SPOOFED).send().await();
    https.get(path).putHeader("X-Forwarded-For", SPOOFED + ", 127.0.0.1").send().await();
    String first = accessLog.await(line -> line.contains(" GET " + path + " 200 "));
    String second = accessLog.await(line -> line.contains(" GET " + path + " 200 "));
    assertThat(first).startsWith(CLIENT + " ");
    assertThat(second).startsWith(CLIENT + " ");
  }

  private static JsonObject created(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  private BridgeClient socket(WebSocketConnectOptions options) {
    return BridgeClient.connect(vertx, new WebSocketClientOptions().setSsl(true).setTrustOptions(trust())
        .setLocalAddress(CLIENT), options.setHost("localhost").setPort(nginx.httpsPort()).setSsl(true)).await();
  }

  /** A family registered through nginx, holding a ticket for its room's bridge. */
  private Family family(String name) {
    String joinUrl = created(https.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await()).getString("joinUrl");
    assertThat(joinUrl).startsWith("https://localhost:" + nginx.httpsPort() + "/j/");
    JsonObject ticket = created(https.post("/api/v1/join/" + joinUrl.substring(joinUrl.indexOf("/j/") + 3)
        + "/ticket").send().await());
    return new Family(ticket.getString("peerId"), ticket.getString("ticket"), ticket.getString("room"));
  }

  private record Family(String peerId, String ticket, String room) {
    String me() {
      return Addresses.peer(room, peerId);
    }
  }

  /** Opens the family's room socket as the join page does, from the public address, and waits for the roster. */
  private BridgeClient enter(Family family) {
    BridgeClient socket = socket(new WebSocketConnectOptions().setURI("/eventbus/websocket?ticket=" + family.ticket())
        .addHeader("Origin", "https://localhost:" + nginx.httpsPort()));
    socket.register(Addresses.roster(family.room())).register(family.me());
    socket.message(family.me(), "roster");
    return socket;
  }

  /** The hub's access-log lines as they are written, each taken once by the test that waits for it. */
  private static final class AccessLines extends AppenderBase<ILoggingEvent> {
    private final Logger logger = (Logger) LoggerFactory.getLogger("relais.access");
    private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    AccessLines() {
      start();
      logger.addAppender(this);
    }

    @Override
    protected void append(ILoggingEvent event) {
      lines.add(event.getFormattedMessage());
    }

    /** The next line that matches; the lines before it are passed over. */
    String await(Predicate<String> matches) {
      try {
        for (String line = lines.poll(10, TimeUnit.SECONDS); line != null; line = lines.poll(10, TimeUnit.SECONDS)) {
          if (matches.test(line)) {
            return line;
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      throw new AssertionError("no access-log line matched within 10 s");
    }

    void detach() {
      logger.detachAppender(this);
      stop();
    }
  }
}
