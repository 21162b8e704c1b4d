package org.relais.hub.reports;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import io.vertx.sqlclient.Row;
import java.time.LocalDate;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.demo.DemoAttendance;
import org.relais.hub.demo.DemoData;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.storage.Columns;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Role;

/**
 * A coordinator opens one sitting of the demo's past weeks from the report's line and from the class's list of
 * sittings, on a desktop and on a phone: the families at home, the room's head count over time and the check-ins by
 * name, the help calls. A coordinator of another centre and an instructor find nothing there.
 */
class SittingPagesBrowserTest {
  private HubHarness harness;
  private Browser browser;
  private StaffMember coordinator;
  private UUID sessionId;
  private LocalDate date;
  private UUID centreId;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    new DemoData(harness.hub.staff(), harness.hub.centres(), harness.hub.schedule(), harness.clock).seedIfEmpty()
        .await();
    new DemoAttendance(harness.hub.database().pool(), harness.hub.centres(), harness.hub.schedule(), harness.clock)
        .seed().await();
    // The latest sitting where an animator checked people in by name.
    Row sitting = harness.hub.database().pool().query("SELECT e.session_id, e.sitting_date, s.centre_id"
            + " FROM site_events e JOIN sessions s ON s.id = e.session_id WHERE e.kind = 'CHECK_IN'"
            + " ORDER BY e.sitting_date DESC LIMIT 1")
        .execute().await().iterator().next();
    sessionId = Columns.uuid(sitting, "session_id");
    date = Columns.date(sitting, "sitting_date");
    centreId = Columns.uuid(sitting, "centre_id");
    coordinator = harness.staff(Role.COORDINATOR, Set.of(centreId));
    browser = Browser.launch();
  }

  @AfterEach
  void stop() {
    browser.close();
    harness.close();
  }

  private String path() {
    return "/staff/reports/sittings/" + sessionId + "/" + date;
  }

  @Test
  void onADesktopFromTheReportAndFromTheClass() {
    try (BrowserContext desktop = browser.desktop(Browser.baseUrl(harness))) {
      Page page = desktop.newPage();
      WatchedPage watched = new WatchedPage(page);
      StaffWeb.signIn(page, Browser.baseUrl(harness), coordinator);
      page.navigate(Browser.baseUrl(harness) + "/staff/reports?from=" + date + "&to=" + date + "&by=sitting");
      page.locator(".report-table a[href='" + path() + "']").click();
      assertThat(page).hasURL(Browser.baseUrl(harness) + path());
      assertThat(page.locator(".kicker")).hasText("Présences d’une séance");
      assertThat(page.locator("svg.sitting-chart path.sitting-chart-line")).hasCount(1);
      assertThat(page.locator("ol.sitting-checkins li").first()).containsText("Famille");
      assertThat(page.locator("table.sitting-families tbody tr").first()).isVisible();
      assertThat(page.locator("table.sitting-help tbody tr").first()).isVisible();
      PageChecks.checkBasics(watched, "fr");
      PageChecks.checkAccessibility(page);
      Browser.screenshot(page, "sitting-desktop-1-page");
      page.locator("details.sitting-steps summary").first().click();
      assertThat(page.locator("details.sitting-steps table tbody tr").first()).isVisible();
      Browser.screenshot(page, "sitting-desktop-2-room-steps");

      page.navigate(Browser.baseUrl(harness) + "/staff/classes/" + sessionId);
      page.locator("a.button[href='" + path() + "']").click();
      assertThat(page).hasURL(Browser.baseUrl(harness) + path());
      watched.assertQuiet();
    }
    assertThat(harness.hub.households().log().latest(10).await())
        .filteredOn(e -> e.action() == PrivacyLog.Action.SITTING_ATTENDANCE_VIEWED)
        .hasSize(2).allSatisfy(e -> {
          assertThat(e.staffId()).isEqualTo(coordinator.id());
          assertThat(e.centreId()).isEqualTo(centreId);
        });
  }

  @Test
  void onAPhoneAndForNobodyElse() {
    try (BrowserContext phone = browser.phone(Browser.baseUrl(harness))) {
      Page page = phone.newPage();
      WatchedPage watched = new WatchedPage(page);
      StaffWeb.signIn(page, Browser.baseUrl(harness), coordinator);
      page.navigate(Browser.baseUrl(harness) + path());
      assertThat(page.locator("svg.sitting-chart")).isVisible();
      PageChecks.checkBasics(watched, "fr");
      PageChecks.checkAccessibility(page);
      Browser.screenshot(page, "sitting-phone-1-page");
      page.locator("svg.sitting-chart").screenshot(new com.microsoft.playwright.Locator.ScreenshotOptions()
          .setPath(Browser.SCREENSHOTS.resolve("sitting-phone-2-chart.png")));
      assertThat(page.navigate(Browser.baseUrl(harness) + "/staff/reports/sittings/nonsense/2026-01-01").status())
          .isEqualTo(404);
      assertThat(page.navigate(Browser.baseUrl(harness) + "/staff/reports/sittings/" + sessionId + "/2001-01-01")
          .status()).isEqualTo(404);
    }
    Set<UUID> others = harness.hub.centres().list(20, null).await().items().stream().map(c -> c.id())
        .filter(id -> !id.equals(centreId)).collect(Collectors.toSet());
    for (StaffMember stranger : new StaffMember[] {harness.staff(Role.COORDINATOR, others),
        harness.staff(Role.INSTRUCTOR, Set.of(centreId))}) {
      try (BrowserContext desktop = browser.desktop(Browser.baseUrl(harness))) {
        Page page = desktop.newPage();
        StaffWeb.signIn(page, Browser.baseUrl(harness), stranger);
        Response answer = page.navigate(Browser.baseUrl(harness) + path());
        assertThat(answer.status()).as(stranger.role().name()).isEqualTo(stranger.role() == Role.INSTRUCTOR ? 403 : 404);
      }
    }
  }
}
