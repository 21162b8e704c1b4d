package org.relais.hub.broadcast.rtmp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Role;

/**
 * The OBS path end to end: ffmpeg's test source pushed over RTMP to a real hub with the sitting's stream
 * key comes out as the three HLS renditions a family's link plays; a wrong key is refused.
 */
class RtmpBroadcastTest {
  private HubHarness harness;
  private UUID sessionId;
  private String family;
  private String key;
  private int rtmpPort;
  private Path logs;
  private String staffToken;

  /** Resolves once the video has played {@code seconds} more and decoded frames meanwhile; fails after 60 s. */
  private static final String PLAYS = """
      (seconds) => new Promise((resolve, reject) => {
        const video = document.querySelector('video');
        const deadline = Date.now() + 60000;
        let from = null;
        let framesFrom = 0;
        const check = () => {
          const decoded = video.getVideoPlaybackQuality().totalVideoFrames;
          if (from === null && video.currentTime > 0) { from = video.currentTime; framesFrom = decoded; }
          if (from !== null && video.currentTime - from >= seconds && decoded > framesFrom) {
            return resolve({ time: video.currentTime, frames: decoded, framesFrom, width: video.videoWidth });
          }
          if (Date.now() > deadline) {
            return reject(new Error(`time ${video.currentTime}, frames ${decoded}, ${window.playerErrors.join(' | ')}`));
          }
          setTimeout(check, 200);
        };
        check();
      })""";

