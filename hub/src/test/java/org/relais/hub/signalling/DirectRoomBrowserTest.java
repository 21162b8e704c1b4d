package org.relais.hub.signalling;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;

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

  private HubHarness harness;
  private Browser browser;
  private RoomFixture room;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    room = new RoomFixture(harness, "Conversation en anglais");
    List<String> args = new ArrayList<>(Browser.FAKE_MEDIA);
    args.addAll(Browser.WEBRTC_LOCAL_ADDRESSES);
    browser = Browser.launch(args);
  }

  @AfterEach
  void stop() {
    contexts.forEach(BrowserContext::close);
    browser.close();
    harness.close();
  }

  private Page phone(String token) {
    BrowserContext context = browser.context(Browser.phoneOptions(Browser.baseUrl(harness))
        .setPermissions(List.of("camera", "microphone")));
    contexts.add(context);
    Page page = context.newPage();
    page.navigate("/j/" + token);
    return page;
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
}
