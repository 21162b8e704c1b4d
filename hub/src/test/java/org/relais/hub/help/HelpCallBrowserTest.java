package org.relais.hub.help;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.BridgeClient;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Addresses;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * On a phone, a family asks for help from its join page, watches its call wait, and lands in the call's
 * room when an animator takes it (the animator's end speaks the bridge's frames from here); the page says
 * so when the call ends.
 */
class HelpCallBrowserTest {
  private HubHarness harness;
  private Browser browser;
  private BrowserContext phone;
  private Vertx vertx;
  private Centre centre;
  private Session session;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    vertx = Vertx.vertx();
    centre = harness.centre("Maison de quartier des Tilleuls");
    Instant start = harness.clock.instant().plus(Duration.ofMinutes(30));
    session = harness.hub.schedule().createTrusted(new SessionDraft("Atelier tablette", Category.DIGITAL_SKILLS, null,
        "fr", null, centre.id(), start, start.plus(Duration.ofHours(1)), null, 20, VideoMode.DIRECT, null)).await();
    browser = Browser.launchForCalls();
    phone = browser.context(Browser.phoneOptions(Browser.baseUrl(harness)).setPermissions(List.of("camera",
        "microphone")));
  }

  @AfterEach
  void stop() {
    phone.close();
    browser.close();
    vertx.close().await();
    harness.close();
  }

  @Test
  void aFamilyWaitingForTheClassCallsAHelperAndTalksToThem() {
    String url = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", "Famille Benali")).await().bodyAsJsonObject()
        .getString("joinUrl");
    String token = url.substring(url.indexOf("/j/") + 3);
    String animator = harness.login(harness.staff(Role.ANIMATOR, Set.of(centre.id())));
    WatchedPage watched = new WatchedPage(phone.newPage());
    Page page = watched.page;

    // Half an hour early, the waiting page already offers help.
    page.navigate("/j/" + token);
    page.getByText("Besoin d’aide ? Appeler un animateur du centre").click();
    assertThat(page.locator("h1")).hasText("Demander de l’aide");
    page.locator("#help-message").fill("Je n’entends rien sur la tablette");
    Browser.screenshot(page, "help-1-ask");
    page.getByText("Appeler un animateur").click();
    assertThat(page.locator("#help-status")).hasText("Votre appel est le prochain : un animateur arrive.");
    assertThat(page.locator("#room")).isHidden();
    Browser.screenshot(page, "help-2-waiting");

    JsonObject call = harness.send(HttpMethod.GET, "/api/v1/centres/" + centre.id() + "/help-calls", animator, null)
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(call.getString("message")).isEqualTo("Je n’entends rien sur la tablette");
    String callId = call.getString("id");
    harness.send(HttpMethod.POST, "/api/v1/help-calls/" + callId + "/take", animator, null);
    JsonObject ticket = harness.send(HttpMethod.POST, "/api/v1/help-calls/" + callId + "/ticket", animator, null)
        .bodyAsJsonObject();
    String room = ticket.getString("room");
    String me = Addresses.peer(room, ticket.getString("peerId"));
    BridgeClient helper = BridgeClient.open(vertx, harness.hub.port(), ticket.getString("ticket"));
    helper.register(Addresses.roster(room)).register(me);
    helper.message(me, "roster");

    // The page notices within seconds, opens the room, and the family's browser offers its call.
    helper.await(frame -> frame.getValue("body") instanceof JsonObject body && "joined".equals(body.getString("type"))
        && "Famille Benali".equals(body.getJsonObject("peer").getString("name")));
    JsonObject offer = helper.message(me, "offer");
    assertThat(offer.getString("sdp")).contains("m=audio").contains("m=video");
    assertThat(page.locator("#room")).isVisible();
    assertThat(page.locator("#room-status")).hasText("Vous êtes dans la salle.");
    assertThat(page.locator("#leave")).hasText("Raccrocher");
    Browser.screenshot(page, "help-3-room");

    harness.send(HttpMethod.POST, "/api/v1/help-calls/" + callId + "/close", animator, null);
    assertThat(page.locator("#left")).isVisible();
    assertThat(page.locator("#left .notice")).hasText("L’appel est terminé.");
    assertThat(page.locator("#room")).isHidden();
    Browser.screenshot(page, "help-4-over");
    helper.awaitClosed();
    watched.assertQuiet();
  }

  @Test
  void aStaffMemberSentToSignInComesBackToTheCallTakesItAndBothAreInTheRoom() {
    String url = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", "Famille Haddad")).await().bodyAsJsonObject()
        .getString("joinUrl");
    String token = url.substring(url.indexOf("/j/") + 3);
    StaffMember nadia = harness.staff(Role.ANIMATOR, Set.of(centre.id()));
    Page family = phone.newPage();
    family.navigate("/j/" + token + "/help");
    family.getByText("Appeler un animateur").click();
    assertThat(family.locator("#help-status")).hasText("Votre appel est le prochain : un animateur arrive.");
    String callId = harness.send(HttpMethod.GET, "/api/v1/centres/" + centre.id() + "/help-calls",
        harness.login(nadia), null).bodyAsJsonObject().getJsonArray("items").getJsonObject(0).getString("id");

    BrowserContext desk = browser.context(Browser.desktopOptions(Browser.baseUrl(harness))
        .setPermissions(List.of("camera", "microphone")));
    try {
      Page staff = desk.newPage();
      // Not signed in: the call's room sends to the staff sign-in, which brings the browser back to it.
      staff.navigate("/help-calls/" + callId + "/room");
      staff.waitForURL(Browser.baseUrl(harness) + "/staff/login?next=%2Fhelp-calls%2F" + callId + "%2Froom");
      staff.locator("#email").fill(nadia.email());
      staff.locator("#password").fill("not the password");
      staff.locator("form.form button[type=submit]").click();
      assertThat(staff.locator("#password-error")).hasText("Adresse e-mail ou mot de passe incorrect.");
      staff.locator("#password").fill(HubHarness.PASSWORD);
      staff.locator("form.form button[type=submit]").click();
      staff.waitForURL(Browser.baseUrl(harness) + "/help-calls/" + callId + "/room");
      assertThat(staff.locator("#room-status")).hasText("Vous êtes dans la salle.", Browser.CONNECTING);
      assertThat(family.locator("#room-status")).hasText("Vous êtes dans la salle.", Browser.CONNECTING);
      assertThat(staff.locator("#videos figure")).hasCount(2);
      assertThat(family.locator("#videos figure")).hasCount(2);
      PageChecks.checkAccessibility(staff);
      PageChecks.checkAccessibility(family);

      staff.locator("#leave").click();
      assertThat(family.locator("#left .notice")).hasText("L’appel est terminé.");
      assertThat(staff.locator("#left .notice")).hasText("L’appel est terminé.");
    } finally {
      desk.close();
    }
  }
}
