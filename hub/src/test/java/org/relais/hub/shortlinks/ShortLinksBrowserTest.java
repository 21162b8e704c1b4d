package org.relais.hub.shortlinks;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.relais.hub.testing.PageChecks.checkAccessibility;
import static org.relais.hub.testing.PageChecks.checkBasics;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.Map;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.relais.hub.schedule.Session;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.WatchedPage;

/**
 * A family's confirmation page with its short link, and the programme with its calendar subscriptions, on a
 * 390 px phone and a desktop: what they show, axe-core without a critical or serious violation, screenshots.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShortLinksBrowserTest {
  private static final Pattern SHORT_URL = Pattern.compile("^http://127\\.0\\.0\\.1:\\d+/j/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}(\\?lang=[a-z]{2})?$");
  private HubHarness harness;
  private Browser browser;
  private String baseUrl;

  @BeforeAll
  void start() {
    harness = HubHarness.start("h2");
    DemoClasses.seed(harness);
    browser = Browser.launch();
    baseUrl = Browser.baseUrl(harness);
    // The links the pages show are built on the address the hub is reached at: the browser's.
    Assertions.assertThat(harness.hub.publicUrl().toString()).startsWith("http://localhost:");
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  private static Page.GetByRoleOptions named(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  private static Locator.GetByRoleOptions inside(String name) {
    return new Locator.GetByRoleOptions().setName(name).setExact(true);
  }

  @Test
  void theConfirmationPageShowsTheShortLinkItsQrCodeAndCopyButtons() {
    Session couscous = DemoClasses.named(harness, "Cuisine du monde : le couscous de Karim");
    for (boolean phone : new boolean[] {true, false}) {
      try (BrowserContext context = phone ? browser.phone(baseUrl) : browser.desktop(baseUrl)) {
        WatchedPage watched = new WatchedPage(context.newPage());
        Page page = watched.page;
        page.navigate("/sessions/" + couscous.id());
        page.getByLabel("Votre nom ou prénom").fill(phone ? "Famille Benali" : "Famille Martin");
        page.getByRole(AriaRole.BUTTON, named("Je m’inscris")).click();
        assertThat(page.getByRole(AriaRole.STATUS).first()).hasText("Inscription confirmée : une place vous attend.");

        Locator joinUrl = page.getByLabel("Copier le lien");
        String shortUrl = joinUrl.inputValue().replace("localhost", "127.0.0.1");
        // The link to copy is the short link itself, as the SMS and the e-mail give it, and shows whole.
        Assertions.assertThat(shortUrl).matches(SHORT_URL).doesNotContain("?");
        Assertions.assertThat((Boolean) joinUrl.evaluate("field => field.scrollWidth <= field.clientWidth"
            + " && field.scrollHeight <= field.clientHeight")).as("the whole short link is in view").isTrue();
        Assertions.assertThat(shortUrl.substring(baseUrl.length())).hasSizeLessThanOrEqualTo(40);
        assertThat(page.getByRole(AriaRole.LINK, named("Ouvrir le cours")))
            .hasAttribute("href", Pattern.compile("^/j/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\\?lang=fr$"));
        assertThat(page.getByText("Un lien court, à taper ou à envoyer par SMS")).isVisible();
        Locator qr = page.getByRole(AriaRole.IMG, named("QR code du lien du cours"));
        assertThat(qr).isVisible();
        page.waitForFunction("() => { const qr = document.querySelector('img.qr'); "
            + "return qr.complete && qr.naturalWidth > 0; }");
        assertThat(page.getByLabel("Lien de cette page (pour la retrouver)"))
            .hasValue(Pattern.compile("/r/[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$"));
        Locator copy = page.getByRole(AriaRole.BUTTON, named("Copier")).first();
        assertThat(copy).isVisible();
        Assertions.assertThat(copy.boundingBox().height).isGreaterThanOrEqualTo(44);
        copy.click();
        assertThat(page.locator("#copy-status")).hasText(Pattern.compile("Lien copié\\.|La copie n’a pas marché.*"));

        Browser.screenshot(page, phone ? "shortlinks-confirmation-phone" : "shortlinks-confirmation-desktop");
        checkBasics(watched, "fr");
        checkAccessibility(page);

        // The short link opens the family's waiting page, and so does its QR code's capitals.
        page.navigate(shortUrl.substring(baseUrl.length()).toUpperCase(java.util.Locale.ROOT));
        assertThat(page.locator("h1")).hasText("Cuisine du monde : le couscous de Karim");
        watched.assertQuiet();
      }
    }
  }

  @Test
  void theProgrammeOffersItsCalendarsToSubscribeTo() {
    for (boolean phone : new boolean[] {true, false}) {
      try (BrowserContext context = phone ? browser.phone(baseUrl) : browser.desktop(baseUrl)) {
        WatchedPage watched = new WatchedPage(context.newPage());
        Page page = watched.page;
        page.navigate("/?category=COOKING");
        Locator section = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Suivre le calendrier"));
        assertThat(section).isVisible();
        assertThat(section.getByRole(AriaRole.LINK, inside("S’abonner : Cuisine")))
            .hasAttribute("href", Pattern.compile("^webcal://localhost:\\d+/calendar/themes/cooking\\.ics$"));
        assertThat(section.getByRole(AriaRole.LINK, inside("S’abonner à tout le programme")))
            .hasAttribute("href", Pattern.compile("^webcal://localhost:\\d+/calendar/network\\.ics$"));
        Locator plain = section.locator("a[href^='http']");
        assertThat(plain).hasCount(2);
        String https = plain.last().getAttribute("href");
        Assertions.assertThat(page.request().get(https.replace("localhost", "127.0.0.1")).headers()
            .get("content-type")).isEqualTo("text/calendar; charset=utf-8");
        section.scrollIntoViewIfNeeded();
        Browser.screenshot(page, phone ? "calendars-programme-phone" : "calendars-programme-desktop");
        checkBasics(watched, "fr");
        checkAccessibility(page);
        watched.assertQuiet();
      }
    }
  }

  @Test
  void aClassPageOffersItsCentresAndThemesCalendars() {
    Session gym = DemoClasses.named(harness, "Gym douce sur chaise");
    try (BrowserContext context = browser.phone(baseUrl)) {
      WatchedPage watched = new WatchedPage(context.newPage());
      Page page = watched.page;
      page.navigate("/sessions/" + gym.id() + "?lang=en");
      Locator section = page.getByRole(AriaRole.REGION, new Page.GetByRoleOptions().setName("Follow the calendar"));
      assertThat(section.getByRole(AriaRole.LINK, inside("Subscribe to this centre's classes"))).hasAttribute("href",
          Pattern.compile("^webcal://localhost:\\d+/calendar/centres/" + gym.draft().centreId() + "\\.ics$"));
      assertThat(section.getByRole(AriaRole.LINK, inside("Subscribe: Sport"))).isVisible();
      Browser.screenshot(page, "calendars-class-phone-en");
      checkBasics(watched, "en");
      checkAccessibility(page);
      watched.assertQuiet();
    }
  }
}
