package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.join.Attendance;

/** A viewer is a link polling the live playlist: a stay from its first poll until it stops polling. */
class BroadcastViewersTest {
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

  private JsonObject home() {
    return live.harness.send(HttpMethod.GET, "/api/v1/sessions/" + live.sessionId + "/live", live.instructorToken,
        null).bodyAsJsonObject().getJsonObject("home");
  }

  /** Waits for the sweeper (once a second) or the stays' writes, asking as the console would. */
  private JsonObject awaitState(Predicate<JsonObject> matches) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    JsonObject state = live.state();
    while (!matches.test(state) && System.nanoTime() < deadline) {
      Thread.sleep(200);
      state = live.state();
    }
    return state;
  }

  @Test
  void linksPollingThePlaylistAreViewersAndTheirStaysCountAtHome() throws Exception {
    live = LiveClass.start(Map.of());
    String first = live.register("Famille Benali");
    String second = live.register("Famille Martin");
    try (Studio studio = Studio.open(client, live.ingestTicket().getString("url"))) {
      studio.send(Studio.testWebm(12), 0);
      studio.await("onAir", WAIT);
      assertThat(live.state().getInteger("viewers")).isZero();

      // The master playlist alone is no viewing; polling a media playlist, again and again, is one viewer.
      live.harness.get("/b/" + first + "/index.m3u8");
      for (int poll = 0; poll < 3; poll++) {
        live.harness.get("/b/" + first + "/360p.m3u8");
        live.harness.get("/b/" + second + "/audio.m3u8");
      }
      assertThat(awaitState(state -> state.getInteger("viewers") == 2).getInteger("viewers")).isEqualTo(2);
      assertThat(home().getInteger("present")).isEqualTo(2);
      List<Attendance.Stay> stays = live.harness.hub.attendance().goingOn(Attendance.Source.BROADCAST).await();
      assertThat(stays).hasSize(2).allSatisfy(stay -> assertThat(stay.sittingDate()).isEqualTo("2026-11-23"));

      // The first family stops polling: past three target durations (and a little), its stay ends.
      live.harness.clock.advance(Duration.ofSeconds(6));
      live.harness.get("/b/" + second + "/audio.m3u8");
      assertThat(awaitState(state -> state.getInteger("viewers") == 1).getInteger("viewers")).isEqualTo(1);
      assertThat(home().getInteger("present")).isEqualTo(1);
      assertThat(home().getInteger("stays")).isEqualTo(2);
    }
  }
}
