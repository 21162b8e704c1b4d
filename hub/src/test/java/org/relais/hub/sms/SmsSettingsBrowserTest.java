package org.relais.hub.sms;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.FakeSmsProvider;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Role;

/**
 * A coordinator, on a phone, sets up the centre's Android phone as its SMS line from the centre's page: a wrong
 * address is pointed out next to its field, the saved password is never shown back, and "Envoyer un SMS de
 * test" reaches the (fake) phone and shows what it answered, accepted or refused. Someone else's save in
 * between is reported; another centre's coordinator cannot see the page.
 */
class SmsSettingsBrowserTest {
  private static final String PASSWORD = "Kx7pQ2vLm9wT";

  private HubHarness harness;
  private Browser browser;
  private FakeSmsProvider phone;
  private Centre centre;
  private StaffMember coordinator;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    centre = harness.centre("Maison de quartier des Tilleuls");
    coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    phone = FakeSmsProvider.start();
    browser = Browser.launch();
  }

  @AfterEach
  void stop() {
    browser.close();
    phone.close();
    harness.close();
  }

  @Test
  void aCoordinatorSetsUpTheCentresPhoneAndSendsATestText() {
    String base = Browser.baseUrl(harness);
    WatchedPage watched = new WatchedPage(browser.phone(base).newPage());
    Page page = watched.page;
    StaffWeb.signIn(page, base, coordinator);
    page.navigate("/staff/centres/" + centre.id());
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("SMS").setExact(true)).click();
    assertThat(page.locator("h1")).hasText("SMS du centre · Maison de quartier des Tilleuls");
    assertThat(page.locator(".sms-settings .meta strong")).hasText("Fichier local (aucun envoi)");
    assertThat(page.locator(".sms-hooks code")).hasText(harness.hub.publicUrl() + "/hooks/sms/android/" + centre.id());
    PageChecks.checkStaffPage(watched, "fr", "sms-settings-phone");
    int pageHeight = ((Number) page.evaluate("() => document.documentElement.scrollHeight")).intValue();
    assertThat(pageHeight).as("height of the page at 390 px").isLessThan(2500);

    // With the local file nothing leaves: the result says so, where the eye is, and where to read the message.
    page.locator("#testPhone").fill("06 12 34 56 78");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer un SMS de test")).click();
    Locator result = page.locator("#sms-test-result");
    assertThat(result).containsText("Aucun vrai SMS n’est parti du hub");
    assertThat(result).containsText("data.dir/outbox/sms.txt");
    assertThat(result).hasAttribute("role", "status");
    assertThat(result).isFocused();
    assertThat(result).isInViewport();
    PageChecks.checkAccessibility(page);
    Browser.screenshotOfScreen(page, "sms-settings-test-local-phone");

    page.locator("#provider").selectOption("ANDROID_GATEWAY");
    page.locator("#baseUrl").fill("192.168.1.20:8080");
    page.locator("#username").fill("sms");
    page.locator("#secret").fill(PASSWORD);
    page.locator(".sms-settings .sms-more summary").click();
    page.locator("#webhookKey").fill("Hq3vR8sLw2nB");
    page.locator("#dailyCap").fill("150");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer")).click();
    assertThat(page.locator("#baseUrl-error")).hasText("Indiquez une adresse http:// ou https:// (sans « ? »).");
    assertThat(page.locator("#baseUrl")).hasAttribute("aria-invalid", "true");
    assertThat(page.locator("#secret")).hasValue("");
    assertThat(page.locator("#username")).hasValue("sms");
    watched.refusedWith(422);
    PageChecks.checkStaffPage(watched, "fr", "sms-settings-error-phone");
    page.locator("#baseUrl").scrollIntoViewIfNeeded();
    Browser.screenshotOfScreen(page, "sms-settings-error-field-phone");

    page.locator("#baseUrl").fill(phone.url());
    page.locator("#secret").fill(PASSWORD);
    page.locator(".sms-settings .sms-more summary").click();
    page.locator("#webhookKey").fill("Hq3vR8sLw2nB");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer")).click();
    assertThat(page.locator(".notice")).hasText("Réglages SMS enregistrés.");
    assertThat(page.locator(".sms-settings .meta strong")).hasText("Téléphone Android du centre");
    assertThat(page.locator("#secret")).hasValue("");
    assertThat(page.locator("#secret-hint")).hasText("Enregistré ; sans changer de mode d’envoi, laissez vide pour le garder : ••••••wT");
    assertThat(page.locator("#webhookKey-hint")).hasText("Enregistrée ; sans changer de mode d’envoi, laissez vide pour la garder : ••••••nB");
    assertThat(page.content()).doesNotContain(PASSWORD).doesNotContain("Hq3vR8sLw2nB");

    page.locator("#testPhone").fill("06 12 34 56 78");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer un SMS de test")).click();
    assertThat(page.locator(".sms-test-result")).containsText("Accepté par le téléphone Android du centre.");
    assertThat(page.locator(".sms-test-result")).containsText("en attente d’envoi");
    FakeSmsProvider.Received sent = phone.received().get(0);
    assertThat(sent.body().getJsonArray("phoneNumbers")).isEqualTo(new JsonArray().add("+33612345678"));
    assertThat(sent.body().getJsonObject("textMessage").getString("text"))
        .isEqualTo("Relais : SMS de test du centre Maison de quartier des Tilleuls. Vous pouvez ignorer ce message.");
    assertThat(sent.header("Authorization")).startsWith("Basic ");
    assertThat(page.locator(".sms-test-id code")).hasText(sent.body().getString("id"));
    assertThat(page.locator("#sms-test-result")).isFocused();
    assertThat(page.locator("#sms-test-result")).isInViewport();
    assertThat(page.locator("#testPhone")).hasValue("06 12 34 56 78");
    PageChecks.checkStaffPage(watched, "fr", "sms-settings-test-accepted-phone");
    Browser.screenshotOfScreen(page, "sms-settings-test-result-phone");

    phone.answer(400, new JsonObject().put("message", "invalid phone number"));
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer un SMS de test")).click();
    assertThat(page.locator(".sms-test-result")).hasText(
        "Message refusé : SMS Gateway for Android answered HTTP 400: invalid phone number");
    PageChecks.checkAccessibility(page);
    Browser.screenshotOfScreen(page, "sms-settings-test-refused-phone");

    page.locator("#testPhone").fill("12");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer un SMS de test")).click();
    assertThat(page.locator("#testPhone-error"))
        .hasText("Indiquez un numéro de téléphone, par exemple 06 12 34 56 78.");
    assertThat(page.locator("#testPhone")).isFocused();
    assertThat(page.locator("#testPhone")).isInViewport();
    watched.refusedWith(422);
    watched.assertQuiet();

    WatchedPage desktop = new WatchedPage(browser.desktop(base).newPage());
    StaffWeb.signIn(desktop.page, base, coordinator);
    desktop.page.navigate("/staff/centres/" + centre.id() + "/sms");
    assertThat(desktop.page.locator("#provider")).hasValue("ANDROID_GATEWAY");
    PageChecks.checkStaffPage(desktop, "fr", "sms-settings-desktop");
  }

  @Test
  void aPhoneWithoutSigningKeyIsPointedOutSinceItsReportsWouldBeRefused() {
    StaffWeb web = new StaffWeb(harness);
    StaffWeb.Session session = web.signIn(coordinator);
    String path = "/staff/centres/" + centre.id() + "/sms";
    assertThat(web.post(session, path, MultiMap.caseInsensitiveMultiMap().add("provider", "ANDROID_GATEWAY")
        .add("baseUrl", phone.url()).add("username", "sms").add("secret", PASSWORD).add("dailyCap", "100")
        .add("version", "0")).statusCode()).isEqualTo(303);

    String page = web.get(session, path).bodyAsString();
    assertThat(page).contains("Aucune clé de signature enregistrée").doesNotContain(PASSWORD);
  }

  @Test
  void aSaveOverSomeoneElsesIsReportedAndOtherCentresCannotSeeThePage() {
    StaffWeb web = new StaffWeb(harness);
    StaffWeb.Session session = web.signIn(coordinator);
    String path = "/staff/centres/" + centre.id() + "/sms";
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("provider", "LOCAL_FILE").add("dailyCap", "30")
        .add("version", "0");
    assertThat(web.post(session, path, form).statusCode()).isEqualTo(303);

    HttpResponse<Buffer> stale = web.post(session, path, form);
    assertThat(stale.statusCode()).isEqualTo(409);
    assertThat(stale.bodyAsString()).contains("Quelqu’un a modifié ces réglages entre-temps");

    StaffWeb.Session elsewhere = web.signIn(harness.staff(Role.COORDINATOR,
        Set.of(harness.centre("Centre social du Faubourg").id())));
    assertThat(web.get(elsewhere, path).statusCode()).isEqualTo(403);
    assertThat(web.post(elsewhere, path + "/test", MultiMap.caseInsensitiveMultiMap().add("testPhone",
        "0612345678")).statusCode()).isEqualTo(403);
    assertThat(phone.received()).isEmpty();
  }
}
