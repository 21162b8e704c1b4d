package org.relais.hub.broadcast;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Request;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.Fixtures;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Role;

/**
 * A broadcast class driven as its instructor and families drive it, in Chromium with its fake camera and
 * microphone: the instructor opens the studio on the console, sees the preview and the microphone's level, and
 * goes live; a family's link, open on a phone before the broadcast began, starts playing by itself (time advances,
 * frames are decoded), switches to sound only, which plays too, and sends a question, which the console shows
 * with the family's name and marks answered. A revoked link gets nothing. The player page's weight before media is
 * measured, with the browser's own HLS and with hls.js.
 */
class BroadcastPagesBrowserTest {
  private static final Path SHOTS = Paths.get("/work/notes/shots/bpages");
  /** A broadcast needs ffmpeg to start and its first segments: more than a page's usual wait. */
  static final double ON_AIR_MS = 90_000;
  /** The player page's budget before media, in bytes transferred. */
  private static final long PAGE_BUDGET = 100 * 1024;
  /**
   * Resolves once the player's time has moved {@code seconds} past where it stood and frames were decoded meanwhile
   * (none asked of the sound-only rendition); taps the player's start button if the browser wants a tap.
   */
  static final String PLAYS = """
      ([seconds, frames]) => new Promise((resolve, reject) => {
        const video = document.getElementById('player');
        const deadline = Date.now() + 90000;
        let from = null;
        let framesFrom = null;
        const check = () => {
          const start = document.getElementById('player-start');
          if (!start.hidden) start.click();
          const decoded = video.getVideoPlaybackQuality().totalVideoFrames;
          if (from === null && video.currentTime > 0) { from = video.currentTime; framesFrom = decoded; }
          if (from !== null && video.currentTime - from >= seconds && (!frames || decoded > framesFrom)) {
            return resolve({ time: video.currentTime, frames: decoded, framesFrom, src: video.currentSrc });
          }
          if (Date.now() > deadline) return reject(new Error(`time ${video.currentTime}, frames ${decoded}, `
            + `state ${document.getElementById('player-state').textContent}`));
          setTimeout(check, 250);
        };
        check();
      })""";

  /**
   * Resolves once the player has played 8 s more (beyond what it had buffered before a restart), counting only time
   * that moves forward in small steps (a re-attached player starts its clock again), with the time that took and
   * the time it did not play meanwhile (the gap a viewer saw); fails after 90 s.
   */
  static final String RESUMES = """
      () => new Promise((resolve, reject) => {
        const video = document.getElementById('player');
        const began = performance.now();
        let played = 0;
        let last = null;
        const check = () => {
          const start = document.getElementById('player-start');
          if (!start.hidden) start.click();
          const now = video.currentTime;
          if (last !== null && now > last && now - last < 1.5) played += now - last;
          last = now;
          if (played >= 8) {
            const took = performance.now() - began;
            return resolve({ took: Math.round(took), stalled: Math.round(took - played * 1000) });
          }
          if (performance.now() - began > 90000) return reject(new Error(`played ${played}`));
          setTimeout(check, 200);
        };
        check();
      })""";

  /** Keeps every text the studio's state shows from now on in {@code window.studioStates}, however brief. */
  static final String RECORDS_STUDIO_STATES = """
      () => {
        const state = document.getElementById('studio-state');
        window.studioStates = [];
        new MutationObserver(() => window.studioStates.push(state.textContent))
          .observe(state, { childList: true, characterData: true, subtree: true });
      }""";

