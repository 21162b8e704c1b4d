package org.relais.hub.households;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.SelectOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.hub.staff.StaffDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Role;

/**
 * An admin, on a centre PC or a phone, looks at the households off the radar, then follows the page's "recorded
 * for the data protection officer" to the privacy page: how long data is kept, the automatic erasure's runs, and
 * their own view in the log under their name. After a retention run the run shows with its counts.
 */
class PrivacyPageBrowserTest {
  private static Browser browser;

  @BeforeAll
  static void launch() {
    browser = Browser.launch();
  }

  @AfterAll
  static void close() {
    browser.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"phone", "desktop"})
  void anAdminReadsTheirOwnViewInThePrivacyLogAndTheRetentionRuns(String device) {
    try (HubHarness harness = HubHarness.start("h2")) {
      HouseholdScene scene = new HouseholdScene(harness);
      scene.regular(3);
      StaffMember admin = harness.hub.staff().createTrusted(new StaffDraft("nadia@relais.test", "Nadia Benali",
          Role.ADMIN, Set.of(), HubHarness.PASSWORD)).await();
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));

      String base = Browser.baseUrl(harness);
      BrowserContext context = browser.context(device.equals("phone") ? Browser.phoneOptions(base)
          : Browser.desktopOptions(base));
      try {
        Page page = context.newPage();
        StaffWeb.signIn(page, base, admin);
        WatchedPage watched = new WatchedPage(page);

        page.navigate("/staff/households");
        assertThat(page.locator("h1")).hasText("Foyers perdus de vue");
        harness.clock.advance(Duration.ofMinutes(1));
        page.getByText("Voir le journal de confidentialité").click();
        assertThat(page.locator("h1")).hasText("Confidentialité");
        assertThat(page.locator("#privacy-kept")).containsText("effacées 12 mois après la dernière séance");
        assertThat(page.locator("#privacy-kept")).containsText("gardée 36 mois");
        // The hub's start ran the job once: nothing was due.
        Locator runs = page.locator("table.privacy-runs tbody tr");
        assertThat(runs).hasCount(1);
        assertThat(runs.nth(0).locator("td").nth(1)).hasText("0");
        Locator rows = page.locator("table.privacy-entries tbody tr");
        assertThat(rows).hasCount(2);
        assertThat(rows.nth(0)).containsText("Nadia Benali");
        assertThat(rows.nth(0)).containsText("a consulté le journal de confidentialité");
        assertThat(rows.nth(1)).containsText("Nadia Benali");
        assertThat(rows.nth(1)).containsText("a consulté les foyers perdus de vue");
        // Said in words, not as the log keeps them.
        assertThat(rows.nth(1)).containsText("pas vus depuis 4 semaines");
        assertThat(rows.nth(1)).containsText("1 foyer");
        assertThat(rows.nth(1)).not().containsText("=");
        assertThat(page.locator("table.privacy-entries")).not().containsText("Famille Martin");
        check(watched, device + "-privacy-page-1-log");

        // Past the retention period, the job erases the household and the run shows with its counts.
        // (The clock comes back after the run: the admin's session would have long expired.)
        Instant now = harness.clock.instant();
        harness.clock.set(HouseholdScene.weeksAfter(3, 0).plus(Duration.ofDays(400)));
        Retention.Run run = harness.hub.households().retention().runOnce().await();
        assertThat(run.households()).isEqualTo(1);
        harness.clock.set(now.plus(Duration.ofMinutes(1)));
        page.reload();
        assertThat(runs).hasCount(2);
        assertThat(runs.nth(0).locator("td").nth(1)).hasText("1");
        assertThat(runs.nth(0).locator("td").nth(2)).hasText("1");
        assertThat(runs.nth(0).locator("td").nth(3)).hasText("3");
        Locator erased = rows.filter(new Locator.FilterOptions().setHasText("a effacé les données arrivées"));
        assertThat(erased).containsText("Relais");
        assertThat(erased).containsText("1 inscription, 3 présences gardées en nombre");
        check(watched, device + "-privacy-page-2-run");

        page.getByLabel("Action").selectOption(new SelectOption().setLabel("a consulté les foyers perdus de vue"));
        page.getByText("Afficher", new Page.GetByTextOptions().setExact(true)).click();
        assertThat(rows).hasCount(1);
        assertThat(rows.nth(0)).containsText("a consulté les foyers perdus de vue");
        assertThat(page.getByLabel("Action")).hasValue("OFF_RADAR_VIEWED");
        check(watched, device + "-privacy-page-3-filtered");
        assertThat(watched.problems).isEmpty();
      } finally {
        context.close();
      }
    }
  }

  private static void check(WatchedPage watched, String screenshot) {
    PageChecks.checkAccessibility(watched.page);
    PageChecks.checkBasics(watched, "fr");
    Number scrollWidth = (Number) watched.page.evaluate("() => document.documentElement.scrollWidth");
    Number viewport = (Number) watched.page.evaluate("() => window.innerWidth");
    assertThat(scrollWidth.intValue()).as("page width").isLessThanOrEqualTo(viewport.intValue());
    Browser.screenshot(watched.page, screenshot);
  }
}
