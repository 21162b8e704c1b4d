package org.relais.site.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.relais.protocol.Category;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;
import org.relais.protocol.site.Sitting;

/**
 * The relay against an HLS origin shaped like the hub's broadcast routes, over a live ffmpeg: it pulls each
 * segment once while two LAN players get every one; the origin's line is cut then restored and the players
 * resume; the sitting leaves the schedule and the LAN gets nothing more.
 */
class BroadcastRelayTest {
  private static final UUID SESSION = UUID.randomUUID();
  private static final String TOKEN = "screen-token";

  @Test
  void theRelayPullsOnceServesTwoPlayersAndResumesAfterACut() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (TestSource source = TestSource.start()) {
      HlsOrigin origin = new HlsOrigin(vertx, source.dir, TOKEN, freePort());
      Instant now = Instant.now();
      Sitting live = new Sitting(SESSION, "Magie en direct", Category.MAGIC, "fr", now.minusSeconds(600),
          now.plusSeconds(3600), SittingState.LIVE, 12, "http://hub/j/" + TOKEN, null, null, VideoMode.BROADCAST,
          TOKEN);
      Sitting direct = new Sitting(UUID.randomUUID(), "Atelier", Category.DIGITAL_SKILLS, "fr", now.minusSeconds(600),
          now.plusSeconds(3600), SittingState.LIVE, 12, "http://hub/j/x", null, null, VideoMode.DIRECT, "x");
      AtomicReference<List<Sitting>> schedule = new AtomicReference<>(List.of(direct));
      BroadcastRelay relay = new BroadcastRelay(URI.create(origin.url()), schedule::get, Clock.systemUTC(),
          new BroadcastRelayConfig(16, Duration.ofSeconds(2)));
      AtomicInteger changes = new AtomicInteger();
      relay.whenChanged(changes::incrementAndGet);
      vertx.deployVerticle(relay).await();
      Router router = Router.router(vertx);
      relay.mount(router);
      HttpServer lan = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
      String base = "http://127.0.0.1:" + lan.actualPort() + "/broadcast/" + SESSION;
      WebClient client = WebClient.create(vertx);

      // A sitting in another mode is not pulled.
      assertThat(relay.status()).isEmpty();
      assertThat(client.getAbs(base + "/720p.m3u8").send().await().statusCode()).isEqualTo(404);
      schedule.set(List.of(direct, live));
      relay.scheduleChanged();
      await("the relay to receive", Duration.ofSeconds(30),
          () -> relay.status().map(s -> s.state() == BroadcastState.RECEIVING).orElse(false));

      try (LanPlayer first = new LanPlayer(vertx, URI.create(base + "/720p.m3u8"));
          LanPlayer second = new LanPlayer(vertx, URI.create(base + "/720p.m3u8"));
          LanPlayer listener = new LanPlayer(vertx, URI.create(base + "/audio.m3u8"))) {
        await("ten segments at each player", Duration.ofSeconds(40),
            () -> first.got.size() >= 10 && second.got.size() >= 10 && listener.got.size() >= 10);
        String playlist = client.getAbs(base + "/720p.m3u8").send().await().bodyAsString();
        assertThat(playlist).contains("#EXT-X-PROGRAM-DATE-TIME:", "#EXT-X-TARGETDURATION:1")
            .doesNotContain("/b/seg", "sig=");

        // The hub's line drops for a while: the LAN keeps answering with what it holds.
        int sourceSequenceAtCut = mediaSequence(source);
        origin.cut();
        long cutAt = System.nanoTime();
        await("the relay to notice", Duration.ofSeconds(10),
            () -> relay.status().map(s -> s.state() == BroadcastState.RECONNECTING).orElse(false));
        assertThat(client.getAbs(base + "/status").send().await().bodyAsJsonObject().getString("state"))
            .isEqualTo("RECONNECTING");
        await("ffmpeg to write five more segments", Duration.ofSeconds(20),
            () -> mediaSequence(source) >= sourceSequenceAtCut + 5);
        assertThat(client.getAbs(base + "/720p.m3u8").send().await().statusCode()).isEqualTo(200);
        int heldAtRestore = first.got.size();
        long lastBeforeCut = first.got.get(heldAtRestore - 1).atNanos();
        origin.restore();
        long restoredAt = System.nanoTime();
        await("the players to resume", Duration.ofSeconds(30),
            () -> first.got.size() >= heldAtRestore + 3 && second.got.size() >= heldAtRestore + 3);
        long resumedAt = first.got.get(heldAtRestore).atNanos();
        System.out.printf("relay-site hub link cut %.1f s: last segment before the cut to first after: %.1f s;"
            + " restored to a player's first new segment: %.2f s%n", (restoredAt - cutAt) / 1e9,
            (resumedAt - lastBeforeCut) / 1e9, (resumedAt - restoredAt) / 1e9);
        assertThat(Duration.ofNanos(resumedAt - restoredAt)).isLessThan(Duration.ofSeconds(5));

        // Every segment reached each player, in order, none missing; the origin served each one once.
        for (LanPlayer player : List.of(first, second, listener)) {
          List<Long> sequences = player.got.stream().map(LanPlayer.Got::sequence).toList();
          for (int i = 1; i < sequences.size(); i++) {
            assertThat(sequences.get(i)).isEqualTo(sequences.get(i - 1) + 1);
          }
          assertThat(player.failedSegments).isEmpty();
        }
        assertThat(origin.segmentRequests).isNotEmpty();
        for (Map.Entry<String, AtomicInteger> served : origin.segmentRequests.entrySet()) {
          assertThat(served.getValue().get()).as(served.getKey()).isEqualTo(1);
        }
        assertThat(relay.segmentsFetched()).isEqualTo(origin.segmentRequests.size());
        String afterGap = client.getAbs(base + "/720p.m3u8").send().await().bodyAsString();
        System.out.println("relay-site LAN playlist after the cut:\n" + afterGap);
      }
      assertThat(changes.get()).isGreaterThanOrEqualTo(3);

      // The sitting ends: the pull stops and the LAN has nothing more.
      schedule.set(List.of(direct));
      relay.scheduleChanged();
      await("the pull to stop", Duration.ofSeconds(5), () -> relay.status().isEmpty());
      assertThat(client.getAbs(base + "/720p.m3u8").send().await().statusCode()).isEqualTo(404);
      assertThat(client.getAbs(base + "/720p/0.ts").send().await().statusCode()).isEqualTo(404);
      origin.close();
    } finally {
      vertx.close().await();
    }
  }

  private static int mediaSequence(TestSource source) {
    try {
      String text = Files.readString(source.dir.resolve("720p.m3u8"));
      return Integer.parseInt(text.replaceAll("(?s).*#EXT-X-MEDIA-SEQUENCE:(\\d+).*", "$1"));
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
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

  static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
