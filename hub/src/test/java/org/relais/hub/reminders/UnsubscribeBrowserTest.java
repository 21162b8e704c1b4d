package org.relais.hub.reminders;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/** The unsubscribe page a family opens from an e-mail, on a phone and on a desktop, in French and in Arabic. */
class UnsubscribeBrowserTest {

  @Test
  void theFamilyUnsubscribesWithOneTapOnAPhoneOrADesktop() {
    try (HubHarness harness = HubHarness.start("h2", Map.of("outbox.worker", "false"));
        Browser browser = Browser.launch()) {
      Instant start = harness.clock.instant().plus(Duration.ofDays(2));
      Session session = harness.hub.schedule().createTrusted(new SessionDraft("Gym douce", Category.SPORT, null, "fr",
          null, harness.centre("Centre social Les Tilleuls").id(), start, start.plus(Duration.ofHours(1)), null, 8,
          VideoMode.DIRECT, null)).await();
      String base = harness.hub.publicUrl().toString();
      for (String language : new String[] {"fr", "ar"}) {
        RegistrationService.Registered registered = harness.hub.registrations().register(session.id(),
            new RegistrationRequest("Famille " + language, language + "@example.org", null, 1, true, language), null)
            .await();
        String path = UnsubscribePages.PATH + new UnsubscribeTokens(harness.hub.registrations()::manageToken)
            .token(registered.registration().id());
        boolean phone = "fr".equals(language);
        try (BrowserContext context = phone ? browser.phone(base) : browser.desktop(base)) {
          WatchedPage watched = new WatchedPage(context.newPage());
          Page page = watched.page;
          page.navigate(path);
          PageChecks.checkBasics(watched, language);
          PageChecks.checkAccessibility(page);
          page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("unsubscribe-" + language
              + ".png")).setFullPage(true));
          page.locator("button[type=submit]").click();
          assertThat(page.locator("main p")).containsText(language + "@example.org");
          assertThat(page.locator("button")).hasCount(0);
          PageChecks.checkAccessibility(page);
          // The address reads left to right, isolated from the sentence around it.
          assertThat(page.locator("main p bdi[dir=ltr]")).hasText(language + "@example.org");
          page.navigate(path);
          assertThat(page.locator("button")).hasCount(0);
          assertThat(page.locator("main p").first()).containsText(language + "@example.org");
          page.screenshot(new Page.ScreenshotOptions().setPath(Browser.SCREENSHOTS.resolve("unsubscribe-again-"
              + language + ".png")).setFullPage(true));
          page.locator("header.top nav a").click();
          assertThat(page).hasURL(java.util.regex.Pattern.compile("/\\?lang=" + language + "$"));
          watched.assertQuiet();
        }
        org.assertj.core.api.Assertions.assertThat(harness.hub.reminders().outbox()
            .isUnsubscribed(language + "@example.org").await()).isTrue();
      }
    }
  }
}
