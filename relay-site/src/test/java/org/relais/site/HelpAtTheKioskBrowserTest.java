package org.relais.site;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.PageChecks;
import org.relais.site.kiosk.RoomState;
import org.relais.site.link.LinkState;
import org.relais.protocol.site.SiteEvent;

/**
 * Help reaches a person, in Chromium: a visitor's request made before the class is on the instructor's
 * console as soon as it opens, and withdrawn from the visitor's page it leaves the kiosk's queue; a family's
 * call from home shows on the kiosk of its class's centre, the animator takes it there, and both end up in
 * the call's room; with the hub gone, the kiosk says a call cannot be taken offline.
 */
class HelpAtTheKioskBrowserTest {

  @Test
  void helpFromTheRoomAndFromHomeReachesTheAnimator() throws Exception {
    try (CentreFixture centre = new CentreFixture("h2"); Browser browser = Browser.launchForCalls()) {
      centre.enrol();
      SiteApplication relay = centre.startRelay();
      try {
        CentreFixture.await("the link", Duration.ofSeconds(20), () -> relay.linkStatus().state() == LinkState.ONLINE);
        CentreFixture.await("the schedule", Duration.ofSeconds(20), () -> relay.room().forHelp().isPresent());
        String kioskUrl = "http://127.0.0.1:" + relay.kioskPort();

        // An hour before the class, on a visitor's PC (a phone-sized window here).
        Page visitor = browser.phone(kioskUrl).newPage();
        visitor.navigate("/help?seat=PC%203");
        PageChecks.checkAccessibility(visitor);
        Browser.screenshot(visitor, "visitor-help-ask");
        visitor.getByText("J'ai besoin d'aide").click();
        assertThat(visitor.locator("#waiting-status")).hasText("L'animateur arrive. Poste : PC 3");
        assertThat(visitor.locator("meta[http-equiv=refresh]")).hasCount(0);
        assertThat(visitor.locator("#updates")).isVisible();
        assertThat(visitor.locator("#refresh")).isHidden();
        PageChecks.checkAccessibility(visitor);
        Browser.screenshot(visitor, "visitor-help-waiting");
        // Without JavaScript, the same page offers to refresh by hand.
        Page noScript = browser.context(Browser.phoneOptions(kioskUrl).setJavaScriptEnabled(false)).newPage();
        noScript.navigate(visitor.url());
        assertThat(noScript.locator("#waiting-status")).hasText("L'animateur arrive. Poste : PC 3");
        assertThat(noScript.locator("#updates")).isHidden();

        // The instructor opens the console afterwards: the request is there from the start.
        Page console = browser.desktop(centre.hubUrl()).newPage();
        StaffWeb.signIn(console, centre.hubUrl(), centre.instructor);
        console.navigate("/console/sessions/" + centre.sessionId);
        assertThat(console.locator("#help-requests")).hasText("1");
        assertThat(console.locator("#rooms .room-help")).hasText("PC 3");

        BrowserContext kioskContext = browser.desktop(kioskUrl);
        kioskContext.grantPermissions(List.of("camera", "microphone"));
        Page kiosk = kioskContext.newPage();
        kiosk.navigate("/kiosk");
        kiosk.getByLabel("E-mail").fill(centre.animator.email());
        kiosk.getByLabel("Mot de passe").fill(HubHarness.PASSWORD);
        kiosk.getByText("Se connecter").click();
        assertThat(kiosk.locator("#help-count")).hasText("1");

        // The visitor manages alone after all.
        visitor.getByText("Annuler ma demande").click();
        assertThat(visitor.locator("#withdrawn h1")).hasText("Demande annulée");
        assertThat(kiosk.locator("#help-count")).hasText("0");
        assertThat(console.locator("#help-requests")).hasText("0");
        PageChecks.checkAccessibility(visitor);
        Browser.screenshot(visitor, "visitor-help-withdrawn");
        noScript.getByText("Actualiser").click();
        assertThat(noScript.locator("#withdrawn h1")).hasText("Demande annulée");
        assertThat(relay.journal().events()).anyMatch(e -> e.kind() == SiteEvent.Kind.HELP_DONE
            && RoomState.WITHDRAWN.equals(e.label()));

        // A family at home calls for help from its join link.
        String joinUrl = centre.harness.http.post("/api/v1/sessions/" + centre.sessionId + "/registrations")
            .sendJsonObject(new JsonObject().put("displayName", "Famille Benali")).await().bodyAsJsonObject()
            .getString("joinUrl");
        String token = joinUrl.substring(joinUrl.indexOf("/j/") + 3);
        BrowserContext phone = browser.context(Browser.phoneOptions(centre.hubUrl())
            .setPermissions(List.of("camera", "microphone")));
        Page family = phone.newPage();
        family.navigate("/j/" + token + "/help");
        PageChecks.checkAccessibility(family);
        Page familyNoScript = browser.context(Browser.phoneOptions(centre.hubUrl()).setJavaScriptEnabled(false))
            .newPage();
        familyNoScript.navigate("/j/" + token + "/help");
        assertThat(familyNoScript.locator("noscript a.button")).hasText("Actualiser");
        assertThat(familyNoScript.locator("noscript a.button")).isVisible();
        family.locator("#help-message").fill("Je n’entends rien sur la tablette");
        family.getByText("Appeler un animateur").click();
        assertThat(family.locator("#help-status")).hasText("Votre appel est le prochain : un animateur arrive.");
        PageChecks.checkAccessibility(family);

        assertThat(kiosk.locator("#family-calls")).containsText("Famille Benali");
        assertThat(kiosk.locator("#family-calls")).containsText("Cuisine du monde");
        assertThat(kiosk.locator("#family-calls")).containsText("Je n’entends rien sur la tablette");
        assertThat(kiosk.locator("#family-calls")).containsText("depuis 09:00");
        assertThat(kiosk.locator("#calls-count")).hasText("1");
        PageChecks.checkAccessibility(kiosk);
        Browser.screenshot(kiosk, "kiosk-family-call");

        Page call = kioskContext.waitForPage(() -> kiosk.getByText("Prendre l'appel").click());
        call.waitForURL(centre.hubUrl() + "/help-calls/**");
        assertThat(call.locator("#room-status")).hasText("Vous êtes dans la salle.");
        assertThat(family.locator("#room-status")).hasText("Vous êtes dans la salle.");
        // Each sees the other: their own picture and the other's.
        assertThat(call.locator("#videos figure")).hasCount(2);
        assertThat(family.locator("#videos figure")).hasCount(2);
        assertThat(call.url()).doesNotContain("token");
        assertThat(kiosk.locator("#family-calls")).containsText("Pris par " + centre.animator.displayName());
        assertThat(kiosk.locator("#calls-count")).hasText("0");
        PageChecks.checkAccessibility(call);
        Browser.screenshot(call, "help-call-room-animator");
        Browser.screenshot(family, "help-call-room-family");
        Browser.screenshot(kiosk, "kiosk-family-call-taken");

        // The animator hangs up: the call is over for the family too, and off the kiosk.
        call.locator("#leave").click();
        assertThat(family.locator("#left .notice")).hasText("L’appel est terminé.");
        assertThat(kiosk.locator("#family-calls")).containsText("Aucun appel.");

        // The family calls again while the centre's line is down: the kiosk says it cannot be taken offline.
        family.navigate("/j/" + token + "/help");
        family.getByText("Appeler un animateur").click();
        assertThat(kiosk.locator("#calls-count")).hasText("1");
        centre.harness.stopHub();
        kiosk.getByText("Prendre l'appel").click();
        assertThat(kiosk.locator("#calls-error"))
            .hasText("Le hub est injoignable : l'appel ne peut pas être pris hors ligne.");
        assertThat(kiosk.locator("#calls-offline")).isVisible();
        centre.startHub();
      } finally {
        relay.stop().await();
      }
    }
  }
}
