package org.relais.hub.broadcast;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.WatchedPage;

/**
 * After a broadcast sitting, its families find the replay on their join page and on their own registration page:
 * the video plays, the sound plays and downloads as m4a. A cancelled registration's pages show none, and nobody's
 * once the replay days are past.
 */
class BroadcastReplayPagesTest {
  private static final Path SHOTS = Paths.get("/work/notes/shots/breplay");
  private static final Duration WAIT = Duration.ofSeconds(60);
  /** Resolves once the media element {@code id} played {@code seconds} (and decoded frames, if {@code frames}). */
  private static final String PLAYS = """
      ([id, seconds, wantFrames]) => new Promise((resolve, reject) => {
        const media = document.getElementById(id);
        const deadline = Date.now() + 60000;
        media.play().catch(() => {});
        let from = null;
        const check = () => {
          if (from === null && media.currentTime > 0) from = media.currentTime;
          const frames = media.getVideoPlaybackQuality ? media.getVideoPlaybackQuality().totalVideoFrames : -1;
          if (from !== null && media.currentTime - from >= seconds && (!wantFrames || frames > 0)) {
            return resolve({ time: media.currentTime, frames, src: media.currentSrc });
          }
          if (Date.now() > deadline) return reject(new Error(`time ${media.currentTime}, frames ${frames}, `
            + `error ${media.error && media.error.message}`));
          setTimeout(check, 200);
        };
        check();
      })""";

