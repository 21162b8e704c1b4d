package org.relais.hub.signalling;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;

/**
 * Two phones open two join links of one built-in room and see each other: the peer connection gets to
 * "connected" and video frames are decoded on both sides. Chromium's fake camera and microphone stand in
 * for real devices.
 */
class DirectRoomBrowserTest {
  /** Resolves once the page's one peer connection is connected and has decoded video; fails after 30 s. */
  private static final String CONNECTED_WITH_FRAMES = """
      () => new Promise((resolve, reject) => {
        const deadline = Date.now() + 45000;
        let seen = 'no room';
        const check = async () => {
          const room = window.relaisRoom;
          if (room && room.peers.size === 1) {
            const [peer] = room.peers.values();
            let frames = 0;
            (await peer.pc.getStats()).forEach(r => {
              if (r.type === 'inbound-rtp' && r.kind === 'video') frames = r.framesDecoded || 0;
            });
            seen = `${peer.pc.connectionState}/${peer.pc.signalingState}/${peer.pc.iceConnectionState}, ${frames} frames`;
            if (peer.pc.connectionState === 'connected' && frames > 0) return resolve(frames);
          } else if (room) {
            seen = `${room.peers.size} peers`;
          }
          if (Date.now() > deadline) {
            return reject(new Error(`not connected with frames (${seen}): ${document.getElementById('room-status').textContent}; `
                + (room ? room.journal.join(' | ') : '')));
          }
          setTimeout(check, 100);
        };
        check();
      })""";

  /**
   * Resolves once the video element at {@code selector} is at least {@code minWidth} pixels wide and its
   * frames advance (two looks half a second apart); fails after 45 s saying what it saw.
   */
  private static final String PLAYING = """
      ([selector, minWidth]) => new Promise((resolve, reject) => {
        const deadline = Date.now() + 45000;
        let last = -1;
        let seen = 'nothing';
        const check = () => {
          const video = document.querySelector(selector);
          if (video && video.videoWidth >= minWidth) {
            const frames = video.getVideoPlaybackQuality().totalVideoFrames;
            if (last >= 0 && frames > last) {
              return resolve({ width: video.videoWidth, height: video.videoHeight, frames });
            }
            last = frames;
          }
          seen = video ? `${video.videoWidth}x${video.videoHeight}` : 'no such video';
          if (Date.now() > deadline) {
            return reject(new Error(`${selector}: ${seen}; ` + (window.relaisRoom ? window.relaisRoom.journal.join(' | ') : '')));
          }
          setTimeout(check, 500);
        };
        check();
      })""";

  /**
   * What the page sends to and receives from each peer over {@code seconds}, in kbit/s, from getStats:
   * all media and video alone (payload bytes, as the encoder's caps count them).
   */
  private static final String RATES = """
      async (seconds) => {
        const room = window.relaisRoom;
        const snapshot = async () => {
          const out = new Map();
          for (const [id, peer] of room.peers) {
            const bytes = { up: 0, down: 0, upVideo: 0, downVideo: 0 };
            (await peer.pc.getStats()).forEach(r => {
              if (r.type === 'outbound-rtp') {
                bytes.up += r.bytesSent;
                if (r.kind === 'video') bytes.upVideo += r.bytesSent;
              } else if (r.type === 'inbound-rtp') {
                bytes.down += r.bytesReceived;
                if (r.kind === 'video') bytes.downVideo += r.bytesReceived;
              }
            });
            out.set(id, { name: peer.name, role: peer.role, bytes });
          }
          return out;
        };
        const before = await snapshot();
        await new Promise(done => setTimeout(done, seconds * 1000));
        const after = await snapshot();
        const kbits = (a, b) => Math.round((a - b) * 8 / seconds / 1000);
        return [...after.values()].map(now => {
          const was = [...before.values()].find(p => p.name === now.name)?.bytes ?? { up: 0, down: 0, upVideo: 0, downVideo: 0 };
          return { peer: now.name, role: now.role, up: kbits(now.bytes.up, was.up), down: kbits(now.bytes.down, was.down),
            upVideo: kbits(now.bytes.upVideo, was.upVideo), downVideo: kbits(now.bytes.downVideo, was.downVideo) };
        });
      }""";

  /** The caps set on every video this page sends, as "maxBitrate/maxFramerate" per sender, sorted. */
  private static final String SENT_CAPS = """
      () => [...window.relaisRoom.peers.values()].flatMap(peer => peer.pc.getSenders())
          .filter(sender => sender.track && sender.track.kind === 'video')
          .map(sender => { const e = sender.getParameters().encodings[0] || {}; return `${e.maxBitrate}/${e.maxFramerate}`; })
          .sort()""";

