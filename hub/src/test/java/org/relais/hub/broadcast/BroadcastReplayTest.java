package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** After the sitting: its replay (VOD playlists, the sound as m4a) for its families, erased after the replay days. */
class BroadcastReplayTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final Vertx client = Vertx.vertx();
  private LiveClass live;

  @AfterEach
  void stop() {
    if (live != null) {
      live.close();
    }
    client.close().await();
  }

  @Test
  void theEndedSittingBecomesAReplayForItsFamiliesUntilTheReplayDaysArePast() throws Exception {
    live = LiveClass.start(Map.of("broadcast.replayDays", "14"));
    String family = live.register("Famille Benali");
    String revoked = live.register("Famille Martin");
    assertThat(live.harness.get("/b/" + family + "/replay/index.m3u8").statusCode()).isEqualTo(404);
    String liveSegment;
    try (Studio studio = Studio.open(client, live.ingestTicket().getString("url"))) {
      studio.send(Studio.testWebm(12), 0);
      studio.await("onAir", WAIT);
      String livePlaylist = live.awaitPlaylist("/b/" + family + "/audio.m3u8",
          playlist -> playlist.contains("r1-seg-00008.ts"), WAIT);
      liveSegment = LiveClass.uris(livePlaylist).get(0);
      assertThat(live.harness.get(liveSegment).statusCode()).isEqualTo(200);
      HttpResponse<Buffer> ended = live.harness.send(HttpMethod.POST, "/api/v1/sessions/" + live.sessionId + "/end",
          live.instructorToken, null);
      assertThat(ended.statusCode()).isEqualTo(200);
      studio.await("error", WAIT);
    }
    String replay = live.awaitPlaylist("/b/" + family + "/replay/360p.m3u8", playlist -> true, WAIT);
    // The live segment URI copied out of the page is worth nothing once the sitting ended, well before its expiry.
    assertThat(live.harness.get(liveSegment).statusCode()).isEqualTo(404);
    assertThat(live.harness.get(liveSegment.replace("&sig=", "&replay=1&sig=")).statusCode()).isEqualTo(404);
    assertThat(replay).contains("#EXT-X-PLAYLIST-TYPE:VOD", "#EXT-X-ENDLIST", "#EXT-X-MEDIA-SEQUENCE:0");
    List<String> segments = LiveClass.uris(replay);
    assertThat(segments.size()).isGreaterThanOrEqualTo(9);
    HttpResponse<Buffer> first = live.harness.get(segments.get(0));
    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(LiveClass.uris(live.harness.get("/b/" + family + "/replay/index.m3u8").bodyAsString()))
        .containsExactly("360p.m3u8", "720p.m3u8", "audio.m3u8");

    HttpResponse<Buffer> audio = live.harness.get("/b/" + family + "/replay/audio.m4a");
    assertThat(audio.statusCode()).isEqualTo(200);
    assertThat(audio.getHeader("Content-Type")).isEqualTo("audio/mp4");
    Path m4a = live.harness.dataDir.resolve("replay-download.m4a");
    Files.write(m4a, audio.body().getBytes());
    assertThat(Studio.probe(m4a)).isEqualTo("aac,audio");
    assertThat(Studio.decodes(m4a)).isTrue();
    double listed = live.awaitPlaylist("/b/" + family + "/replay/audio.m3u8", playlist -> true, WAIT).lines()
        .filter(line -> line.startsWith("#EXTINF:"))
        .mapToDouble(line -> Double.parseDouble(line.substring(8, line.indexOf(',')))).sum();
    // The sound lasts as long as the segments it is made of.
    assertThat(Studio.seconds(m4a)).isCloseTo(listed, org.assertj.core.data.Offset.offset(0.2));
    System.out.printf("BROADCAST replay: %d segments per rendition (%.2f s), replay.m4a %d bytes (%.2f s)%n",
        segments.size(), listed, audio.body().length(), Studio.seconds(m4a));

    // A family whose registration was cancelled gets no replay.
    String registrationId = live.harness.send(HttpMethod.GET, "/api/v1/sessions/" + live.sessionId + "/registrations",
        live.adminToken, null).bodyAsJsonObject().getJsonArray("items").stream()
        .map(io.vertx.core.json.JsonObject.class::cast)
        .filter(item -> "Famille Martin".equals(item.getString("displayName"))).findFirst().orElseThrow()
        .getString("id");
    live.harness.send(HttpMethod.POST, "/api/v1/registrations/" + registrationId + "/cancel", live.adminToken, null);
    live.harness.clock.advance(Duration.ofSeconds(3));
    assertThat(live.harness.get("/b/" + revoked + "/replay/360p.m3u8").statusCode()).isEqualTo(404);
    assertThat(live.harness.get("/b/" + revoked + "/replay/audio.m4a").statusCode()).isEqualTo(404);

    // Thirteen days on, it is still there; the retention job erases nothing yet.
    Path files = live.harness.dataDir.resolve("broadcast").resolve(live.sessionId.toString());
    live.harness.clock.advance(Duration.ofDays(13));
    assertThat(live.harness.hub.broadcast().eraseExpiredReplays().await()).isZero();
    assertThat(live.harness.get("/b/" + family + "/replay/audio.m3u8").statusCode()).isEqualTo(200);
    // Past the fourteen replay days: not shown, and the daily job erases the files.
    live.harness.clock.advance(Duration.ofDays(2));
    assertThat(live.harness.get("/b/" + family + "/replay/audio.m3u8").statusCode()).isEqualTo(404);
    assertThat(live.harness.hub.broadcast().eraseExpiredReplays().await()).isEqualTo(1);
    assertThat(files).doesNotExist();
    assertThat(live.harness.get(segments.get(0)).statusCode()).isEqualTo(404);
  }
}
