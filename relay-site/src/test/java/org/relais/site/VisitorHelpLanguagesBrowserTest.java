package org.relais.site;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.time.Duration;
import java.util.Map;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.WatchedPage;
import org.relais.web.MessageBundles;

/**
 * The visitors' help page of a room in each of its languages on a 320 px phone: chosen from the page's own
 * switch and remembered, right to left in Arabic, nothing wider than the screen, axe-core's approval; the
 * kiosk's sign-in in the animator's browser language, and its refusal of a wrong password in each language.
 */
class VisitorHelpLanguagesBrowserTest {

  @Test
  void aVisitorAsksForHelpInFrenchEnglishOrArabic() throws Exception {
    try (CentreFixture centre = new CentreFixture("h2"); Browser browser = Browser.launch()) {
      centre.enrol();
      SiteApplication relay = centre.startRelay();
      try {
        CentreFixture.await("the schedule", Duration.ofSeconds(20), () -> relay.room().forHelp().isPresent());
        String kioskUrl = "http://127.0.0.1:" + relay.kioskPort();
        for (String language : MessageBundles.LANGUAGES) {
          Map<String, String> t = MessageBundles.bundle("messages", language);
          try (BrowserContext phone = browser.context(Browser.phoneOptions(kioskUrl).setViewportSize(320, 640))) {
            WatchedPage watched = new WatchedPage(phone.newPage());
            watched.page.onResponse(response -> {
              if (response.status() >= 400) {
                watched.problems.add(response.status() + " " + response.url());
              }
            });
            Page page = watched.page;
            page.navigate("/help?seat=PC%203");
            if (!language.equals("fr")) {
              page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(MessageBundles.nameOf(language))).click();
            }
            assertThat(page.locator("html")).hasAttribute("dir", MessageBundles.direction(language));
            assertThat(page.locator("input[name=seat]")).hasValue("PC 3");
            check(watched, language, "ask");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(t.get("visitor_help_ask"))).click();
            // Remembered: the next page, without ?lang=, speaks the language chosen.
            assertThat(page.locator("#waiting h1")).hasText(t.get("visitor_help_noted"));
            assertThat(page.locator("#waiting-status")).containsText(t.get("visitor_help_coming"));
            check(watched, language, "waiting");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(t.get("visitor_help_withdraw"))).click();
            assertThat(page.locator("#withdrawn h1")).hasText(t.get("visitor_help_withdrawn_title"));
            watched.assertQuiet();
          }
        }
        try (BrowserContext animator = browser.context(Browser.desktopOptions(kioskUrl).setLocale("en-GB"))) {
          Page page = animator.newPage();
          page.navigate("/kiosk/login");
          assertThat(page.locator("html")).hasAttribute("lang", "en");
          assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Sign in"))).isVisible();
          assertThat(page.getByLabel("Password")).isVisible();
        }
        // A wrong password, refused in the language of the page, on the animator's phone.
        for (String language : MessageBundles.LANGUAGES) {
          Map<String, String> t = MessageBundles.bundle("messages", language);
          try (BrowserContext animator = browser.context(Browser.phoneOptions(kioskUrl))) {
            Page page = animator.newPage();
            page.navigate("/kiosk/login?lang=" + language);
            page.getByLabel(t.get("kiosk_login_email")).fill(centre.animator.email());
            page.getByLabel(t.get("kiosk_login_password")).fill("faux");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(t.get("kiosk_login_submit"))).click();
            assertThat(page.getByRole(AriaRole.ALERT)).hasText(t.get("kiosk_login_refused_wrong_password"));
            assertThat(page.locator("html")).hasAttribute("lang", language);
            Assertions.assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
                .as(language + " sign-in refused scrolls sideways").isEqualTo(true);
            PageChecks.checkAccessibility(page);
            Browser.screenshot(page, "kiosk-login-refused-" + language + "-390");
          }
        }
      } finally {
        relay.stop().await();
      }
    }
  }

  private static void check(WatchedPage watched, String language, String step) {
    Page page = watched.page;
    Assertions.assertThat(page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth"))
        .as(step + " scrolls sideways").isEqualTo(true);
    if (step.equals("ask")) {
      // The status page holds its three outcomes, each with its heading, two of them hidden.
      PageChecks.checkBasics(watched, language);
    }
    PageChecks.checkAccessibility(page);
    Browser.screenshot(page, "visitor-help-" + language + "-" + step + "-320");
  }
}
