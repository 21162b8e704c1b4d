package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.HubHarness;

/**
 * A hub stopped during a broadcast (a deployment, a crash): the studio coming back to it goes on with the same
 * broadcast, and once the sitting is over, the hub started again makes its replay.
 */
class BroadcastHubRestartTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void aStudioBackOnTheRestartedHubGoesOnWithoutOverwritingWhatWasBroadcast() throws Exception {
    Vertx client = Vertx.vertx();
    LiveClass live = LiveClass.start(Map.of());
    LiveClass again = null;
    try {
      String family = live.register("Famille Benali");
      try (Studio studio = Studio.open(client, live.ingestTicket().getString("url"))) {
        studio.send(Studio.testWebm(6), 0);
        studio.await("onAir", WAIT);
        live.awaitPlaylist("/b/" + family + "/audio.m3u8", playlist -> playlist.contains("r1-seg-00003.ts"), WAIT);
      }
      again = live.restartedWith(Map.of());
      try (Studio studio = Studio.open(client, again.ingestTicket().getString("url"))) {
        studio.send(Studio.testWebm(6), 0);
        studio.await("onAir", WAIT);
        String resumed = again.awaitPlaylist("/b/" + family + "/audio.m3u8",
            playlist -> playlist.contains("r2-seg-00003.ts"), WAIT);
        assertThat(resumed).contains("#EXT-X-DISCONTINUITY");
        assertThat(again.harness.send(HttpMethod.POST, "/api/v1/sessions/" + live.sessionId + "/end",
            live.instructorToken, null).statusCode()).isEqualTo(200);
        studio.await("error", WAIT);
      }
      // The replay holds both runs, in order: what went out before the restart was not written over.
      List<String> replay = LiveClass.uris(again.awaitPlaylist("/b/" + family + "/replay/audio.m3u8",
          playlist -> true, WAIT));
      assertThat(replay).anyMatch(uri -> uri.contains("/r1-seg-00000.ts"));
      assertThat(replay.indexOf(replay.stream().filter(uri -> uri.contains("/r2-seg-00000.ts")).findFirst()
          .orElseThrow())).isGreaterThan(replay.indexOf(replay.stream()
              .filter(uri -> uri.contains("/r1-seg-00003.ts")).findFirst().orElseThrow()));
    } finally {
      (again != null ? again : live).close();
      client.close().await();
    }
  }

  @Test
  void theReplayOfASittingCutByAStoppedHubIsMadeWhenItIsOver() throws Exception {
    Vertx client = Vertx.vertx();
    LiveClass live = LiveClass.start(Map.of());
    HubHarness again = null;
    try {
      String family = live.register("Famille Benali");
      try (Studio studio = Studio.open(client, live.ingestTicket().getString("url"))) {
        studio.send(Studio.testWebm(12), 0);
        studio.await("onAir", WAIT);
        live.awaitPlaylist("/b/" + family + "/audio.m3u8", playlist -> playlist.contains("r1-seg-00005.ts"), WAIT);
        live.harness.stopHub();
      }
      again = HubHarness.startOn(live.harness.database(), live.harness.dataDir, Map.of(), live.harness.clock);
      assertThat(again.hub.broadcast().finishUnfinished().await()).as("the sitting is still live").isZero();
      HttpResponse<Buffer> ended = again.send(HttpMethod.POST, "/api/v1/sessions/" + live.sessionId + "/end",
          live.instructorToken, null);
      assertThat(ended.statusCode()).isEqualTo(200);
      assertThat(again.hub.broadcast().finishUnfinished().await()).isEqualTo(1);
      HttpResponse<Buffer> replay = again.get("/b/" + family + "/replay/audio.m3u8");
      assertThat(replay.statusCode()).isEqualTo(200);
      assertThat(LiveClass.uris(replay.bodyAsString()).size()).isGreaterThanOrEqualTo(6);
      assertThat(again.get("/b/" + family + "/replay/audio.m4a").statusCode()).isEqualTo(200);
      assertThat(again.hub.broadcast().finishUnfinished().await()).isZero();
    } finally {
      if (again != null) {
        again.close();
      } else {
        live.harness.database().close();
      }
      client.close().await();
    }
  }
}
