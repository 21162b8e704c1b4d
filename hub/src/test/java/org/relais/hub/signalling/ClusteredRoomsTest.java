package org.relais.hub.signalling;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.HubHarness;

/**
 * Two hub nodes in one Hazelcast cluster on the loopback interface (TCP-IP join, no multicast) share
 * tickets, rooms and signalling; when one node stops, its peers reconnect to the other and the room
 * goes on.
 */
class ClusteredRoomsTest {


  @Test
  void peersOnTwoNodesTalkAndOneNodesPeersCarryOnOnTheOther() throws Exception {
    String cluster = "relais-test-" + UUID.randomUUID();
    int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
    Vertx clients = Vertx.vertx();
    HubHarness one = HubHarness.start("h2", HubHarness.clusterOf(cluster, port));
    HubHarness two = HubHarness.startOn(one.database(), Files.createTempDirectory("relais-node-"),
        HubHarness.clusterOf(cluster, port), one.clock);
    try {
      RoomFixture onOne = new RoomFixture(one, "Cours de français");
      String aliceToken = onOne.register("Famille Alice");
      String bobToken = onOne.register("Famille Bob");

      // Alice joins through node one; Bob's ticket comes from node one but opens a socket on node two.
      RoomFixture.Family alice = onOne.admit(aliceToken);
      BridgeClient aliceSocket = BridgeClient.open(clients, one.hub.port(), alice.ticket());
      aliceSocket.register(alice.roster()).register(alice.me());
      aliceSocket.message(alice.me(), "roster");
      RoomFixture.Family bob = onOne.admit(bobToken);
      BridgeClient bobSocket = BridgeClient.open(clients, two.hub.port(), bob.ticket());
      bobSocket.register(bob.roster()).register(bob.me());

      JsonObject bobsRoster = bobSocket.message(bob.me(), "roster");
      assertThat(bobsRoster.getJsonArray("peers").getJsonObject(0).getString("id")).isEqualTo(alice.peerId());
      aliceSocket.await(frame -> frame.encode().contains("\"joined\"") && frame.encode().contains(bob.peerId()));
      aliceSocket.send(bob.me(), new JsonObject().put("type", "offer").put("sdp", "v=0 across nodes"));
      assertThat(bobSocket.message(bob.me(), "offer").getString("from")).isEqualTo(alice.peerId());
      bobSocket.send(alice.me(), new JsonObject().put("type", "answer").put("sdp", "v=0 answer across nodes"));
      assertThat(aliceSocket.message(alice.me(), "answer").getString("from")).isEqualTo(bob.peerId());

      // Node two goes away; Bob's phone reconnects through node one and the room goes on.
      two.stopHub();
      bobSocket.awaitClosed();
      RoomFixture.Family bobAgain = onOne.admit(bobToken);
      BridgeClient bobBack = BridgeClient.open(clients, one.hub.port(), bobAgain.ticket());
      bobBack.register(bobAgain.roster()).register(bobAgain.me());
      bobBack.message(bobAgain.me(), "roster");
      aliceSocket.send(bobAgain.me(), new JsonObject().put("type", "offer").put("sdp", "v=0 after the failover"));
      JsonObject offer = bobBack.await(frame -> frame.encode().contains("after the failover")).getJsonObject("body");
      assertThat(offer.getString("from")).isEqualTo(alice.peerId());
      bobBack.send(alice.me(), new JsonObject().put("type", "answer").put("sdp", "v=0 still here"));
      assertThat(aliceSocket.await(frame -> frame.encode().contains("still here")).getJsonObject("body")
          .getString("from")).isEqualTo(bob.peerId());
      // Bob came back within the grace: one stay each, whichever node wrote them.
      assertThat(one.hub.attendance().stays(onOne.session.id()).await()).hasSize(2);
    } finally {
      clients.close().await();
      one.close();
      deleteQuietly(two.dataDir);
    }
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (Exception ignored) {
      // a temporary directory
    }
  }
}
