package org.relais.site;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.site.link.LinkState;

/**
 * The animator's kiosk and the instructor's console side by side, both real pages in Chromium: people
 * counted in and a visitor's help request show on the console as they happen, without a refresh; the
 * console starts today's sitting and, once confirmed, ends it.
 */
class KioskConsoleBrowserTest {

  @Test
  void theConsoleFollowsTheKioskLive() throws Exception {
    try (CentreFixture centre = new CentreFixture("h2"); Browser browser = Browser.launch()) {
      centre.enrol();
      SiteApplication relay = centre.startRelay();
      try {
        CentreFixture.await("the link", Duration.ofSeconds(20), () -> relay.linkStatus().state() == LinkState.ONLINE);
        String kioskUrl = "http://127.0.0.1:" + relay.kioskPort();
        BrowserContext kioskContext = browser.desktop(kioskUrl);
        Page kiosk = kioskContext.newPage();
        kiosk.navigate("/kiosk");
        kiosk.getByLabel("E-mail").fill(centre.animator.email());
        kiosk.getByLabel("Mot de passe").fill(HubHarness.PASSWORD);
        kiosk.getByText("Se connecter").click();
        assertThat(kiosk.locator("#site-name")).hasText("Centre social du Faubourg — Salle Nelson Mandela");
        assertThat(kiosk.locator("#link-state")).hasText("Relié au hub");
        assertThat(kiosk.locator("#today")).containsText("Cuisine du monde");

        Page console = browser.desktop("http://localhost:" + centre.port).newPage();
        StaffWeb.signIn(console, "http://localhost:" + centre.port, centre.instructor);
        console.navigate("/console/sessions/" + centre.sessionId);
        assertThat(console.locator("#title")).hasText("Cuisine du monde");
        assertThat(console.locator("#online")).hasText("1/1");
        Browser.screenshot(console, "console-1-linked");

        // The instructor starts today's sitting: the kiosk shows it live, with the room screen's button.
        assertThat(console.locator("#sitting-date")).hasText("Séance du lundi 23 novembre");
        assertThat(console.locator("#end")).isHidden();
        console.getByText("Démarrer la séance").click();
        assertThat(console.locator("#state")).hasText("En direct");
        assertThat(console.locator("#start")).isHidden();
        assertThat(kiosk.locator("#now")).containsText("En direct");

        kiosk.getByLabel("Une personne de plus").click();
        kiosk.getByLabel("Une personne de plus").click();
        kiosk.getByLabel("Prénom ou initiales").fill("Amina");
        kiosk.getByLabel("Personnes du foyer").fill("3");
        kiosk.getByText("Accueillir").click();
        assertThat(kiosk.locator("#now .head-count")).hasText("5");
        assertThat(console.locator("#head-count")).hasText("5");
        assertThat(console.locator("#rooms .room-count")).hasText("5 / 12");

        Page visitor = browser.desktop(kioskUrl).newPage();
        visitor.navigate("/help?seat=PC%203");
        Browser.screenshot(visitor, "visitor-help-1");
        visitor.getByText("J'ai besoin d'aide").click();
        assertThat(visitor.locator("#waiting-status")).containsText("L'animateur arrive");
        assertThat(kiosk.locator("#help")).containsText("PC 3");
        assertThat(console.locator("#help-requests")).hasText("1");
        assertThat(console.locator("#rooms .room-help")).hasText("PC 3");
        Browser.screenshot(kiosk, "kiosk-1-help");
        Browser.screenshot(console, "console-2-help");

        kiosk.locator("#help").getByText("Fait").click();
        assertThat(kiosk.locator("#help-count")).hasText("0");
        assertThat(console.locator("#help-requests")).hasText("0");

        Page screen = kioskContext.waitForPage(() -> kiosk.getByText("Afficher sur l'écran de la salle").click());
        screen.waitForLoadState();
        assertThat(screen.url()).startsWith(centre.hubUrl() + "/j/");
        assertThat(screen.locator("main")).containsText("Cuisine du monde");
        Browser.screenshot(screen, "room-screen");
        Browser.screenshot(kiosk, "kiosk-2-counted");
        Browser.screenshot(console, "console-3-counted");

        // Ending asks first; keeping the sitting going changes nothing, confirming ends today's sitting only.
        console.locator("#end").click();
        assertThat(console.getByRole(AriaRole.DIALOG)).containsText("Les séances suivantes restent prévues");
        Browser.screenshot(console, "console-4-confirm-end");
        console.getByText("Continuer la séance").click();
        assertThat(console.getByRole(AriaRole.DIALOG)).isHidden();
        assertThat(console.locator("#state")).hasText("En direct");
        console.locator("#end").click();
        console.getByRole(AriaRole.DIALOG).getByText("Terminer", new Locator.GetByTextOptions().setExact(true))
            .click();
        assertThat(console.locator("#state")).hasText("Terminé");
        assertThat(console.locator("#start")).isHidden();
        assertThat(console.locator("#end")).isHidden();
        assertThat(kiosk.locator("#today")).containsText("Terminé");
        assertThat(relay.journal().events()).extracting(e -> e.kind().name())
            .contains("HEAD_COUNT", "CHECK_IN", "HELP_REQUESTED", "HELP_DONE", "SCREEN_OPENED");
      } finally {
        relay.stop().await();
      }
    }
  }
}
