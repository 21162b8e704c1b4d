package org.relais.hub.broadcast;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.LocatorAssertions;
import com.microsoft.playwright.options.AriaRole;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.StaffWeb;

/**
 * The hub restarted in the middle of a broadcast (a deployment, a crash): the instructor's studio, in Chromium with
 * its fake camera, says it lost the connection, dials again by itself and is back on air; the family's player,
 * on a phone, plays on without anyone touching anything.
 */
class StudioReconnectBrowserTest {
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
  }

  @Test
  void theStudioAndTheFamilysPlayerPickUpByThemselvesAfterTheHubRestarts() throws Exception {
    // The same address before and after: the pages open in the browser know only that one.
    Map<String, String> samePort = Map.of("http.port", String.valueOf(freePort()));
    live = LiveClass.start(samePort);
    String family = live.register("Famille Girard");
    browser = Browser.launch(Browser.FAKE_MEDIA);
    String base = Browser.baseUrl(live.harness);

    Page console = browser.context(Browser.desktopOptions(base).setPermissions(List.of("camera", "microphone")))
        .newPage();
    StaffWeb.signIn(console, base, live.instructor);
    console.navigate("/console/sessions/" + live.sessionId);
    console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Allumer la caméra et le micro")).click();
    console.waitForFunction("() => document.getElementById('studio-preview').videoWidth > 0");
    console.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Passer à l’antenne")).click();
    assertThat(console.locator("#studio-state")).hasText("En direct",
        new LocatorAssertions.HasTextOptions().setTimeout(BroadcastPagesBrowserTest.ON_AIR_MS));
    Page player = browser.phone(base).newPage();
    player.navigate("/j/" + family);
    player.evaluate(BroadcastPagesBrowserTest.PLAYS, List.of(2, true));
    console.evaluate(BroadcastPagesBrowserTest.RECORDS_STUDIO_STATES);

    long stoppedAt = System.nanoTime();
    live = live.restartedWith(samePort);
    console.waitForFunction("() => window.studioStates.includes('Connexion perdue, on se reconnecte…')", null,
        new Page.WaitForFunctionOptions().setTimeout(BroadcastPagesBrowserTest.ON_AIR_MS));
    assertThat(console.locator("#studio-state")).hasText("En direct",
        new LocatorAssertions.HasTextOptions().setTimeout(BroadcastPagesBrowserTest.ON_AIR_MS));
    assertThat(console.locator("#studio-air")).isEnabled();
    @SuppressWarnings("unchecked")
    Map<String, Object> resumed = (Map<String, Object>) player.evaluate(BroadcastPagesBrowserTest.RESUMES);
    System.out.printf("Hub restarted mid-broadcast: the player played 8 s in %s ms, not playing for %s ms of them"
        + " (stop to resolve: %d ms)%n", resumed.get("took"), resumed.get("stalled"),
        java.util.concurrent.TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - stoppedAt));
    assertThat(player.locator("#player-state")).hasText("En direct");
    Browser.screenshot(console, "studio-back-on-air-after-restart-desktop");
    Browser.screenshot(player, "player-after-restart-phone");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
