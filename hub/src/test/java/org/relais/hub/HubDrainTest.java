package org.relais.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.config.ConfigException;
import org.relais.hub.config.ConfigLoader;
import org.relais.hub.config.HubConfig;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import org.relais.protocol.site.SiteMessage;

/**
 * A hub told to stop (SIGTERM) drains: it takes no new connection, tells the relay-site linked to it to dial
 * again and the family in a room to reconnect, and finishes the request under way before it closes.
 */
class HubDrainTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  @Test
  void aStoppingHubFinishesTheRequestUnderWayRefusesNewSocketsAndTellsRelaysAndRoomsToReconnect() {
    Promise<Void> arrived = Promise.promise();
    Promise<Void> release = Promise.promise();
    HubHarness harness = HubHarness.start("h2", Map.of("http.stopGrace", "PT10S"), router ->
        router.get("/slow").handler(ctx -> {
          arrived.tryComplete();
          release.future().onSuccess(go -> ctx.response().end("finished"));
        }));
    Vertx vertx = Vertx.vertx();
    try {
      BridgeClient relay = linkedRelay(harness, vertx);
      BridgeClient family = familyInARoom(harness, vertx);
      Future<HttpResponse<Buffer>> slow = harness.http.get("/slow").send();
      arrived.future().await();

      Future<Void> stopped = harness.hub.stop();
      assertThat(relay.error("draining")).isEqualTo("draining");
      assertThat(relay.awaitClosed()).isEqualTo((short) 1001);
      assertThat(family.awaitClosed()).as("the room's page is told to reconnect").isEqualTo((short) 1001);
      awaitRefused(harness.hub.port());
      Throwable newSocket = BridgeClient.connect(vertx, harness.hub.port(), "A".repeat(32), null)
          .transform(Future::succeededFuture).await().cause();
      assertThat(newSocket).as("a new socket").isNotNull();
      assertThat(slow.isComplete()).as("the request under way is still served").isFalse();

      release.complete();
      HttpResponse<Buffer> finished = slow.await();
      assertThat(finished.statusCode()).isEqualTo(200);
      assertThat(finished.bodyAsString()).isEqualTo("finished");
      stopped.await();
    } finally {
      vertx.close().await();
      harness.close();
    }
  }

  @Test
  void aGraceLongerThanTheServiceWaitsIsRefusedByName() {
    assertThatThrownBy(() -> HubConfig.from(ConfigLoader.resolve(Map.of("http.stopGrace", "PT2M"), Map.of())))
        .isInstanceOf(ConfigException.class).hasMessageContaining("http.stopGrace");
    assertThat(HubConfig.from(ConfigLoader.resolve(Map.of("http.stopGrace", "PT1M"), Map.of())).http().stopGrace())
        .isEqualTo(Duration.ofMinutes(1));
  }

  /** A relay-site's link as the relay makes it: enrolled with a code, a ticket, the live bridge, hello. */
  private static BridgeClient linkedRelay(HubHarness harness, Vertx vertx) {
    Centre centre = harness.centre("Centre social du Faubourg");
    Site site = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), "Salle Mandela", 20,
        null, 1)).await();
    String coordinator = harness.login(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
    String code = created(harness.send(HttpMethod.POST, "/api/v1/sites/" + site.id() + "/credentials", coordinator,
        null)).getString("code");
    String credential = created(harness.send(HttpMethod.POST, "/api/v1/sites/enrol", null,
        new JsonObject().put("code", code))).getString("credential");
    URI link = URI.create(created(harness.request(HttpMethod.POST, "/api/v1/site-link/ticket", credential).send()
        .await()).getString("url"));
    BridgeClient relay = BridgeClient.connect(vertx, harness.hub.port(), link.getRawPath(),
        link.getRawQuery().substring("ticket=".length()), null).await();
    String inbox = Addresses.siteInbox(site.id().toString());
    relay.register(inbox).send(Addresses.hubSites(), new SiteMessage.Hello("drain-test", 0).toJson());
    relay.message(inbox, "schedule");
    return relay;
  }

  /** A family in the built-in room of a class about to start, as its join page puts it there. */
  private static BridgeClient familyInARoom(HubHarness harness, Vertx vertx) {
    Centre centre = harness.centre("Centre social Lazare Garreau");
    Instant start = harness.clock.instant().plus(Duration.ofMinutes(5));
    Session session = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING,
        null, "fr", null, centre.id(), start, start.plus(Duration.ofHours(1)), null, 4, VideoMode.DIRECT, null))
        .await();
    String joinUrl = created(harness.send(HttpMethod.POST, "/api/v1/sessions/" + session.id() + "/registrations",
        null, new JsonObject().put("displayName", "Famille Diallo"))).getString("joinUrl");
    JsonObject ticket = created(harness.send(HttpMethod.POST,
        "/api/v1/join/" + joinUrl.substring(joinUrl.indexOf("/j/") + 3) + "/ticket", null, null));
    BridgeClient family = BridgeClient.open(vertx, harness.hub.port(), ticket.getString("ticket"));
    String me = Addresses.peer(ticket.getString("room"), ticket.getString("peerId"));
    family.register(Addresses.roster(ticket.getString("room"))).register(me);
    family.message(me, "roster");
    return family;
  }

  private static JsonObject created(HttpResponse<Buffer> response) {
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(201);
    return response.bodyAsJsonObject();
  }

  /** Waits until the hub's port takes no new connection. */
  private static void awaitRefused(int port) {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (accepts(port)) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the stopping hub still takes connections after " + WAIT);
      }
      LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
    }
  }

  private static boolean accepts(int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }
}
