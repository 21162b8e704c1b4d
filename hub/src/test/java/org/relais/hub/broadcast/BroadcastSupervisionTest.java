package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ffmpeg supervised: restarted when it dies mid-broadcast, stopped when the sitting ends or the hub stops. */
class BroadcastSupervisionTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final int SECONDS = 40;
  private final Vertx client = Vertx.vertx();
  private LiveClass live;

  @AfterEach
  void stop() {
    if (live != null) {
      live.close();
    }
    client.close().await();
  }

  /** Sends the test stream at the pace of a camera, on a thread of its own; completes when all is sent. */
  private CompletableFuture<Void> broadcast(Studio studio) throws Exception {
    byte[] webm = Studio.testWebm(SECONDS);
    return CompletableFuture.runAsync(() -> {
      try {
        studio.send(webm, webm.length / SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        // The hub closed the socket: the test says whether it should have.
      }
    });
  }

  private static boolean ended(long pid, Duration within) throws Exception {
    var handle = ProcessHandle.of(pid);
    if (handle.isEmpty()) {
      return true;
    }
    try {
      handle.get().onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
      return true;
    } catch (java.util.concurrent.TimeoutException e) {
      return false;
    }
  }

  @Test
  void ffmpegKilledMidBroadcastIsRestartedAndThePlaylistGoesOnAfterADiscontinuity() throws Exception {
    live = LiveClass.start(Map.of());
    String family = live.register("Famille Benali");
    try (Studio studio = Studio.open(client, live.ingestTicket().getString("url"))) {
      CompletableFuture<Void> sending = broadcast(studio);
      studio.await("onAir", WAIT);
      String path = "/b/" + family + "/360p.m3u8";
      live.awaitPlaylist(path, playlist -> LiveClass.uris(playlist).size() >= 4, WAIT);
      long pid = live.broadcast().ffmpegPid();
      assertThat(pid).isPositive();
      // Paced as a camera sends: how old a segment's last frame is when the hub lists it, and the newest
      // segment's age against this clock (a player at the live edge plays about three segments behind it).
      String edge = live.awaitPlaylist(path, playlist -> true, WAIT);
      String newest = edge.lines().filter(line -> line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")).reduce((a, b) -> b)
          .orElseThrow().substring(25);
      System.out.printf("BROADCAST latency: segment listed %d ms after its last frame; newest segment began %d ms"
          + " ago%n", live.state().getLong("latencyMs"),
          System.currentTimeMillis() - java.time.Instant.parse(newest).toEpochMilli());

      long killedAt = System.nanoTime();
      ProcessHandle.of(pid).orElseThrow().destroyForcibly();
      assertThat(ended(pid, WAIT)).isTrue();
      assertThat(studio.await("restarting", WAIT)).isNotNull();
      String resumed = live.awaitPlaylist(path, playlist -> playlist.contains("/r2-seg-"), WAIT);
      long gapMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
      // The studio hears it is back on air: a second "onAir", after the restart.
      assertThat(studio.awaitAfter("restarting", "onAir", WAIT)).isNotNull();
      System.out.printf("BROADCAST restart: ffmpeg killed (SIGKILL) -> next segment in the live playlist after %d ms"
          + " (hub's own measure: %s ms)%n", gapMillis, live.broadcast().lastGap().toMillis());

      // One media sequence across runs, a discontinuity where the new run begins, the player's next segment there.
      List<String> lines = List.of(resumed.split("\n"));
      int discontinuity = lines.indexOf("#EXT-X-DISCONTINUITY");
      assertThat(discontinuity).isPositive();
      assertThat(lines.subList(discontinuity, lines.size()).stream().filter(line -> line.startsWith("/b/seg/"))
          .findFirst().orElseThrow()).contains("/r2-seg-00000.ts");
      assertThat(live.broadcast().ffmpegPid()).isPositive().isNotEqualTo(pid);
      HttpResponse<Buffer> segment = live.harness.get(LiveClass.uris(resumed).get(LiveClass.uris(resumed).size() - 1));
      assertThat(segment.statusCode()).isEqualTo(200);
      assertThat(gapMillis).isLessThan(10_000);
      assertThat(live.state().getLong("lastRestartGapMs")).isPositive();
      studio.close();
      sending.cancel(true);
    }
  }

  @Test
  void aStudioWhoseLineDroppedGoesOnWithTheSameBroadcastAndANewerSourceTakesOver() throws Exception {
    live = LiveClass.start(Map.of());
    String family = live.register("Famille Benali");
    String path = "/b/" + family + "/360p.m3u8";
    // The instructor's line drops: the socket goes, the sitting and its families' playlist stay.
    try (Studio first = Studio.open(client, live.ingestTicket().getString("url"))) {
      first.send(Studio.testWebm(6), 0);
      first.await("onAir", WAIT);
      live.awaitPlaylist(path, playlist -> playlist.contains("/r1-seg-00003.ts"), WAIT);
    }
    String before = live.awaitPlaylist(path, playlist -> true, WAIT);

    // The studio dials again with a new ticket: the same playlist goes on, past a discontinuity.
    try (Studio back = Studio.open(client, live.ingestTicket().getString("url"))) {
      CompletableFuture<Void> sending = broadcast(back);
      // On air once its own stream is listed, not on the dropped stream's last segments.
      back.awaitAfter("receiving", "onAir", WAIT);
      String resumed = live.awaitPlaylist(path, playlist -> playlist.contains("/r2-seg-00001.ts"), WAIT);
      assertThat(resumed).contains("#EXT-X-DISCONTINUITY");
      assertThat(mediaSequence(resumed)).isGreaterThanOrEqualTo(mediaSequence(before));

      // OBS (or another browser) starts sending: the studio is told it was replaced, and is refused for good,
      // so the two do not take the sitting from each other in turn.
      try (Studio newer = Studio.open(client, live.ingestTicket().getString("url"))) {
        newer.send(Studio.testWebm(6), 0);
        assertThat(back.await("error", WAIT).getString("reason")).isEqualTo("replaced");
        assertThat(back.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(IngestSocket.REFUSED);
        newer.await("onAir", WAIT);
        String taken = live.awaitPlaylist(path, playlist -> playlist.contains("/r3-seg-00001.ts"), WAIT);
        assertThat(mediaSequence(taken)).isGreaterThanOrEqualTo(mediaSequence(resumed));
      }
      sending.cancel(true);
    }
  }

  private static long mediaSequence(String playlist) {
    return playlist.lines().filter(line -> line.startsWith("#EXT-X-MEDIA-SEQUENCE:")).findFirst()
        .map(line -> Long.parseLong(line.substring(22))).orElseThrow();
  }

  @Test
  void endingTheSittingStopsFfmpegAndTellsTheStudio() throws Exception {
    live = LiveClass.start(Map.of());
    try (Studio studio = Studio.open(client, live.ingestTicket().getString("url"))) {
      broadcast(studio);
      studio.await("onAir", WAIT);
      long pid = live.broadcast().ffmpegPid();
      assertThat(live.state().getBoolean("live")).isTrue();

      HttpResponse<Buffer> ended = live.harness.send(HttpMethod.POST, "/api/v1/sessions/" + live.sessionId + "/end",
          live.instructorToken, null);
      assertThat(ended.statusCode()).isEqualTo(200);
      JsonObject error = studio.await("error", WAIT);
      assertThat(error.getString("reason")).isEqualTo("ended");
      assertThat(studio.closed.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(IngestSocket.REFUSED);
      assertThat(ended(pid, WAIT)).isTrue();
      assertThat(live.harness.hub.broadcast().service().here(live.sessionId)).isEmpty();
      assertThat(live.harness.hub.broadcast().service().live(live.sessionId).await()).isFalse();
    }
  }

  @Test
  void theHubStoppingKillsItsFfmpegs() throws Exception {
    live = LiveClass.start(Map.of());
    Studio studio = Studio.open(client, live.ingestTicket().getString("url"));
    broadcast(studio);
    studio.await("onAir", WAIT);
    long pid = live.broadcast().ffmpegPid();
    live.harness.stopHub();
    assertThat(ended(pid, Duration.ofSeconds(10))).isTrue();
    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    live.harness.database().close();
    live = null;
  }
}