  private HubHarness harness;
  private Browser browser;
  private StaffMember teacher;
  private UUID sessionId;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2", Map.of("broadcast.rtmpPort", "0"));
    Centre centre = harness.centre("Centre social Les Tilleuls");
    teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    Instant start = HubHarness.START.plus(Duration.ofMinutes(5));
    HttpResponse<Buffer> created = harness.send(HttpMethod.POST, "/api/v1/sessions", harness.login(teacher),
        Fixtures.session("Magie en direct", centre.id(), teacher.id(), start.toString(),
            start.plus(Duration.ofHours(1)).toString()).put("videoMode", "BROADCAST").put("homeCapacity", 500));
    assertThat(created.statusCode()).as(created.bodyAsString()).isEqualTo(201);
    sessionId = UUID.fromString(created.bodyAsJsonObject().getString("id"));
    browser = Browser.launch(Browser.FAKE_MEDIA);
  }

  @AfterEach
  void stop() {
    contexts.forEach(BrowserContext::close);
    browser.close();
    harness.close();
  }

  private BrowserContext context(com.microsoft.playwright.Browser.NewContextOptions options) {
    BrowserContext context = browser.context(options.setPermissions(List.of("camera", "microphone")));
    contexts.add(context);
    return context;
  }

  private JsonObject register(String name) {
    return harness.http.post("/api/v1/sessions/" + sessionId + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject();
  }

  private static String path(JsonObject registration) {
    String url = registration.getString("joinUrl");
    return url.substring(url.indexOf("/j/"));
  }

  private static void shot(Page page, String name) throws Exception {
    Path file = Browser.screenshot(page, name);
    Files.createDirectories(SHOTS);
    Files.copy(file, SHOTS.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  @Test
  void theInstructorGoesLiveFromTheStudioAndAFamilyWatchesListensAndAsks() throws Exception {
    JsonObject girard = register("Famille Girard");
    JsonObject martin = register("Famille Martin");

    // The family opens its link before the broadcast: the player waits, and says it will start by itself.
    Page family = context(Browser.phoneOptions(Browser.baseUrl(harness))).newPage();
    WatchedPage watchedFamily = new WatchedPage(family);
    List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
    family.onResponse(response -> {
      if (response.status() >= 400) {
        refused.add(response.status() + " " + response.url().replaceAll(".*/", ""));
      }
    });
    family.navigate(path(girard));
    assertThat(family.locator("#player-state")).containsText("Le direct n’a pas encore commencé");
    PageChecks.checkBasics(watchedFamily, "fr");
    PageChecks.checkAccessibility(family);
    shot(family, "player-waiting-phone");

    // The instructor's studio: the camera's preview and the microphone's level, then on air.
    Page console = context(Browser.desktopOptions(Browser.baseUrl(harness))).newPage();
    StaffWeb.signIn(console, Browser.baseUrl(harness), teacher);
    console.navigate("/console/sessions/" + sessionId);
    assertThat(console.locator("#studio")).isVisible();
    // The instructor's way in is the studio: no link to a room of their own.
    assertThat(console.locator("#enter")).isHidden();
    console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Allumer la caméra et le micro")).click();
    console.waitForFunction("() => document.getElementById('studio-preview').videoWidth > 0");
    console.waitForFunction("() => Number(document.getElementById('studio-level').dataset.level) > 0");
    console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Passer à l’antenne")).click();
    assertThat(console.locator("#studio-state")).hasText("En direct",
        new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(ON_AIR_MS));
    assertThat(console.locator("#state")).hasText("En direct");

    // The family's waiting player starts by itself: time advances and frames are decoded.
    @SuppressWarnings("unchecked")
    Map<String, Object> watched = (Map<String, Object>) family.evaluate(PLAYS, List.of(2, true));
    assertThat((String) watched.get("src")).contains("/360p.m3u8");
    assertThat(((Number) watched.get("frames")).intValue()).isGreaterThan(((Number) watched.get("framesFrom"))
        .intValue());
    assertThat(family.locator("#player-state")).hasText("En direct");
    PageChecks.checkAccessibility(family);
    shot(family, "player-live-phone");

    // One tap: sound only, which plays too; the choice is remembered for this link.
    family.locator("#player-switch").click();
    assertThat(family.locator("#player-switch")).hasAttribute("aria-pressed", "true");
    @SuppressWarnings("unchecked")
    Map<String, Object> listened = (Map<String, Object>) family.evaluate(PLAYS, List.of(2, false));
    assertThat((String) listened.get("src")).contains("/audio.m3u8");
    assertThat(family.locator("#player-overlay")).hasText("Son seulement : la vidéo est coupée pour consommer"
        + " moins de données.");
    shot(family, "player-audio-phone");

    // A question: the family gets a confirmation; the console shows it with the family's name, and marks it.
    family.locator("#question-text").fill("Comment la pièce passe-t-elle dans l’autre main ?");
    family.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer la question")).click();
    assertThat(family.locator("#question-status")).hasText("Question envoyée : le formateur l’a reçue.");
    assertThat(family.locator("#my-questions")).containsText("Comment la pièce passe-t-elle");
    // Too soon after: told when to try again.
    family.locator("#question-text").fill("Et la carte ?");
    family.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer la question")).click();
    assertThat(family.locator("#question-status")).containsText("Attendez 15 secondes");
    watchedFamily.refusedWith(429);
    // Longer than a question may be (past the field's own limit): said so, nothing sent.
    family.evaluate("() => { document.getElementById('question-text').value = 'x'.repeat(300); }");
    family.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer la question")).click();
    assertThat(family.locator("#question-status")).hasText("Votre question est trop longue : 280 caractères au plus.");
    com.microsoft.playwright.Locator asked = console.locator("#question-list li").first();
    assertThat(asked).containsText("Famille Girard");
    assertThat(asked).containsText("Comment la pièce passe-t-elle dans l’autre main ?");
    asked.getByRole(AriaRole.BUTTON, new com.microsoft.playwright.Locator.GetByRoleOptions()
        .setName("Marquer comme répondue")).click();
    assertThat(asked).containsText("Répondue");
    assertThat(console.locator("#studio-viewers")).not().hasText("0",
        new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(20_000));
    console.locator(".studio-obs summary").click();
    assertThat(console.locator("#obs-url")).hasValue(java.util.regex.Pattern.compile("^rtmp://.+/live$"));
    assertThat(console.locator("#obs-key")).hasValue(java.util.regex.Pattern.compile(".{16,}"));
    PageChecks.checkAccessibility(console);
    shot(console, "studio-live-desktop");
    console.setViewportSize(Browser.PHONE_WIDTH, Browser.PHONE_HEIGHT);
    assertThat((Integer) console.evaluate("() => document.documentElement.scrollWidth"))
        .isLessThanOrEqualTo(Browser.PHONE_WIDTH);
    PageChecks.checkAccessibility(console);
    shot(console, "studio-live-phone");
    family.setViewportSize(Browser.DESKTOP_WIDTH, Browser.DESKTOP_HEIGHT);
    shot(family, "player-audio-desktop");
    // The only refusals: the one question too soon, and the playlist asked for in the seconds between the
    // descriptor saying live and ffmpeg's first segment (the player then tries again and plays).
    assertThat(refused).allMatch(line -> line.equals("429 questions") || line.matches("404 (360p|audio)\\.m3u8"));
    watchedFamily.refusedWith(404);
    // Switching to sound only drops the video rendition's loads under way: cut short on purpose, not failed.
    watchedFamily.problems.removeIf(problem -> problem.startsWith("failed request: ") && problem.contains("/b/"));
    watchedFamily.assertQuiet();

    // ffmpeg dies mid-broadcast: the hub restarts it, the studio says so and then that it is live again, and the
    // family's player goes on by itself (the gap, measured in the browser, is printed).
    console.evaluate(RECORDS_STUDIO_STATES);
    long pid = harness.hub.broadcast().service().here(sessionId).orElseThrow().ffmpegPid();
    long killedAt = System.nanoTime();
    ProcessHandle.of(pid).orElseThrow().destroyForcibly();
    @SuppressWarnings("unchecked")
    Map<String, Object> resumed = (Map<String, Object>) family.evaluate(RESUMES);
    System.out.printf("ffmpeg killed: the player played 8 s in %s ms, not playing for %s ms of them (kill to"
        + " resolve: %d ms)%n", resumed.get("took"), resumed.get("stalled"),
        java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt));
    console.waitForFunction("() => window.studioStates.includes('Le direct redémarre…')", null,
        new Page.WaitForFunctionOptions().setTimeout(ON_AIR_MS));
    assertThat(console.locator("#studio-state")).hasText("En direct",
        new com.microsoft.playwright.assertions.LocatorAssertions.HasTextOptions().setTimeout(30_000));

    // A coordinator opens the same console on a phone: the studio says the class is on air from another device,
    // and going live there would take the broadcast over, so it says that too.
    Page second = context(Browser.phoneOptions(Browser.baseUrl(harness))).newPage();
    StaffWeb.signIn(second, Browser.baseUrl(harness), harness.staff(Role.ADMIN, Set.of()));
    second.navigate("/console/sessions/" + sessionId);
    assertThat(second.locator("#studio-state")).hasText("En direct depuis un autre appareil ou OBS Studio."
        + " «\u00a0Prendre l’antenne ici\u00a0» le remplace par cette caméra.");
    assertThat(second.locator("#studio-air")).hasText("Prendre l’antenne ici");
    assertThat(console.locator("#studio-state")).hasText("En direct");
    PageChecks.checkAccessibility(second);
    shot(second, "studio-elsewhere-phone");

    // In Arabic, right to left, the same player.
    Page arabic = context(Browser.phoneOptions(Browser.baseUrl(harness))).newPage();
    arabic.navigate(path(girard) + "?lang=ar");
    assertThat(arabic.locator("html")).hasAttribute("dir", "rtl");
    arabic.evaluate(PLAYS, List.of(1, true));
    assertThat(arabic.locator("#player-switch")).hasText("الصوت فقط (اتصال ضعيف)");
    PageChecks.checkAccessibility(arabic);
    shot(arabic, "player-live-phone-ar");

    // A revoked link: no playlist, no player.
    String coordinator = harness.login(harness.staff(Role.ADMIN, Set.of()));
    assertThat(harness.send(HttpMethod.POST, "/api/v1/registrations/" + martin.getString("id") + "/cancel",
        coordinator, null).statusCode()).isEqualTo(200);
    String martinToken = path(martin).substring(3);
    assertThat(harness.get("/b/" + martinToken + "/360p.m3u8").statusCode()).isEqualTo(404);
    assertThat(harness.get("/b/" + martinToken + "/audio.m3u8").statusCode()).isEqualTo(404);
    Page revoked = context(Browser.phoneOptions(Browser.baseUrl(harness))).newPage();
    revoked.navigate(path(martin));
    assertThat(revoked.locator("#player")).hasCount(0);

    // The page's weight before media, in bytes transferred (compressed where the hub compresses), with the
    // browser's own HLS, then with hls.js as a browser without it loads.
    long nativeBytes = weighPlayer(path(girard), false);
    long hlsJsBytes = weighPlayer(path(girard), true);
    System.out.printf("Player page before media: %d bytes with native HLS, %d bytes with hls.js%n", nativeBytes,
        hlsJsBytes);
    Files.writeString(SHOTS.resolve("weight.txt"), "native HLS: " + nativeBytes + " bytes\nhls.js: " + hlsJsBytes
        + " bytes\n");
    assertThat(nativeBytes).isLessThanOrEqualTo(PAGE_BUDGET);
    assertThat(hlsJsBytes).isLessThanOrEqualTo(PAGE_BUDGET);

    // Ending the sitting from the console takes the studio off air; the family's page says the class is over.
    console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Terminer la séance")).click();
    console.locator("#confirm-end button[value=end]").click();
    // Nothing more goes on air for a sitting that is over, even after a reload.
    assertThat(console.locator("#studio-state")).hasText("Cette séance est terminée : plus rien ne part à l’antenne.");
    assertThat(console.locator("#studio-air")).isDisabled();
    // Nothing left to watch nor to send: no viewers counted, no stream key shown.
    assertThat(console.locator("#studio-viewers")).hasText("0");
    assertThat(console.locator(".studio-obs")).isHidden();
    console.reload();
    assertThat(console.locator("#studio-air")).isDisabled();
    assertThat(console.locator(".studio-obs")).isHidden();
    assertThat(family.locator("main")).containsText("Ce cours est terminé");
  }

  /** Opens the player in a fresh phone (empty cache) and sums what it fetched, media playlists and segments aside. */
  private long weighPlayer(String joinPath, boolean withoutNativeHls) {
    BrowserContext phone = context(Browser.phoneOptions(Browser.baseUrl(harness)));
    if (withoutNativeHls) {
      phone.addInitScript("""
          const canPlay = HTMLMediaElement.prototype.canPlayType;
          HTMLMediaElement.prototype.canPlayType = function (type) {
            return /mpegurl/i.test(type) ? '' : canPlay.call(this, type);
          };""");
    }
    Page page = phone.newPage();
    AtomicLong bytes = new AtomicLong();
    List<String> fetched = new java.util.concurrent.CopyOnWriteArrayList<>();
    page.onRequestFinished(request -> {
      if (!isMedia(request)) {
        com.microsoft.playwright.options.Sizes sizes = request.sizes();
        // A size the browser could not tell (an icon it answered from its memory cache) counts as nothing.
        bytes.addAndGet(Math.max(0, sizes.responseBodySize) + Math.max(0, sizes.responseHeadersSize));
        fetched.add(request.url() + " " + sizes.responseBodySize + " " + request.response().headerValue(
            "content-encoding"));
      }
    });
    page.navigate(joinPath);
    page.evaluate(PLAYS, List.of(1, true));
    if (withoutNativeHls) {
      assertThat((Boolean) page.evaluate("() => typeof window.Hls === 'function'")).isTrue();
    } else {
      assertThat((Boolean) page.evaluate("() => typeof window.Hls === 'undefined'")).isTrue();
    }
    System.out.println(String.join("\n", fetched).replaceAll("/(j|api/v1/join)/[^ ]+", "/$1/TOKEN"));
    return bytes.get();
  }

  private static boolean isMedia(Request request) {
    String path = request.url().replaceAll("\\?.*", "");
    return path.endsWith(".m3u8") || path.endsWith(".ts");
  }
}
