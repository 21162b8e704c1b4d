package org.relais.hub.signalling;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.Coturn;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.TestDatabase;

/**
 * Two phones whose browsers may use only TURN relays ({@code ice.transportPolicy=relay}), as families behind
 * carrier-grade NAT must, call each other through a real coturn running the shipped configuration, with the
 * credentials the hub makes from the shared secret; with a secret coturn does not share, no call gets through.
 */
class RelayedRoomBrowserTest {
  private static final String SECRET = "a-secret-shared-by-hub-and-coturn-0123456789";
  /** Opening the camera and the bridge, or capturing a page with videos, takes seconds on a busy machine. */
  private static final double IN_THE_ROOM_MS = 30_000;

  /** Resolves with the page's clock (ms since it was opened) when its one peer connection is connected. */
  private static final String CONNECTED_AT = """
      () => new Promise((resolve, reject) => {
        const deadline = Date.now() + 60000;
        const check = () => {
          const room = window.relaisRoom;
          const peer = room && [...room.peers.values()][0];
          if (peer && peer.pc.connectionState === 'connected') return resolve(performance.now());
          if (Date.now() > deadline) {
            return reject(new Error(`not connected: ${peer ? peer.pc.connectionState : 'no peer'}; `
                + (room ? room.journal.join(' | ') : 'no room')));
          }
          setTimeout(check, 10);
        };
        check();
      })""";

  /** The kinds of the candidates the page's connection uses, and the policy it was built with. */
  private static final String SELECTED_PAIR = """
      async () => {
        const [peer] = window.relaisRoom.peers.values();
        const stats = await peer.pc.getStats();
        let pair = null;
        stats.forEach(r => { if (r.type === 'transport' && r.selectedCandidatePairId) pair = stats.get(r.selectedCandidatePairId); });
        return { policy: peer.pc.getConfiguration().iceTransportPolicy,
          local: pair ? stats.get(pair.localCandidateId).candidateType : 'none',
          remote: pair ? stats.get(pair.remoteCandidateId).candidateType : 'none' };
      }""";

  /**
   * Resolves once the page's one peer connection has finished gathering its candidates, with how many it
   * gathered (as its journal notes them) and its state then.
   */
  private static final String GATHERED = """
      () => new Promise((resolve, reject) => {
        const deadline = Date.now() + 30000;
        const check = () => {
          const room = window.relaisRoom;
          const done = room && room.journal.find(entry => / candidates to /.test(entry));
          if (done) {
            const [peer] = room.peers.values();
            return resolve({ candidates: Number(done.split(' ')[1]), state: peer.pc.connectionState });
          }
          if (Date.now() > deadline) return reject(new Error('still gathering: ' + (room ? room.journal.join(' | ') : '')));
          setTimeout(check, 50);
        };
        check();
      })""";

  @TempDir
  Path workDir;
  private Coturn coturn;
  private HubHarness harness;
  private Browser browser;
  private RoomFixture room;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeEach
  void startCoturnAndBrowser() {
    coturn = Coturn.start(Path.of("..", "ops", "coturn", "turnserver.conf"), SECRET, workDir);
    browser = Browser.launchForCalls();
  }

  @AfterEach
  void stop() {
    contexts.forEach(BrowserContext::close);
    if (browser != null) {
      browser.close();
    }
    if (harness != null) {
      harness.close();
    }
    if (coturn != null) {
      coturn.close();
    }
  }

  private void startHub(String policy, String secret) {
    // coturn judges a credential's expiry by the real time: the hub must be on the same clock.
    harness = HubHarness.startOn(TestDatabase.create("h2"), workDir, Map.of("ice.turnUrls",
        coturn.url(), "ice.turnSecret", secret, "ice.transportPolicy", policy), new MutableClock(Instant.now()));
    room = new RoomFixture(harness, "Cuisine du monde");
  }

  private Page phone(String family) {
    BrowserContext context = browser.context(Browser.phoneOptions(Browser.baseUrl(harness))
        .setPermissions(List.of("camera", "microphone")));
    contexts.add(context);
    Page page = context.newPage();
    page.navigate("/j/" + room.register(family));
    return page;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> evaluate(Page page, String script) {
    return (Map<String, Object>) page.evaluate(script);
  }

  /** Waits for the page to be in its room, alone: its camera open and its bridge socket admitted. */
  private static void inTheRoom(Page page) {
    assertThat(page.locator("#room-status")).hasText("Vous êtes dans la salle.",
        new LocatorAssertions.HasTextOptions().setTimeout(IN_THE_ROOM_MS));
  }

  /** Alice waits in the room; Bob opens his link and calls her. Answers Bob's set-up time, in ms. */
  private long call(Page[] pages) {
    pages[0] = phone("Famille Alice");
    inTheRoom(pages[0]);
    pages[1] = phone("Famille Bob");
    try {
      double bobConnected = ((Number) pages[1].evaluate(CONNECTED_AT)).doubleValue();
      pages[0].evaluate(CONNECTED_AT);
      return Math.round(bobConnected);
    } catch (RuntimeException e) {
      throw new AssertionError("not connected; coturn's log:\n" + coturn.log(), e);
    }
  }

  @Test
  void twoPhonesAllowedOnlyRelaysCallEachOtherThroughCoturnWithTheHubsCredentials() {
    startHub("relay", SECRET);
    Page[] pages = new Page[2];

    long setUp = call(pages);

    for (Page page : pages) {
      assertThat(evaluate(page, SELECTED_PAIR)).containsEntry("policy", "relay").containsEntry("local", "relay")
          .containsEntry("remote", "relay");
    }
    assertThat(pages[1].locator(".tile:not(.me) figcaption")).hasText("Famille Alice");
    System.out.printf("relayed call set-up (Bob's page opened -> connected through coturn): %d ms%n", setUp);
    assertThat(coturn.log()).contains("ALLOCATE processed, success").contains("CREATE_PERMISSION processed, success");
    // Two live videos on a busy machine: capturing the page may take longer than Playwright's usual wait.
    pages[1].screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("room-relayed-bob.png"))
        .setFullPage(true).setTimeout(IN_THE_ROOM_MS));
    PageChecks.checkAccessibility(pages[1]);
  }

  @Test
  void withAPolicyOfAllTheSameRoomGoesPeerToPeerWhereItCan() {
    startHub("all", SECRET);
    Page[] pages = new Page[2];

    long setUp = call(pages);

    // The remote end is a host candidate, or peer-reflexive when its checks arrive before its candidate does.
    assertThat(evaluate(pages[1], SELECTED_PAIR)).containsEntry("policy", "all").containsEntry("local", "host")
        .hasEntrySatisfying("remote", type -> assertThat(type).isIn("host", "prflx"));
    System.out.printf("direct call set-up (Bob's page opened -> connected peer to peer): %d ms%n", setUp);
  }

  @Test
  void aSecretCoturnDoesNotShareGetsNoRelayAndNoCall() {
    startHub("relay", "not-the-secret-coturn-was-given-0123456789");
    Page alice = phone("Famille Alice");
    inTheRoom(alice);
    Page bob = phone("Famille Bob");

    for (Page page : List.of(alice, bob)) {
      Map<String, Object> gathered = evaluate(page, GATHERED);
      assertThat(((Number) gathered.get("candidates")).intValue()).as("relay candidates gathered").isZero();
      assertThat(gathered.get("state")).isNotEqualTo("connected");
    }
    assertThat(coturn.log()).contains("401").doesNotContain("ALLOCATE processed, success");
  }
}