  private final Vertx client = Vertx.vertx();
  private LiveClass live;
  private Browser browser;

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (live != null) {
      live.close();
    }
    client.close().await();
  }

  private JsonObject register(String name) {
    return live.harness.http.post("/api/v1/sessions/" + live.sessionId + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject();
  }

  private static String path(JsonObject registration, String key, String marker) {
    String url = registration.getString(key);
    return url.substring(url.indexOf(marker));
  }

  private static void shot(Page page, String name) throws Exception {
    Path file = Browser.screenshot(page, name);
    Files.createDirectories(SHOTS);
    Files.copy(file, SHOTS.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void theFamilysPagesShowTheReplayItsSoundAndItsFileUntilTheReplayDaysArePast() throws Exception {
    live = LiveClass.start(Map.of("broadcast.replayDays", "14"));
    JsonObject benali = register("Famille Benali");
    JsonObject martin = register("Famille Martin");
    String join = path(benali, "joinUrl", "/j/");
    String manage = path(benali, "manageUrl", "/r/");
    String token = join.substring(3);
    browser = Browser.launch();
    BrowserContext phone = browser.context(Browser.phoneOptions(Browser.baseUrl(live.harness)));
    Page page = phone.newPage();
    WatchedPage watched = new WatchedPage(page);
    try (Studio studio = Studio.open(client, live.ingestTicket().getString("url"))) {
      studio.send(Studio.testWebm(12), 0);
      studio.await("onAir", WAIT);
      live.awaitPlaylist("/b/" + token + "/audio.m3u8", playlist -> playlist.contains("r1-seg-00008.ts"), WAIT);
      // The family watches the class from its link as it ends.
      page.navigate(join);
      assertThat(page.locator("#player")).isVisible();
      HttpResponse<Buffer> ended = live.harness.send(HttpMethod.POST, "/api/v1/sessions/" + live.sessionId + "/end",
          live.instructorToken, null);
      assertThat(ended.statusCode()).isEqualTo(200);
      studio.await("error", WAIT);
    }

    // The page says the class is over, then, its replay made, offers it, with nobody reloading it: the day it was
    // given and until when it stays.
    assertThat(page.locator("main")).containsText("Ce cours est terminé");
    assertThat(page.locator("#replay h2")).hasText("Revoir le cours");
    assertThat(page.locator("#sitting-follow")).hasCount(0);
    // The page's reloads cut its event stream and the live player's loads short: on purpose, not failed.
    watched.problems.removeIf(problem -> problem.startsWith("failed request: ")
        && (problem.endsWith("/events") || problem.contains("/b/")));
    assertThat(page.locator("#replay")).containsText("23 novembre 2026");
    assertThat(page.locator("#replay")).containsText("jusqu’au 7 décembre 2026");
    // A tap on the page first: the browser lets a page that was touched play sound.
    page.locator("#replay h2").click();
    @SuppressWarnings("unchecked")
    Map<String, Object> video = (Map<String, Object>) page.evaluate(PLAYS, List.of("replay-player", 2, true));
    assertThat((String) video.get("src")).endsWith("/replay/index.m3u8");
    assertThat(((Number) video.get("frames")).intValue()).isPositive();
    @SuppressWarnings("unchecked")
    Map<String, Object> sound = (Map<String, Object>) page.evaluate(PLAYS, List.of("replay-audio", 2, false));
    assertThat((String) sound.get("src")).endsWith("/replay/audio.m4a");
    // The class is heard once: the sound file playing paused the video.
    assertThat((Boolean) page.evaluate("() => document.getElementById('replay-player').paused")).isTrue();
    page.evaluate("() => document.getElementById('replay-audio').pause()");
    PageChecks.checkBasics(watched, "fr");
    PageChecks.checkAccessibility(page);
    shot(page, "join-replay-phone");

    // The file to keep: a download of the sound, served as audio/mp4.
    Download download = page.waitForDownload(() -> page.getByText("Télécharger le son (m4a)").click());
    assertThat(download.suggestedFilename()).isEqualTo("replay-2026-11-23.m4a");
    Path saved = live.harness.dataDir.resolve("downloaded.m4a");
    download.saveAs(saved);
    assertThat(Studio.probe(saved)).isEqualTo("aac,audio");
    APIResponse file = page.request().get(page.locator("#replay a[download]").getAttribute("href"));
    assertThat(file.status()).isEqualTo(200);
    assertThat(file.headers().get("content-type")).isEqualTo("audio/mp4");

    // The family's own page: the same replay, on a small connection the sound-only rendition first.
    page.evaluate("key => localStorage.setItem(key, 'audio')",
        "relais.connection." + page.locator("#replay").getAttribute("data-link-key"));
    page.navigate(manage);
    assertThat(page.locator("#replay h2")).hasText("Revoir le cours");
    assertThat(page.locator("#replay-switch")).hasAttribute("aria-pressed", "true");
    page.locator("#replay h2").click();
    @SuppressWarnings("unchecked")
    Map<String, Object> audioOnly = (Map<String, Object>) page.evaluate(PLAYS, List.of("replay-player", 1, false));
    assertThat((String) audioOnly.get("src")).endsWith("/replay/audio.m3u8");
    page.evaluate("() => document.getElementById('replay-player').pause()");
    PageChecks.checkBasics(watched, "fr");
    PageChecks.checkAccessibility(page);
    shot(page, "manage-replay-phone");
    // One tap back to the video.
    page.locator("#replay-switch").click();
    assertThat(page.locator("#replay-switch")).hasAttribute("aria-pressed", "false");
    @SuppressWarnings("unchecked")
    Map<String, Object> back = (Map<String, Object>) page.evaluate(PLAYS, List.of("replay-player", 1, true));
    assertThat((String) back.get("src")).endsWith("/replay/index.m3u8");
    page.evaluate("() => document.getElementById('replay-player').pause()");
    // Leaving a page or switching rendition drops the segment loads under way: cut short on purpose, not failed.
    watched.problems.removeIf(problem -> problem.startsWith("failed request: ") && problem.contains("/b/seg/"));
    watched.assertQuiet();

    // Desktop, and in Arabic.
    Page desktop = browser.context(Browser.desktopOptions(Browser.baseUrl(live.harness))).newPage();
    desktop.navigate(join);
    assertThat(desktop.locator("#replay")).isVisible();
    PageChecks.checkAccessibility(desktop);
    shot(desktop, "join-replay-desktop");
    desktop.navigate(manage);
    assertThat(desktop.locator("#replay")).isVisible();
    PageChecks.checkAccessibility(desktop);
    shot(desktop, "manage-replay-desktop");
    desktop.navigate(join + "?lang=ar");
    assertThat(desktop.locator("#replay h2")).hasText("مشاهدة الدرس من جديد");
    PageChecks.checkAccessibility(desktop);
    shot(desktop, "join-replay-desktop-ar");

    // A browser without HLS of its own: hls.js, loaded then and only then, plays the replay too.
    BrowserContext noNativeHls = browser.context(Browser.phoneOptions(Browser.baseUrl(live.harness)));
    noNativeHls.addInitScript("""
        const canPlay = HTMLMediaElement.prototype.canPlayType;
        HTMLMediaElement.prototype.canPlayType = function (type) {
          return /mpegurl/i.test(type) ? '' : canPlay.call(this, type);
        };""");
    Page withHlsJs = noNativeHls.newPage();
    java.util.concurrent.atomic.AtomicLong bytes = new java.util.concurrent.atomic.AtomicLong();
    withHlsJs.onRequestFinished(request -> {
      String url = request.url().replaceAll("\\?.*", "");
      if (!url.endsWith(".m3u8") && !url.endsWith(".ts") && !url.endsWith(".m4a")) {
        bytes.addAndGet(Math.max(0, request.sizes().responseBodySize)
            + Math.max(0, request.sizes().responseHeadersSize));
      }
    });
    withHlsJs.navigate(join);
    withHlsJs.locator("#replay h2").click();
    withHlsJs.evaluate(PLAYS, List.of("replay-player", 1, true));
    assertThat((Boolean) withHlsJs.evaluate("() => typeof window.Hls === 'function'")).isTrue();
    assertThat((Boolean) page.evaluate("() => typeof window.Hls === 'undefined'")).isTrue();
    System.out.printf("Replay page before media, with hls.js: %d bytes%n", bytes.get());
    noNativeHls.close();

    // A cancelled registration: no replay on its pages.
    assertThat(live.harness.send(HttpMethod.POST, "/api/v1/registrations/" + martin.getString("id") + "/cancel",
        live.adminToken, null).statusCode()).isEqualTo(200);
    live.harness.clock.advance(Duration.ofSeconds(3));
    page.navigate(path(martin, "joinUrl", "/j/"));
    assertThat(page.locator("main")).containsText("annulé");
    assertThat(page.locator("#replay")).hasCount(0);
    page.navigate(path(martin, "manageUrl", "/r/"));
    assertThat(page.locator("h1")).isVisible();
    assertThat(page.locator("#replay")).hasCount(0);

    // Thirteen days on it is still there; past the fourteen replay days, nothing is shown.
    live.harness.clock.advance(Duration.ofDays(13));
    page.navigate(join);
    assertThat(page.locator("#replay")).isVisible();
    live.harness.clock.advance(Duration.ofDays(2));
    page.navigate(join);
    assertThat(page.locator("main")).containsText("Ce cours est terminé");
    assertThat(page.locator("#replay")).hasCount(0);
    page.navigate(manage);
    assertThat(page.locator("h1")).isVisible();
    assertThat(page.locator("#replay")).hasCount(0);
  }
}