  /**
   * A bare test page playing the playlist named in its fragment with hls.js, as a family's player
   * does in a browser without native HLS.
   */
  private static void testPlayer(Router router) {
    byte[] hls;
    try (InputStream in = RtmpBroadcastTest.class.getClassLoader()
        .getResourceAsStream("META-INF/resources/webjars/hls.js/1.4.12/dist/hls.light.min.js")) {
      hls = in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    router.get("/test/hls.js").handler(ctx -> ctx.response().putHeader("Content-Type", "text/javascript")
        .end(Buffer.buffer(hls)));
    router.get("/test/rtmp-player").handler(ctx -> ctx.response().putHeader("Content-Type", "text/html")
        .end("""
            <!doctype html><html lang="fr"><head><meta charset="utf-8"><title>test</title>
            <script src="/test/hls.js"></script></head><body>
            <video muted autoplay playsinline width="320"></video>
            <script>
              window.playerErrors = [];
              const video = document.querySelector('video');
              const hls = new Hls({ liveSyncDurationCount: 2 });
              hls.on(Hls.Events.ERROR, (event, data) => window.playerErrors.push(data.details));
              hls.loadSource(location.hash.substring(1));
              hls.attachMedia(video);
              hls.on(Hls.Events.MANIFEST_PARSED, () => video.play());
            </script></body></html>"""));
  }

  @BeforeEach
  void liveClass() throws IOException {
    harness = HubHarness.start("h2", Map.of(), RtmpBroadcastTest::testPlayer);
    logs = Files.createTempDirectory(harness.dataDir, "push-");
    Centre centre = harness.centre("Centre social Les Tilleuls");
    StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    String token = harness.login(instructor);
    staffToken = token;
    Instant start = HubHarness.START.plus(Duration.ofMinutes(5));
    HttpResponse<Buffer> created = harness.send(HttpMethod.POST, "/api/v1/sessions", token,
        Fixtures.session("Magie en direct", centre.id(), instructor.id(), start.toString(),
            start.plus(Duration.ofHours(1)).toString()).put("videoMode", "BROADCAST").put("homeCapacity", 500));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    sessionId = UUID.fromString(created.bodyAsJsonObject().getString("id"));
    assertThat(harness.send(HttpMethod.POST, "/api/v1/sessions/" + sessionId + "/start", token, null).statusCode())
        .isEqualTo(200);
    String joinUrl = harness.http.post("/api/v1/sessions/" + sessionId + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", "Famille Haddad")).await().bodyAsJsonObject()
        .getString("joinUrl");
    family = joinUrl.substring(joinUrl.indexOf("/j/") + 3);
    HttpResponse<Buffer> ticket = harness.send(HttpMethod.POST, "/api/v1/sessions/" + sessionId + "/broadcast/ingest",
        token, null);
    assertThat(ticket.statusCode()).as(ticket.bodyAsString()).isEqualTo(200);
    JsonObject rtmp = ticket.bodyAsJsonObject().getJsonObject("rtmp");
    assertThat(rtmp.getString("url")).startsWith("rtmp://").endsWith("/" + RtmpServer.APP);
    key = rtmp.getString("key");
    rtmpPort = harness.hub.rtmpPort().orElseThrow();
    // The studio shows the port the hub really listens on, which OBS is given as it stands.
    assertThat(rtmp.getString("url")).contains(":" + rtmpPort + "/");
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void anObsStyleRtmpPushWithTheKeyIsPlayedThroughTheFamilysLink() throws Exception {
    assertThat(harness.get("/b/" + family + "/360p.m3u8").statusCode()).isEqualTo(404);
    Process ffmpeg = push(key, 20, "right");
    try {
      String playlist = awaitSegments("/b/" + family + "/360p.m3u8", 2);
      assertThat(playlist).contains("#EXT-X-PROGRAM-DATE-TIME:");
      assertThat(harness.get("/api/v1/join/" + family).bodyAsJsonObject().getJsonObject("video").getBoolean("live"))
          .isTrue();
      for (String rendition : List.of("360p", "720p", "audio")) {
        String media = awaitSegments("/b/" + family + "/" + rendition + ".m3u8", 2);
        String uri = uris(media).get(uris(media).size() - 1);
        assertThat(uri).startsWith("/b/seg/" + sessionId + "/");
        HttpResponse<Buffer> segment = harness.get(uri);
        assertThat(segment.statusCode()).isEqualTo(200);
        Path file = harness.dataDir.resolve(rendition + ".ts");
        Files.write(file, segment.body().getBytes());
        assertThat(probe(file)).isEqualTo("audio".equals(rendition) ? "aac,audio" : "h264,video;aac,audio");
      }
    } finally {
      ffmpeg.destroy();
      ffmpeg.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void chromiumPlaysTheRtmpStreamThroughHlsJs() throws Exception {
    Process ffmpeg = push(key, 30, "browser");
    try (Browser browser = Browser.launch()) {
      awaitSegments("/b/" + family + "/360p.m3u8", 2);
      BrowserContext context = browser.phone(Browser.baseUrl(harness));
      Page page = context.newPage();
      page.navigate("/test/rtmp-player#/b/" + family + "/index.m3u8");
      @SuppressWarnings("unchecked")
      Map<String, Object> played = (Map<String, Object>) page.evaluate(PLAYS, 3);
      System.out.printf("RTMP ingest: Chromium played %s%n", played);
      assertThat(((Number) played.get("frames")).intValue()).isGreaterThan(((Number) played.get("framesFrom")).intValue());
      assertThat(((Number) played.get("width")).intValue()).isPositive();
    } finally {
      ffmpeg.destroy();
      ffmpeg.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void whenTheSittingsFfmpegDiesTheNextOneResumesFromTheStreamsHeaderAndAKeyframe() throws Exception {
    Process ffmpeg = push(key, 40, "restart");
    try {
      awaitSegments("/b/" + family + "/360p.m3u8", 2);
      ProcessHandle transcoder = ProcessHandle.current().descendants()
          .filter(process -> process.info().commandLine().orElse("").contains(sessionId.toString()))
          .findFirst().orElseThrow();
      long killedAt = System.nanoTime();
      assertThat(transcoder.destroyForcibly()).isTrue();

      String playlist = awaitAfterDiscontinuity("/b/" + family + "/360p.m3u8", 2);
      System.out.printf("RTMP ingest: segments listed again %d ms after ffmpeg was killed%n",
          (System.nanoTime() - killedAt) / 1_000_000);
      JsonObject state = harness.send(HttpMethod.GET, "/api/v1/sessions/" + sessionId + "/broadcast", staffToken, null)
          .bodyAsJsonObject();
      assertThat(state.getLong("lastRestartGapMs")).isPositive();
      System.out.printf("RTMP ingest: the hub measured a gap of %d ms%n", state.getLong("lastRestartGapMs"));
      String after = uris(playlist).get(uris(playlist).size() - 1);
      assertThat(after).contains("/r2-seg-");
      Path file = harness.dataDir.resolve("after-restart.ts");
      Files.write(file, harness.get(after).body().getBytes());
      assertThat(probe(file)).isEqualTo("h264,video;aac,audio");
      assertThat(decodes(file)).isTrue();
    } finally {
      ffmpeg.destroy();
      ffmpeg.waitFor(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void endingTheSittingDisconnectsTheEncoderAndItsKeyOpensNothingMore() throws Exception {
    Process ffmpeg = push(key, 60, "ending");
    try {
      awaitSegments("/b/" + family + "/360p.m3u8", 2);
      HttpResponse<Buffer> ended = harness.send(HttpMethod.POST, "/api/v1/sessions/" + sessionId + "/end", staffToken,
          null);
      assertThat(ended.statusCode()).as(ended.bodyAsString()).isEqualTo(200);
      // The encoder is let go at once rather than pushing into nothing for the remaining minute.
      assertThat(ffmpeg.waitFor(20, TimeUnit.SECONDS)).isTrue();
      assertThat(ffmpeg.exitValue()).isNotZero();
    } finally {
      ffmpeg.destroyForcibly();
    }
    Process again = push(key, 4, "again");
    assertThat(again.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(again.exitValue()).isNotZero();
    assertThat(Files.readString(logs.resolve("again.log"))).contains("Unknown stream key");
  }

  @Test
  void aWrongKeyIsRefusedAndNothingGoesLive() throws Exception {
    String wrong = key.substring(0, key.length() - 2) + (key.endsWith("AA") ? "BB" : "AA");
    Process ffmpeg = push(wrong, 4, "wrong");
    assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(ffmpeg.exitValue()).isNotZero();
    assertThat(Files.readString(logs.resolve("wrong.log"))).contains("Unknown stream key");
    assertThat(harness.get("/api/v1/join/" + family).bodyAsJsonObject().getJsonObject("video").getBoolean("live"))
        .isFalse();
    assertThat(harness.get("/b/" + family + "/360p.m3u8").statusCode()).isEqualTo(404);
  }

  /** The media playlist once it lists at least {@code count} segments (as a player polls it). */
  private String awaitSegments(String path, int count) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<Buffer> response = harness.get(path);
      if (response.statusCode() == 200 && uris(response.bodyAsString()).size() >= count) {
        return response.bodyAsString();
      }
      harness.hub.vertx().timer(500).await();
    }
    throw new AssertionError(path + " listed fewer than " + count + " segments within 60 s");
  }

  /** The media playlist once it lists {@code count} segments of ffmpeg's second run, after a discontinuity. */
  private String awaitAfterDiscontinuity(String path, int count) {
    Instant deadline = Instant.now().plusSeconds(60);
    while (Instant.now().isBefore(deadline)) {
      HttpResponse<Buffer> response = harness.get(path);
      String body = response.bodyAsString();
      if (response.statusCode() == 200 && body.contains("#EXT-X-DISCONTINUITY\n")
          && uris(body).stream().filter(uri -> uri.contains("/r2-seg-")).count() >= count) {
        return body;
      }
      harness.hub.vertx().timer(250).await();
    }
    throw new AssertionError(path + " listed fewer than " + count + " segments after a restart within 60 s");
  }

  private Process push(String streamKey, int seconds, String name) throws IOException {
    return new ProcessBuilder("/usr/bin/ffmpeg", "-hide_banner", "-nostdin", "-loglevel", "info",
        "-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-f", "lavfi", "-i", "sine=frequency=440",
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "25", "-c:a", "aac",
        "-t", String.valueOf(seconds), "-f", "flv", "rtmp://127.0.0.1:" + rtmpPort + "/live/" + streamKey)
        .redirectErrorStream(true).redirectOutput(logs.resolve(name + ".log").toFile()).start();
  }

  private static List<String> uris(String playlist) {
    return Arrays.stream(playlist.split("\n")).filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
  }

  private static boolean decodes(Path media) throws Exception {
    Process ffmpeg = new ProcessBuilder("/usr/bin/ffmpeg", "-v", "error", "-i", media.toString(), "-f", "null", "-")
        .redirectErrorStream(true).start();
    String out = new String(ffmpeg.getInputStream().readAllBytes()).strip();
    assertThat(ffmpeg.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return ffmpeg.exitValue() == 0 && out.isEmpty();
  }

  private static String probe(Path media) throws Exception {
    Process ffprobe = new ProcessBuilder("/usr/bin/ffprobe", "-v", "error", "-show_entries",
        "stream=codec_name,codec_type", "-of", "csv=p=0", media.toString()).redirectErrorStream(true).start();
    String out = new String(ffprobe.getInputStream().readAllBytes()).strip();
    assertThat(ffprobe.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return String.join(";", out.lines().map(String::strip).filter(line -> !line.isEmpty()).distinct().toList());
  }
}
