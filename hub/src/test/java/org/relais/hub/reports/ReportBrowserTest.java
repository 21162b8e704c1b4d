package org.relais.hub.reports;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.Media;
import java.time.LocalDate;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.demo.DemoAttendance;
import org.relais.hub.demo.DemoData;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Role;

/**
 * The demo's past weeks as a coordinator reads them: the month by sitting with its chart and table, the
 * year by month, on a desktop and on a phone, and the board's printout; accessible, nothing too wide.
 */
class ReportBrowserTest {
  private HubHarness harness;
  private Browser browser;
  private StaffMember coordinator;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2", Map.of());
    new DemoData(harness.hub.staff(), harness.hub.centres(), harness.hub.schedule(), harness.clock).seedIfEmpty()
        .await();
    new DemoAttendance(harness.hub.database().pool(), harness.hub.centres(), harness.hub.schedule(), harness.clock)
        .seed().await();
    Set<UUID> all = harness.hub.centres().list(10, null).await().items().stream().map(c -> c.id())
        .collect(Collectors.toSet());
    coordinator = harness.staff(Role.COORDINATOR, all);
    browser = Browser.launch();
  }

  @AfterEach
  void stop() {
    browser.close();
    harness.close();
  }

  private String span() {
    LocalDate today = harness.clock.instant().atZone(harness.hub.schedule().zone()).toLocalDate();
    return "from=" + today.minusWeeks(5) + "&to=" + today;
  }

  @Test
  void onADesktopAndInPrint() {
    try (BrowserContext desktop = browser.desktop(Browser.baseUrl(harness))) {
      Page page = desktop.newPage();
      WatchedPage watched = new WatchedPage(page);
      StaffWeb.signIn(page, Browser.baseUrl(harness), coordinator);
      page.locator("nav.staff-nav a[href='/staff/reports']").click();
      assertThat(page.locator("h1")).hasText("Fréquentation");
      page.navigate(Browser.baseUrl(harness) + "/staff/reports?" + span() + "&by=sitting");
      assertThat(page.locator(".report-table tbody tr")).hasCount(12);
      assertThat(page.locator("svg.report-chart rect.report-chart-home")).hasCount(13);
      assertThat(page.locator(".report-table tfoot")).containsText("Total");
      PageChecks.checkBasics(watched, "fr");
      PageChecks.checkAccessibility(page);
      Browser.screenshot(page, "reports-desktop-1-by-sitting");

      page.locator("#by").selectOption("class");
      page.locator(".report-filters button[type=submit]").click();
      assertThat(page.locator(".report-table tbody tr")).hasCount(3);
      PageChecks.checkAccessibility(page);
      Browser.screenshot(page, "reports-desktop-2-by-class");

      page.locator(".report-actions a", new Page.LocatorOptions().setHasText("imprimer")).click();
      assertThat(page).hasURL(java.util.regex.Pattern.compile("/staff/reports/print\\?"));
      page.emulateMedia(new Page.EmulateMediaOptions().setMedia(Media.PRINT));
      assertThat(page.locator(".staff-top")).isHidden();
      assertThat(page.locator(".report-table thead")).isVisible();
      Browser.screenshot(page, "reports-print");
      watched.assertQuiet();
    }
  }

  @Test
  void onAPhone() {
    try (BrowserContext phone = browser.phone(Browser.baseUrl(harness))) {
      Page page = phone.newPage();
      WatchedPage watched = new WatchedPage(page);
      StaffWeb.signIn(page, Browser.baseUrl(harness), coordinator);
      page.navigate(Browser.baseUrl(harness) + "/staff/reports?" + span() + "&by=month");
      assertThat(page.locator(".report-tiles dd").first()).hasText("12");
      PageChecks.checkBasics(watched, "fr");
      PageChecks.checkAccessibility(page);
      Browser.screenshot(page, "reports-phone-1-by-month");
      page.navigate(Browser.baseUrl(harness) + "/staff/reports?from=nonsense&by=sitting");
      assertThat(page.locator("#from-error")).isVisible();
      PageChecks.checkBasics(watched, "fr");
      Browser.screenshot(page, "reports-phone-2-bad-date");
    }
  }
}