  /** Resolves once no video goes either way on any of the page's connections (all negotiated inactive). */
  private static final String NO_VIDEO_EITHER_WAY = """
      () => new Promise((resolve, reject) => {
        const deadline = Date.now() + 20000;
        const check = () => {
          const directions = [...window.relaisRoom.peers.values()].flatMap(peer => peer.pc.getTransceivers())
              .filter(t => t.receiver.track.kind === 'video' && t.currentDirection)
              .map(t => t.currentDirection);
          if (directions.length > 0 && directions.every(d => d === 'inactive')) return resolve(directions.length);
          if (Date.now() > deadline) return reject(new Error(`video directions: ${directions}`));
          setTimeout(check, 100);
        };
        check();
      })""";

  private HubHarness harness;
  private Browser browser;
  private RoomFixture room;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    room = new RoomFixture(harness, "Conversation en anglais", true);
    List<String> args = new ArrayList<>(Browser.FAKE_MEDIA);
    args.addAll(Browser.WEBRTC_LOCAL_ADDRESSES);
    // A shared screen without the picker: the whole (virtual) screen is chosen at once.
    args.add("--auto-select-desktop-capture-source=Entire screen");
    browser = Browser.launch(args);
  }

  @AfterEach
  void stop() {
    contexts.forEach(BrowserContext::close);
    browser.close();
    harness.close();
  }

  private Page phone(String token) {
    return open(Browser.phoneOptions(Browser.baseUrl(harness)), "/j/" + token);
  }

  private Page desktop(String token, int width, int height) {
    return open(Browser.desktopOptions(Browser.baseUrl(harness)).setViewportSize(width, height), "/j/" + token);
  }

  private Page open(com.microsoft.playwright.Browser.NewContextOptions options, String path) {
    BrowserContext context = browser.context(options.setPermissions(List.of("camera", "microphone")));
    contexts.add(context);
    Page page = context.newPage();
    page.navigate(path);
    return page;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> playing(Page page, String selector, int minWidth) {
    return (Map<String, Object>) page.evaluate(PLAYING, List.of(selector, minWidth));
  }

  @SuppressWarnings("unchecked")
  private static List<Map<String, Object>> rates(Page page, String who) {
    List<Map<String, Object>> rates = (List<Map<String, Object>>) page.evaluate(RATES, 4);
    rates.forEach(rate -> System.out.printf("kbit/s %-16s -> %-34s up %4s (video %4s)  down %4s (video %4s)%n",
        who, rate.get("peer") + " [" + rate.get("role") + "]", rate.get("up"), rate.get("upVideo"), rate.get("down"),
        rate.get("downVideo")));
    return rates;
  }

  /**
   * The rates {@code page} measures once {@code settled} holds for them, or the last ones after 30 s: a change
   * made in one page reaches the others' senders over their data channels, later on a busy machine.
   */
  private static List<Map<String, Object>> ratesOnce(Page page, String who,
      java.util.function.Predicate<List<Map<String, Object>>> settled) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    List<Map<String, Object>> rates = rates(page, who);
    while (!settled.test(rates) && System.nanoTime() < deadline) {
      rates = rates(page, who);
    }
    return rates;
  }

  private static boolean videoOnlyFromInstructor(List<Map<String, Object>> rates) {
    return rates.stream().allMatch(rate -> (kbits(rate, "downVideo") > 10) == "INSTRUCTOR".equals(rate.get("role")));
  }

  @SuppressWarnings("unchecked")
  private static List<String> sentCaps(Page page) {
    return (List<String>) page.evaluate(SENT_CAPS);
  }

  private static int kbits(Map<String, Object> rate, String key) {
    return ((Number) rate.get(key)).intValue();
  }

  /** Waits for {@code page} to see video; on failure, says what both ends went through. */
  private static void connected(Page page, Page other) {
    try {
      assertThat((Integer) page.evaluate(CONNECTED_WITH_FRAMES)).isPositive();
    } catch (RuntimeException e) {
      throw new AssertionError("the other side: " + other.evaluate("() => window.relaisRoom.journal.join(' | ')"), e);
    }
  }

  @Test
  void twoPhonesSeeAndHearEachOtherThroughABuiltInRoom() {
    Page alice = phone(room.register("Famille Alice"));
    Page bob = phone(room.register("Famille Bob"));

    connected(alice, bob);
    connected(bob, alice);
    assertThat(alice.locator(".tile:not(.me) figcaption")).hasText("Famille Bob");
    assertThat(bob.locator(".tile:not(.me) figcaption")).hasText("Famille Alice");
    assertThat(alice.locator("#room-status")).hasText("Vous êtes dans la salle.");
    Browser.screenshot(alice, "room-direct-alice");
    Browser.screenshot(bob, "room-direct-bob");

    alice.locator("#mic").click();
    assertThat(alice.locator("#mic")).hasAttribute("aria-pressed", "true");
    assertThat(bob.locator(".tile:not(.me)")).hasAttribute("data-audio", "false");

    // The bridge socket drops (a phone changing networks): it comes back by itself and the room goes on.
    alice.evaluate("() => window.relaisRoom.bridge().socket.close()");
    assertThat(alice.locator("#room-status")).hasText("Vous êtes dans la salle.");
    alice.locator("#camera").click();
    assertThat(bob.locator(".tile:not(.me)")).hasAttribute("data-video", "false");
    assertThat(alice.locator(".tile:not(.me) figcaption")).hasText("Famille Bob");

    bob.locator("#leave").click();
    assertThat(bob.locator("#left")).isVisible();
    assertThat(alice.locator(".tile:not(.me)")).hasCount(0);
  }

  @Test
  void saysClearlyWhenTheCameraAndMicrophoneAreRefusedAndStillShowsTheClass() {
    Page teacher = phone(room.register("Karim"));
    // Chromium gathers no local ICE candidates for a page without media permission in this sandbox (no
    // default route), so the browser keeps the permission and the page is refused at getUserMedia.
    BrowserContext refusing = browser.context(Browser.phoneOptions(Browser.baseUrl(harness))
        .setPermissions(List.of("camera", "microphone")));
    contexts.add(refusing);
    // The phone's owner says no to the camera and microphone prompt.
    refusing.addInitScript("navigator.mediaDevices.getUserMedia = () => "
        + "Promise.reject(new DOMException('Permission denied', 'NotAllowedError'));");
    Page family = refusing.newPage();
    // A video element fed by an empty stream keeps the load event waiting: the page is there anyway.
    family.navigate("/j/" + room.register("Famille Timide"),
        new Page.NavigateOptions().setWaitUntil(com.microsoft.playwright.options.WaitUntilState.DOMCONTENTLOADED));

    assertThat(family.locator("#room-status")).containsText("Le micro et la caméra ne sont pas autorisés");
    connected(family, teacher);
    assertThat(family.locator("#mic")).isHidden();
    assertThat(family.locator("#camera")).isHidden();
    assertThat(family.locator(".tile.me figcaption")).hasText("Famille Timide (vous)");
    Browser.screenshot(family, "room-direct-refused");
    assertThat(teacher.locator(".tile:not(.me) figcaption")).hasText("Famille Timide");
    assertThat(teacher.evaluate("() => window.relaisRoom.peers.size")).isEqualTo(1);
  }

  @Test
  void aClassShowsTheInstructorLargeCapsEverySenderAndSharesAScreen() {
    Page teacher = desktop(room.instructorToken(), Browser.DESKTOP_WIDTH, Browser.DESKTOP_HEIGHT);
    List<Page> families = new ArrayList<>();
    // Three families, each with a part to play: one hides nothing, one is on a small connection, one on sound only.
    for (String name : List.of("Famille Alice", "Famille Bob", "Famille Driss")) {
      families.add(phone(room.register(name)));
    }
    assertThat((Integer) teacher.evaluate(Browser.ALL_CONNECTED, 3)).isEqualTo(3);
    for (Page family : families) {
      assertThat((Integer) family.evaluate(Browser.ALL_CONNECTED, 3)).isEqualTo(3);
      // The instructor is the one large video, with decoded frames; the family itself and the others are small.
      assertThat(family.locator("#stage .tile")).hasCount(1);
      assertThat(family.locator("#stage figcaption")).containsText("(formateur)");
      assertThat(playing(family, "#stage .tile video:not(.inset)", 1).get("width")).isNotNull();
      assertThat(family.locator("#strip .tile")).hasCount(3);
    }
    Page alice = families.get(0);
    double stage = alice.locator("#stage .tile").boundingBox().width;
    assertThat(alice.locator("#strip .tile.me").boundingBox().width).isLessThan(stage / 2);
    assertThat(teacher.locator("#stage .tile")).hasCount(0);
    assertThat(teacher.locator("#strip .tile")).hasCount(4);
    Browser.screenshot(alice, "room-class-family");
    Browser.screenshot(teacher, "room-class-instructor");
    PageChecks.checkAccessibility(alice);
    PageChecks.checkAccessibility(teacher);

    // Each sender within its cap: the instructor's video ~800 kbit/s, a family's thumbnail ~150 kbit/s.
    assertThat(sentCaps(teacher)).containsOnly("800000/30").hasSize(3);
    assertThat(sentCaps(alice)).containsOnly("150000/15").hasSize(3);
    for (Map<String, Object> rate : rates(teacher, "instructor")) {
      assertThat(kbits(rate, "upVideo")).as("instructor to " + rate.get("peer")).isBetween(1, 800 * 115 / 100);
    }
    for (int i = 0; i < families.size(); i++) {
      for (Map<String, Object> rate : rates(families.get(i), "family " + (i + 1))) {
        assertThat(kbits(rate, "upVideo")).as("family %d to %s", i + 1, rate.get("peer")).isBetween(1, 150 * 120 / 100);
      }
    }

    // A small connection: Driss sees the instructor only, so nobody else sends him video; the choice stays.
    Page driss = families.get(2);
    driss.locator("#connection").selectOption("instructor");
    assertThat(driss.locator("#strip .tile.audio-only")).hasCount(2);
    for (Map<String, Object> rate : ratesOnce(driss, "family 3 (small)",
        DirectRoomBrowserTest::videoOnlyFromInstructor)) {
      int expected = "INSTRUCTOR".equals(rate.get("role")) ? 1 : 0;
      assertThat(kbits(rate, "downVideo") > 10 ? 1 : 0).as("video from " + rate.get("peer")).isEqualTo(expected);
    }
    driss.reload();
    assertThat(driss.locator("#connection")).hasValue("instructor");
    // Back in the room before the next step: a change that crossed his reconnection would measure the crossing.
    assertThat((Integer) driss.evaluate(Browser.ALL_CONNECTED, 3)).isEqualTo(3);
    for (Page family : families) {
      assertThat((Integer) family.evaluate(Browser.ALL_CONNECTED, 3)).isEqualTo(3);
    }

    // Sound only: Bob neither sends nor receives video any more, and is still heard.
    Page bob = families.get(1);
    bob.locator("#connection").selectOption("audio");
    assertThat(bob.locator("#camera")).hasAttribute("aria-pressed", "true");
    assertThat((Integer) bob.evaluate(NO_VIDEO_EITHER_WAY)).isPositive();
    for (Map<String, Object> rate : rates(bob, "family 2 (sound)")) {
      assertThat(kbits(rate, "upVideo") + kbits(rate, "downVideo")).as("video with " + rate.get("peer")).isZero();
      assertThat(kbits(rate, "up")).as("sound to " + rate.get("peer")).isPositive();
    }

    // The instructor hides the families from each other: they stop sending each other video.
    teacher.locator("#thumbnails").click();
    assertThat(teacher.locator("#thumbnails")).hasAttribute("aria-pressed", "true");
    assertThat(alice.locator("#strip .tile.audio-only")).hasCount(2);
    for (Map<String, Object> rate : ratesOnce(alice, "family 1 (hidden)",
        DirectRoomBrowserTest::videoOnlyFromInstructor)) {
      boolean instructor = "INSTRUCTOR".equals(rate.get("role"));
      assertThat(kbits(rate, "downVideo") > 10).as("video from " + rate.get("peer")).isEqualTo(instructor);
    }

    // The instructor shares a screen: it is the families' large video, sharp enough to read, the camera an inset.
    teacher.locator("#share").click();
    assertThat(teacher.locator("#share")).hasAttribute("aria-pressed", "true");
    assertThat(alice.locator("#stage .tile.sharing")).hasCount(1);
    Map<String, Object> shared = playing(alice, "#stage .tile.sharing video:not(.inset)", 1280);
    System.out.println("shared screen on a family's page: " + shared);
    assertThat(((Number) shared.get("width")).intValue()).isGreaterThanOrEqualTo(1280);
    assertThat(playing(alice, "#stage .tile.sharing video.inset", 1).get("width")).isNotNull();
    // The camera shrinks to an inset's cap; the screen gets the rest, at five frames a second.
    assertThat(sentCaps(teacher)).containsExactly("150000/15", "150000/15", "150000/15",
        "650000/5", "650000/5", "650000/5");
    Browser.screenshot(alice, "room-class-shared-screen");
    for (Map<String, Object> rate : rates(teacher, "instructor (screen)")) {
      // Bob, on sound only, gets no video at all.
      int least = "Famille Bob".equals(rate.get("peer")) ? 0 : 1;
      int most = least == 0 ? 0 : 800 * 115 / 100;
      assertThat(kbits(rate, "upVideo")).as("instructor to " + rate.get("peer")).isBetween(least, most);
    }

    // Stopped from the browser's own bar: the track ends, and the families see the camera large again.
    teacher.evaluate("() => window.relaisRoom.screen.getVideoTracks()[0].dispatchEvent(new Event('ended'))");
    assertThat(teacher.locator("#share")).hasAttribute("aria-pressed", "false");
    assertThat(alice.locator("#stage .tile.sharing")).hasCount(0);
    assertThat(playing(alice, "#stage .tile video:not(.inset)", 1).get("width")).isNotNull();
  }

  @Test
  void theRoomScreenIsATelevisionShowingTheInstructorFullScreen() {
    Page teacher = desktop(room.instructorToken(), Browser.DESKTOP_WIDTH, Browser.DESKTOP_HEIGHT);
    // A phone on 3G: without a choice of its own, it receives the instructor's video only.
    BrowserContext slow = browser.context(Browser.phoneOptions(Browser.baseUrl(harness))
        .setPermissions(List.of("camera", "microphone")));
    contexts.add(slow);
    slow.addInitScript("Object.defineProperty(navigator, 'connection', "
        + "{ value: { effectiveType: '3g', saveData: false } });");
    Page family = slow.newPage();
    family.navigate("/j/" + room.register("Famille Alice"));
    // As the centre's kiosk opens it: with the centre's name and the head count in the room.
    Page tv = desktop(room.screenToken("Salle polyvalente") + "?screenName="
        + java.net.URLEncoder.encode("Centre Conversation — 12 présents", java.nio.charset.StandardCharsets.UTF_8),
        1920, 1080);
    assertThat((Integer) tv.evaluate(Browser.ALL_CONNECTED, 2)).isEqualTo(2);
    assertThat(playing(tv, "#stage .tile video:not(.inset)", 1).get("width")).isNotNull();
    assertThat(tv.locator(".tv-overlay")).hasText("Centre Conversation — 12 présents · 1 à la maison");
    assertThat(tv.locator("header, footer, button:visible, select:visible")).hasCount(0);
    assertThat(tv.evaluate("() => getComputedStyle(document.body).cursor")).isEqualTo("none");
    for (int[] size : new int[][] {{1920, 1080}, {1280, 720}}) {
      tv.setViewportSize(size[0], size[1]);
      var stage = tv.locator("#stage .tile").boundingBox();
      assertThat(stage.width).as("the instructor fills the screen").isEqualTo(size[0]);
      assertThat(stage.height).isEqualTo(size[1]);
      assertThat(tv.locator(".tile.me").boundingBox().width).as("the room's camera is an inset")
          .isLessThan(size[0] / 5.0);
      Browser.screenshotOfScreen(tv, "room-screen-tv-" + size[0] + "x" + size[1]);
    }
    PageChecks.checkAccessibility(tv);
    // A shared screen fills the television too, the instructor's face in a corner.
    teacher.locator("#share").click();
    assertThat(((Number) playing(tv, "#stage .tile.sharing video:not(.inset)", 1280).get("width")).intValue())
        .isGreaterThanOrEqualTo(1280);
    assertThat(playing(tv, "#stage .tile.sharing video.inset", 1).get("width")).isNotNull();
    Browser.screenshotOfScreen(tv, "room-screen-tv-shared-1280x720");
    // On the others' pages the room's screen is a labelled thumbnail like a family's.
    assertThat(family.locator("#connection")).hasValue("instructor");
    assertThat(family.locator("#strip .tile:not(.me) figcaption")).hasText("Salle — Salle polyvalente");
    assertThat(family.locator("#strip .tile:not(.me)")).hasClass(java.util.regex.Pattern.compile("audio-only"));
    assertThat(teacher.locator("#strip figcaption", new Page.LocatorOptions().setHasText("Salle — Salle polyvalente")))
        .hasCount(1);
  }

  @Test
  void withoutJavaScriptTheLivePageSaysSoAndKeepsThePhoneFriendlyParts() {
    Page page = open(Browser.phoneOptions(Browser.baseUrl(harness)).setJavaScriptEnabled(false),
        "/j/" + room.register("Famille Sans Script"));
    // Playwright turns scripts off after parsing starts: the <noscript> block arrives as its raw markup.
    assertThat(page.locator("noscript").textContent()).contains("La vidéo du cours a besoin de JavaScript");
    assertThat(page.locator(".class-facts .when")).isVisible();
    assertThat(page.locator(".class-facts a[href^='tel:']")).hasText("03 20 00 00 00");
    assertThat(page.locator(".class-facts a[href^='/r/']")).hasText("Voir ou annuler mon inscription");
    // No button that would do nothing.
    assertThat(page.locator("button:visible, select:visible")).hasCount(0);
    Browser.screenshot(page, "room-without-script");
  }
}
