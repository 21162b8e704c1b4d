package org.relais.site;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.site.broadcast.BroadcastState;
import org.relais.site.broadcast.HubLine;
import org.relais.site.broadcast.LanPlayer;
import org.relais.site.broadcast.LiveStudio;
import org.relais.site.link.LinkState;

/**
 * A centre's room follows a broadcast: a real hub schedules a {@code BROADCAST} class booked for the room and
 * its studio goes on air (a live WebM into the ingest socket, real ffmpeg on the hub); the relay-site, its line to
 * the hub a TCP relay the test can cut, pulls it once while two LAN players and the room screen in Chromium play
 * it, and the hub counts one viewer for the whole room; the kiosk says the room follows the broadcast. The line
 * is cut: the screen says "Reconnexion…"; restored: everyone resumes by themselves, and the gap is measured.
 */
class RoomFollowsBroadcastBrowserTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final String ADVANCING = """
      ([from, by]) => { const v = document.getElementById('player');
        return v && !v.paused && v.currentTime > from + by && v.readyState >= 2; }""";

  @Test
  void theRoomScreenPlaysTheRelaysCopyAndResumesAfterTheLineDrops() throws Exception {
    Vertx vertx = Vertx.vertx();
    try (CentreFixture centre = new CentreFixture("h2", Map.of(), "BROADCAST");
        Browser browser = Browser.launch(List.of("--autoplay-policy=no-user-gesture-required"))) {
      // A few minutes before the class: the room screen's link is open.
      centre.clock.set(Instant.parse("2026-11-23T08:57:00Z"));
      HubLine line = new HubLine(vertx, freePort(), centre.port);
      centre.enrol(line.url());
      SiteApplication relay = centre.startRelay(Map.of("broadcast.retryCap", "PT2S"));
      LiveStudio studio = null;
      try {
        CentreFixture.await("the link", WAIT, () -> relay.linkStatus().state() == LinkState.ONLINE);
        CentreFixture.await("the schedule", WAIT, () -> relay.room().board().getJsonArray("today").size() == 1);
        assertThat(relay.room().board().getJsonArray("today").getJsonObject(0).getString("videoMode"))
            .isEqualTo("BROADCAST");
        assertThat(relay.room().board().encode()).doesNotContain(centre.screenToken + "\"");
        assertThat(relay.broadcast().status()).as("nothing pulled before the start").isEmpty();

        HttpResponse<Buffer> started = centre.harness.send(HttpMethod.POST, "/api/v1/sessions/" + centre.sessionId
            + "/start", centre.instructorToken, null);
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(200);
        CentreFixture.await("the relay to wait for the first segment", WAIT, () -> relay.broadcast().status()
            .map(s -> s.state() == BroadcastState.WAITING).orElse(false));
        HttpResponse<Buffer> ticket = centre.harness.send(HttpMethod.POST, "/api/v1/sessions/" + centre.sessionId
            + "/broadcast/ingest", centre.instructorToken, null);
        assertThat(ticket.statusCode()).as(ticket.bodyAsString()).isEqualTo(200);
        studio = LiveStudio.start(vertx, ticket.bodyAsJsonObject().getString("url"));
        CentreFixture.await("the relay to receive", Duration.ofSeconds(60), () -> relay.broadcast().status()
            .map(s -> s.state() == BroadcastState.RECEIVING).orElse(false));

        String kioskUrl = "http://127.0.0.1:" + relay.kioskPort();
        String base = kioskUrl + "/broadcast/" + centre.sessionId;
        try (LanPlayer first = new LanPlayer(vertx, URI.create(base + "/720p.m3u8"));
            LanPlayer second = new LanPlayer(vertx, URI.create(base + "/720p.m3u8"))) {
          BrowserContext kioskContext = browser.desktop(kioskUrl);
          Page kiosk = kioskContext.newPage();
          kiosk.navigate("/kiosk");
          kiosk.getByLabel("E-mail").fill(centre.animator.email());
          kiosk.getByLabel("Mot de passe").fill(HubHarness.PASSWORD);
          kiosk.getByText("Se connecter").click();
          assertThat(kiosk.locator("#broadcast-note")).hasText("La salle suit la diffusion en direct.");
          assertThat(kiosk.locator("#today")).containsText("Diffusion");
          PageChecks.checkAccessibility(kiosk);
          Browser.screenshot(kiosk, "brelay-kiosk-following");

          // The animator puts the class on the room's screen: the relay's own player, full screen.
          List<String> screenSegments = new java.util.concurrent.CopyOnWriteArrayList<>();
          kioskContext.onResponse(response -> {
            if (response.url().matches(".*/broadcast/[^/]+/720p/\\d+\\.ts") && response.status() == 200) {
              screenSegments.add(response.url());
            }
          });
          Page screen = kioskContext.waitForPage(() -> kiosk.getByText("Afficher sur l'écran de la salle").click());
          screen.waitForLoadState();
          assertThat(screen.url()).isEqualTo(base);
          screen.waitForFunction(ADVANCING, List.of(0, 2), new Page.WaitForFunctionOptions().setTimeout(20_000));
          assertThat(screen.locator("#stall")).isHidden();
          int width = ((Number) screen.evaluate("() => document.getElementById('player').videoWidth")).intValue();
          assertThat(width).isEqualTo(1280);
          PageChecks.checkAccessibility(screen);
          Browser.screenshotOfScreen(screen, "brelay-screen-playing");

          // A visitor's PC: the help page offers the broadcast, played from the relay too.
          BrowserContext phone = browser.phone(kioskUrl);
          Page visitor = phone.newPage();
          visitor.navigate("/help?seat=PC%202");
          assertThat(visitor.locator("#watch-here")).hasText("Suivre la diffusion sur ce poste");
          PageChecks.checkAccessibility(visitor);
          Browser.screenshot(visitor, "brelay-help-390");
          visitor.locator("#watch-here").click();
          visitor.waitForURL(base);
          visitor.waitForFunction(ADVANCING, List.of(0, 1), new Page.WaitForFunctionOptions().setTimeout(20_000));
          PageChecks.checkAccessibility(visitor);
          Browser.screenshotOfScreen(visitor, "brelay-screen-390");
          visitor.navigate("/broadcast/" + centre.sessionId + "?lang=ar");
          assertThat(visitor.locator("html")).hasAttribute("dir", "rtl");
          assertThat(visitor.locator("#player")).hasAttribute("aria-label", "البث المباشر");
          visitor.waitForFunction(ADVANCING, List.of(0, 1), new Page.WaitForFunctionOptions().setTimeout(20_000));
          Browser.screenshotOfScreen(visitor, "brelay-screen-390-ar");
          phone.close();

          // A browser that keeps the sound off until someone touches the page: muted, with a button for the sound.
          try (Browser strict = Browser.launch()) {
            Page muted = strict.desktop(kioskUrl).newPage();
            muted.navigate("/broadcast/" + centre.sessionId);
            muted.waitForFunction(ADVANCING, List.of(0, 1), new Page.WaitForFunctionOptions().setTimeout(20_000));
            assertThat(muted.locator("#unmute")).isVisible();
            assertThat(muted.evaluate("() => document.getElementById('player').muted")).isEqualTo(true);
            PageChecks.checkAccessibility(muted);
            Browser.screenshotOfScreen(muted, "brelay-screen-unmute");
            muted.locator("#unmute").click();
            assertThat(muted.locator("#unmute")).isHidden();
            assertThat(muted.evaluate("() => document.getElementById('player').muted")).isEqualTo(false);
          }

          CentreFixture.await("both players to have five segments", WAIT,
              () -> first.got.size() >= 5 && second.got.size() >= 5);
          // Two LAN players, the room screen and a visitor's phone: the hub sees one viewer, the room.
          assertThat(broadcastState(centre).getInteger("viewers")).isEqualTo(1);

          // The centre's line to the hub drops.
          long segmentsAtCut = hubSegments(line).size();
          line.cut();
          long cutAt = System.nanoTime();
          CentreFixture.await("the relay to notice", WAIT, () -> relay.broadcast().status()
              .map(s -> s.state() == BroadcastState.RECONNECTING).orElse(false));
          assertThat(screen.locator("#stall")).hasText("Reconnexion…",
              new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(20_000));
          long stalledAt = System.nanoTime();
          assertThat(kiosk.locator("#broadcast-note")).hasText("La salle suit la diffusion : reconnexion au hub…");
          Browser.screenshotOfScreen(screen, "brelay-screen-reconnecting");
          Browser.screenshot(kiosk, "brelay-kiosk-reconnecting");
          PageChecks.checkAccessibility(screen);
          long cutFor = System.nanoTime() + Duration.ofSeconds(4).toNanos();
          CentreFixture.await("the line to stay down four more seconds", WAIT, () -> System.nanoTime() > cutFor);
          assertThat(hubSegments(line)).hasSize((int) segmentsAtCut);
          int heldAtRestore = first.got.size();
          long lastBeforeCut = first.got.get(heldAtRestore - 1).atNanos();
          double frozenAt = ((Number) screen.evaluate("() => document.getElementById('player').currentTime"))
              .doubleValue();

          line.restore();
          long restoredAt = System.nanoTime();
          CentreFixture.await("the players to resume", WAIT,
              () -> first.got.size() > heldAtRestore && second.got.size() > heldAtRestore);
          long playersResumedAt = Math.max(first.got.get(heldAtRestore).atNanos(),
              second.got.get(heldAtRestore).atNanos());
          screen.waitForFunction(ADVANCING, List.of(frozenAt, 1), new Page.WaitForFunctionOptions()
              .setTimeout(30_000));
          long screenResumedAt = System.nanoTime();
          assertThat(screen.locator("#stall")).isHidden();
          assertThat(kiosk.locator("#broadcast-note")).hasText("La salle suit la diffusion en direct.");
          System.out.printf("brelay: line cut %.1f s; screen showed reconnexion %.1f s after the cut;"
              + " LAN players: last segment before the cut to first after %.1f s, restored to first new segment"
              + " %.2f s; room screen moving again %.2f s after the restore%n", (restoredAt - cutAt) / 1e9,
              (stalledAt - cutAt) / 1e9, (playersResumedAt - lastBeforeCut) / 1e9,
              (playersResumedAt - restoredAt) / 1e9, (screenResumedAt - restoredAt) / 1e9);
          // Within the retry ceiling (2 s here) and a turn of polling, with margin for a loaded machine.
          assertThat(Duration.ofNanos(playersResumedAt - restoredAt)).isLessThan(Duration.ofSeconds(8));
          Browser.screenshotOfScreen(screen, "brelay-screen-resumed");

          CentreFixture.await("three more segments each", WAIT,
              () -> first.got.size() >= heldAtRestore + 3 && second.got.size() >= heldAtRestore + 3);
          // The room screen too got every segment from its first on, each once.
          List<Long> shown = screenSegments.stream().map(url -> Long.parseLong(url.replaceAll(".*/(\\d+)\\.ts", "$1")))
              .toList();
          System.out.printf("brelay: the room screen fetched segments %s%n", shown);
          assertThat(shown).doesNotHaveDuplicates();
          for (int i = 1; i < shown.size(); i++) {
            assertThat(shown.get(i)).isEqualTo(shown.get(i - 1) + 1);
          }
          for (LanPlayer player : List.of(first, second)) {
            List<Long> sequences = player.got.stream().map(LanPlayer.Got::sequence).toList();
            for (int i = 1; i < sequences.size(); i++) {
              assertThat(sequences.get(i)).isEqualTo(sequences.get(i - 1) + 1);
            }
            assertThat(player.failedSegments).isEmpty();
          }

          // However many players, the hub was asked for each segment once by this site.
          List<String> segments = hubSegments(line);
          assertThat(segments).isNotEmpty().doesNotHaveDuplicates();
          assertThat(relay.broadcast().segmentsFetched()).isEqualTo(segments.size());
          System.out.printf("brelay: the hub served the site %d segments (each once) and %d playlists%n",
              segments.size(), line.requested.stream().filter(p -> p.endsWith(".m3u8")).count());

          // The class ends: the screen says so and lets the stream go rather than asking the relay again and again.
          HttpResponse<Buffer> ended = centre.harness.send(HttpMethod.POST, "/api/v1/sessions/" + centre.sessionId
              + "/end", centre.instructorToken, null);
          assertThat(ended.statusCode()).as(ended.bodyAsString()).isEqualTo(200);
          assertThat(screen.locator("#stall")).hasText("La diffusion est terminée.",
              new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));
          screen.waitForFunction("() => document.getElementById('player').networkState"
              + " === HTMLMediaElement.NETWORK_EMPTY", null, new Page.WaitForFunctionOptions().setTimeout(30_000));
        }
      } finally {
        if (studio != null) {
          studio.close();
        }
        relay.stop().await();
        line.close();
      }
    } finally {
      vertx.close().await();
    }
  }

  /** The segments the relay asked the hub for, by path (the signature left out). */
  private static List<String> hubSegments(HubLine line) {
    return line.requested.stream().filter(p -> p.startsWith("/b/seg/")).map(p -> p.replaceAll("\\?.*", "")).toList();
  }

  private static io.vertx.core.json.JsonObject broadcastState(CentreFixture centre) {
    HttpResponse<Buffer> state = centre.harness.send(HttpMethod.GET, "/api/v1/sessions/" + centre.sessionId
        + "/broadcast", centre.instructorToken, null);
    assertThat(state.statusCode()).as(state.bodyAsString()).isEqualTo(200);
    return state.bodyAsJsonObject();
  }

  private static int freePort() throws java.io.IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

}
