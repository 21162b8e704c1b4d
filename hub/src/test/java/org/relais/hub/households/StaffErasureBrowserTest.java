package org.relais.hub.households;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.registrations.Registration;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.registrations.RegistrationStatus;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * A coordinator erases, on the family's request by phone, a household that holds a place in a weekly class with
 * sittings to come, while the family's page of its link is open on its phone: the place goes to the family that
 * waited, and the open page says at once that the link is no longer valid.
 */
class StaffErasureBrowserTest {
  private static Browser browser;

  @BeforeAll
  static void launch() {
    browser = Browser.launch();
  }

  @AfterAll
  static void close() {
    browser.close();
  }

  @Test
  void erasingAHouseholdGivesUpItsWeeklyPlaceAndItsOpenPageSaysTheLinkIsRevoked() {
    try (HubHarness harness = HubHarness.start("h2", Map.of("outbox.worker", "false"))) {
      HouseholdScene scene = new HouseholdScene(harness);
      Centre centre = harness.centre("Les Tisserands");
      Session weekly = harness.hub.schedule().createTrusted(new SessionDraft("Couture", Category.CRAFTS, null, "fr",
          null, centre.id(), HouseholdScene.FIRST_SITTING, HouseholdScene.FIRST_SITTING.plus(Duration.ofHours(1)),
          new Recurrence(EnumSet.of(HouseholdScene.FIRST_SITTING.atZone(ZoneOffset.UTC).getDayOfWeek()), null, 10),
          1, VideoMode.JITSI, null)).await();
      RegistrationService.Registered family = scene.register(weekly, "Famille Martin", HouseholdScene.PHONE, true);
      Registration waiting = scene.register(weekly, "Famille Attente", null, false).registration();
      scene.cameTo(weekly, family.registration().id(), 2);
      harness.clock.set(HouseholdScene.FIRST_SITTING.plus(Duration.ofDays(8)));
      StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
      String base = Browser.baseUrl(harness);

      try (BrowserContext phone = browser.context(Browser.phoneOptions(base));
          BrowserContext desktop = browser.context(Browser.desktopOptions(base))) {
        Page familyPage = phone.newPage();
        WatchedPage familyWatched = new WatchedPage(familyPage);
        familyPage.navigate("/j/" + family.joinToken());
        assertThat(familyPage.locator("#sitting-follow")).hasAttribute("data-state", "EARLY");
        Browser.screenshot(familyPage, "erasure-phone-1-family-before");

        Page page = desktop.newPage();
        WatchedPage watched = new WatchedPage(page);
        StaffWeb.signIn(page, base, coordinator);
        page.navigate("/staff/households/" + Household.ref("tel:+33611223344"));
        page.getByText("Effacer ses données…").click();
        assertThat(page.locator("h1")).hasText("Effacer les données du foyer");
        PageChecks.checkAccessibility(page);
        Browser.screenshot(page, "erasure-desktop-1-confirm");
        page.getByText("Oui, effacer").click();
        assertThat(page.locator(".notice")).containsText("Les données du foyer sont effacées");

        // The family's open page hears of it and says its link is no longer valid.
        assertThat(familyPage.getByText("Ce lien n’est plus valable : l’inscription a été annulée.")).isVisible();
        PageChecks.checkAccessibility(familyPage);
        PageChecks.checkBasics(familyWatched, "fr");
        Browser.screenshot(familyPage, "erasure-phone-2-family-revoked");
        assertThat(watched.problems).isEmpty();
      }

      StaffPrincipal audit = new StaffPrincipal(java.util.UUID.randomUUID(), Role.ADMIN, Set.of());
      var roster = harness.hub.registrations().rosterForStaff(audit, weekly.id()).await();
      assertThat(roster.find(family.registration().id()).orElseThrow().status())
          .isEqualTo(RegistrationStatus.CANCELLED);
      assertThat(roster.find(waiting.id()).orElseThrow().status()).isEqualTo(RegistrationStatus.CONFIRMED);
    }
  }
}
