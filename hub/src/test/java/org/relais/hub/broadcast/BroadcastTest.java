package org.relais.hub.broadcast;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Role;

/** A broadcast through real parts: a hub on port 0, the studio's WebSocket, real ffmpeg, HTTP players. */
class BroadcastTest {
  private static final Duration WAIT = Duration.ofSeconds(60);
  private final Vertx client = Vertx.vertx();
  private HubHarness harness;
  private String instructorToken;
  private String adminToken;
  private UUID sessionId;

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
    client.close().await();
  }

  /** A BROADCAST class starting now, its sitting started by its instructor. */
  private void liveClass(Map<String, String> config) {
    harness = HubHarness.start("h2", config);
    Centre centre = harness.centre("Centre social Les Tilleuls");
    StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    instructorToken = harness.login(instructor);
    adminToken = harness.login(harness.staff(Role.ADMIN, Set.of()));
    Instant start = HubHarness.START.plus(Duration.ofMinutes(5));
    HttpResponse<Buffer> created = harness.send(HttpMethod.POST, "/api/v1/sessions", instructorToken,
        Fixtures.session("Cuisine en direct", centre.id(), instructor.id(), start.toString(),
            start.plus(Duration.ofHours(1)).toString()).put("videoMode", "BROADCAST").put("homeCapacity", 500));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    sessionId = UUID.fromString(created.bodyAsJsonObject().getString("id"));
    HttpResponse<Buffer> started = harness.send(HttpMethod.POST, "/api/v1/sessions/" + sessionId + "/start",
        instructorToken, null);
    assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
  }

  private String register(String name) {
    String url = harness.http.post("/api/v1/sessions/" + sessionId + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject().getString("joinUrl");
    return url.substring(url.indexOf("/j/") + 3);
  }

  private JsonObject ingestTicket() {
    HttpResponse<Buffer> ticket = harness.send(HttpMethod.POST, "/api/v1/sessions/" + sessionId
        + "/broadcast/ingest", instructorToken, null);
    assertThat(ticket.statusCode()).as(ticket.bodyAsString()).isEqualTo(200);
    return ticket.bodyAsJsonObject();
  }

  private static List<String> uris(String playlist) {
    return Arrays.stream(playlist.split("\n")).filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
  }

  private Path download(String uri, String name) throws Exception {
    HttpResponse<Buffer> segment = harness.get(uri);
    assertThat(segment.statusCode()).as(uri).isEqualTo(200);
    assertThat(segment.getHeader("Content-Type")).isEqualTo("video/mp2t");
    Path file = harness.dataDir.resolve(name);
    Files.write(file, segment.body().getBytes());
    return file;
  }

  /** Why the future failed (null if it did not), once it completed. */
  private static Throwable refusal(io.vertx.core.Future<?> attempt) throws Exception {
    return attempt.transform(done -> io.vertx.core.Future.succeededFuture(done.cause())).toCompletionStage()
        .toCompletableFuture().get(30, java.util.concurrent.TimeUnit.SECONDS);
  }

  @Test
  void theStudiosStreamBecomesThreeRenditionsThatOnlyTheClassesLinksPlay() throws Exception {
    liveClass(Map.of());
    String family = register("Famille Benali");
    String revoked = register("Famille Martin");
    JsonObject ticket = ingestTicket();
    assertThat(ticket.getString("url")).startsWith("ws://").contains("/b/ingest?ticket=");
    assertThat(ticket.getJsonObject("rtmp").getString("key")).startsWith(sessionId.toString().replace("-", ""));
    // Before the stream: the link says BROADCAST, not live, and its playlists are not there yet.
    JsonObject before = harness.get("/api/v1/join/" + family).bodyAsJsonObject().getJsonObject("video");
    assertThat(before.getString("mode")).isEqualTo("BROADCAST");
    assertThat(before.getBoolean("live")).isFalse();
    HttpResponse<Buffer> notYet = harness.get("/b/" + family + "/360p.m3u8");
    assertThat(notYet.statusCode()).isEqualTo(404);
    assertThat(notYet.bodyAsJsonObject().getString("type")).endsWith("not-live");

    // Another site's page cannot open the socket, even with a ticket; a ticket opens one socket only.
    String foreign = ingestTicket().getString("url");
    Throwable hijack = refusal(Studio.tryOpen(client, foreign, "https://evil.example"));
    assertThat(hijack).isInstanceOf(io.vertx.core.http.UpgradeRejectedException.class);
    assertThat(((io.vertx.core.http.UpgradeRejectedException) hijack).getStatus()).isEqualTo(403);
    try (Studio studio = Studio.open(client, ticket.getString("url"))) {
      Throwable again = refusal(Studio.tryOpen(client, ticket.getString("url"), null));
      assertThat(((io.vertx.core.http.UpgradeRejectedException) again).getStatus()).isEqualTo(404);
      studio.send(Studio.testWebm(12), 0);
      assertThat(studio.await("receiving", WAIT)).isNotNull();
      assertThat(studio.await("onAir", WAIT).getLong("firstSegmentAt")).isPositive();

      JsonObject video = harness.get("/api/v1/join/" + family).bodyAsJsonObject().getJsonObject("video");
      assertThat(video.getBoolean("live")).isTrue();
      assertThat(video.getString("master")).isEqualTo("/b/" + family + "/index.m3u8");
      assertThat(video.getJsonObject("renditions").getString("audio")).isEqualTo("/b/" + family + "/audio.m3u8");

      HttpResponse<Buffer> master = harness.get(video.getString("master"));
      assertThat(master.statusCode()).isEqualTo(200);
      assertThat(master.getHeader("Content-Type")).isEqualTo("application/vnd.apple.mpegurl");
      assertThat(master.getHeader("Cache-Control")).isEqualTo("no-cache");
      assertThat(uris(master.bodyAsString())).containsExactly("360p.m3u8", "720p.m3u8", "audio.m3u8");
      assertThat(master.bodyAsString()).contains("CODECS=\"mp4a.40.2\"");

      for (String rendition : List.of("360p", "720p", "audio")) {
        HttpResponse<Buffer> media = harness.get("/b/" + family + "/" + rendition + ".m3u8");
        assertThat(media.statusCode()).isEqualTo(200);
        String playlist = media.bodyAsString();
        assertThat(playlist).contains("#EXT-X-TARGETDURATION:1", "#EXT-X-PROGRAM-DATE-TIME:", "#EXT-X-MEDIA-SEQUENCE:0");
        String uri = uris(playlist).get(0);
        assertThat(uri).startsWith("/b/seg/" + sessionId + "/2026-11-23/" + rendition + "/r1-seg-").contains("?exp=",
            "&sig=");
        Path segment = download(uri, rendition + ".ts");
        String streams = Studio.probe(segment);
        if ("audio".equals(rendition)) {
          assertThat(streams).isEqualTo("aac,audio");
        } else {
          assertThat(streams).contains("h264,video").contains("aac,audio");
        }
        assertThat(Studio.decodes(segment)).as(rendition + " decodes").isTrue();
      }
      String segmentUri = uris(harness.get("/b/" + family + "/360p.m3u8").bodyAsString()).get(0);
      // A signature changed, a path changed, none at all: the same 404 as a segment that does not exist.
      String forged = segmentUri.substring(0, segmentUri.length() - 2) + (segmentUri.endsWith("A") ? "BB" : "AA");
      for (String bad : List.of(forged, segmentUri.replace("/360p/", "/720p/"), segmentUri.replaceAll("\\?.*", ""),
          segmentUri.replace("r1-seg-", "r9-seg-"))) {
        HttpResponse<Buffer> refused = harness.get(bad);
        assertThat(refused.statusCode()).as(bad).isEqualTo(404);
        assertThat(refused.bodyAsJsonObject().getString("type")).endsWith("not-found");
      }

      // A link revoked, another session's link, a made-up one: nothing.
      String admin = adminToken;
      String registrationId = harness.send(HttpMethod.GET, "/api/v1/sessions/" + sessionId + "/registrations", admin,
          null).bodyAsJsonObject().getJsonArray("items").stream().map(JsonObject.class::cast)
          .filter(item -> "Famille Martin".equals(item.getString("displayName"))).findFirst().orElseThrow()
          .getString("id");
      assertThat(harness.get("/b/" + revoked + "/360p.m3u8").statusCode()).isEqualTo(200);
      harness.send(HttpMethod.POST, "/api/v1/registrations/" + registrationId + "/cancel", admin, null);
      harness.clock.advance(Duration.ofSeconds(3));
      for (String path : List.of("/index.m3u8", "/360p.m3u8", "/audio.m3u8")) {
        HttpResponse<Buffer> gone = harness.get("/b/" + revoked + path);
        assertThat(gone.statusCode()).isEqualTo(404);
        assertThat(gone.bodyAsJsonObject().getString("type")).endsWith("unknown-link");
      }
      assertThat(harness.get("/b/not-a-link/360p.m3u8").statusCode()).isEqualTo(404);
      assertThat(harness.get("/b/" + family + "/360p.m3u8").statusCode()).isEqualTo(200);

      // Once the sitting's doors have closed, its segment URIs are worth nothing.
      harness.clock.set(HubHarness.START.plus(Duration.ofMinutes(5)).plus(Duration.ofMinutes(91)));
      assertThat(harness.get(segmentUri).statusCode()).isEqualTo(404);
      assertThat(harness.get("/b/" + family + "/360p.m3u8").statusCode()).isEqualTo(404);
    }
  }
}
