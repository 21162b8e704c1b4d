package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A class its centre also publishes on a platform (PeerTube live, YouTube, Facebook): the hub pushes the broadcast
 * to the session's secret RTMP target while families watch it on Relais.
 */
class BroadcastRestreamTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @Test
  void theSessionsPlatformReceivesThePictureAndTheSoundWhileFamiliesWatch() throws Exception {
    Vertx client = Vertx.vertx();
    LiveClass first = LiveClass.start(Map.of());
    int port = freePort();
    String target = "rtmp://127.0.0.1:" + port + "/live/centre-secret-key";
    LiveClass live = first.restartedWith(Map.of("broadcast.restream", first.sessionId + "=" + target));
    Path received = live.harness.dataDir.resolve("platform.flv");
    // The platform lies outside Relais: ffmpeg listening for one publisher stands in for it, keeping what it gets.
    Process platform = new ProcessBuilder("ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "error", "-listen", "1",
        "-i", target, "-c", "copy", "-f", "flv", received.toString())
        .redirectErrorStream(true).redirectOutput(live.harness.dataDir.resolve("platform.log").toFile()).start();
    try {
      awaitListening(port);
      String family = live.register("Famille Benali");
      try (Studio studio = Studio.open(client, live.ingestTicket().getString("url"))) {
        studio.send(Studio.testWebm(12), 0);
        studio.await("onAir", WAIT);
        live.awaitPlaylist("/b/" + family + "/360p.m3u8", playlist -> playlist.contains("r1-seg-00008.ts"), WAIT);
        assertThat(live.harness.send(HttpMethod.POST, "/api/v1/sessions/" + live.sessionId + "/end",
            live.instructorToken, null).statusCode()).isEqualTo(200);
      }
      // The sitting's end closes the hub's push; the platform's recording ends with it.
      assertThat(platform.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("the platform's stream ended").isTrue();
      assertThat(Studio.probe(received)).isEqualTo("h264,video;aac,audio");
      assertThat(Studio.decodes(received)).isTrue();
      assertThat(Studio.seconds(received)).isGreaterThan(6);
      System.out.printf("BROADCAST restream: the platform received %.2f s, %d bytes%n", Studio.seconds(received),
          Files.size(received));
    } finally {
      platform.destroyForcibly();
      live.close();
      client.close().await();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  /** Waits until a socket listens on {@code port} of this machine, as the kernel's table of TCP sockets says. */
  private static void awaitListening(int port) throws IOException, InterruptedException {
    String local = String.format(":%04X", port);
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (Files.readAllLines(Path.of("/proc/net/tcp")).stream().map(line -> line.strip().split("\\s+"))
        .noneMatch(columns -> columns[1].endsWith(local) && "0A".equals(columns[3]))) {
      assertThat(System.nanoTime()).as("nothing listens on port " + port).isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
