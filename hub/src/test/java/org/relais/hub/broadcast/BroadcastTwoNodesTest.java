package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.HubHarness;

/**
 * Two clustered hub nodes, each with its own data directory: the studio's stream comes into one, which runs
 * ffmpeg and holds the files; a family on the other watches the same playlists and segments, fetched over the
 * event bus, is counted as a viewer, and finds the replay there after the end.
 */
class BroadcastTwoNodesTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void theIngestNodeServesAndTheOtherNodeFetchesFromIt() throws Exception {
    String cluster = "relais-test-" + UUID.randomUUID();
    int port = 20_000 + ThreadLocalRandom.current().nextInt(20_000);
    HubHarness one = HubHarness.start("h2", HubHarness.clusterOf(cluster, port));
    HubHarness two = HubHarness.startOn(one.database(), Files.createTempDirectory("relais-node-"),
        HubHarness.clusterOf(cluster, port), one.clock);
    Vertx client = Vertx.vertx();
    try {
      LiveClass live = LiveClass.on(one);
      String family = live.register("Famille Benali");
      try (Studio studio = Studio.open(client, live.ingestTicket().getString("url"))) {
        studio.send(Studio.testWebm(12), 0);
        studio.await("onAir", WAIT);
        live.awaitPlaylist("/b/" + family + "/360p.m3u8", playlist -> playlist.contains("r1-seg-00003.ts"), WAIT);

        JsonObject video = two.get("/api/v1/join/" + family).bodyAsJsonObject().getJsonObject("video");
        assertThat(video.getBoolean("live")).isTrue();
        for (String rendition : List.of("360p", "720p", "audio")) {
          HttpResponse<Buffer> onOne = one.get("/b/" + family + "/" + rendition + ".m3u8");
          HttpResponse<Buffer> onTwo = two.get("/b/" + family + "/" + rendition + ".m3u8");
          assertThat(onTwo.statusCode()).isEqualTo(200);
          assertThat(onTwo.getHeader("Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
          String segment = LiveClass.uris(onTwo.bodyAsString()).get(0);
          assertThat(LiveClass.uris(onOne.bodyAsString())).contains(segment);
          HttpResponse<Buffer> fromTwo = two.get(segment);
          assertThat(fromTwo.statusCode()).isEqualTo(200);
          assertThat(fromTwo.body().getBytes()).isEqualTo(one.get(segment).body().getBytes());
        }
        assertThat(two.dataDir.resolve("broadcast")).doesNotExist();
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (live.state().getInteger("viewers") < 1 && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertThat(live.state().getInteger("viewers")).isEqualTo(1);

        // Ended through node two: node one, which runs ffmpeg, stops it and makes the replay.
        HttpResponse<Buffer> ended = two.send(HttpMethod.POST, "/api/v1/sessions/" + live.sessionId + "/end",
            live.instructorToken, null);
        assertThat(ended.statusCode()).isEqualTo(200);
        assertThat(studio.await("error", WAIT).getString("reason")).isEqualTo("ended");
      }
      long deadline = System.nanoTime() + WAIT.toNanos();
      HttpResponse<Buffer> replay = two.get("/b/" + family + "/replay/audio.m3u8");
      while (replay.statusCode() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        replay = two.get("/b/" + family + "/replay/audio.m3u8");
      }
      assertThat(replay.statusCode()).isEqualTo(200);
      assertThat(two.get(LiveClass.uris(replay.bodyAsString()).get(0)).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> audio = two.get("/b/" + family + "/replay/audio.m4a");
      assertThat(audio.statusCode()).isEqualTo(200);
      assertThat(audio.body().length()).isEqualTo((int) Files.size(one.dataDir.resolve("broadcast")
          .resolve(live.sessionId.toString()).resolve("2026-11-23").resolve(Replays.AUDIO)));
    } finally {
      client.close().await();
      two.stopHub();
      one.close();
    }
  }
}
