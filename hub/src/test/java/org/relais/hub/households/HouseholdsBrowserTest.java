package org.relais.hub.households;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.hub.registrations.Registration;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Role;

/**
 * A coordinator, on a centre PC or a phone, finds the households off the radar, marks one called and prints
 * the list to call; a family downloads its data from its link, then erases it, and drops off the coordinator's list.
 */
class HouseholdsBrowserTest {
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
  void aCoordinatorFindsHouseholdsOffTheRadarAndAFamilyDownloadsThenErasesItsData(String device) throws Exception {
    try (HubHarness harness = HubHarness.start("h2")) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular regular = scene.regular(3);
      StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(regular.centre().id()));
      RegistrationService.Registered martin = regular.family();
      Registration silent = scene.register(regular.cooking(), "Famille Haddad", null, false).registration();
      scene.cameTo(regular.cooking(), silent.id(), 2);
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));

      String base = Browser.baseUrl(harness);
      BrowserContext context = browser.context(device.equals("phone") ? Browser.phoneOptions(base)
          : Browser.desktopOptions(base));
      try {
        Page page = context.newPage();
        StaffWeb.signIn(page, base, coordinator);
        WatchedPage watched = new WatchedPage(page);

        page.getByText("Foyers perdus de vue").first().click();
        assertThat(page.locator("h1")).hasText("Foyers perdus de vue");
        assertThat(page.getByLabel("Pas vus depuis (semaines)")).hasValue("4");
        assertThat(page.locator("#households-found")).hasText("Foyers perdus de vue (2)");
        assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("Famille Martin")))
            .containsText("06 11 22 33 44");
        assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("Famille Haddad")))
            .containsText("Aucun contact donné");
        check(watched, device + "-households-1-list");

        page.locator("tr", new Page.LocatorOptions().setHasText("Famille Martin"))
            .getByText("Marquer « contacté »").click();
        assertThat(page.locator(".notice")).hasText("C’est noté : foyer contacté aujourd’hui.");
        assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("Famille Martin")))
            .containsText("Contacté le");
        check(watched, device + "-households-2-contacted");

        page.getByLabel("Pas vus depuis (semaines)").fill("6");
        page.getByText("Afficher", new Page.GetByTextOptions().setExact(true)).click();
        assertThat(page.locator("#households-found")).hasText("Foyers perdus de vue (0)");
        page.getByLabel("Pas vus depuis (semaines)").fill("4");
        page.getByText("Afficher", new Page.GetByTextOptions().setExact(true)).click();

        page.getByText("Liste d’appels à imprimer").click();
        assertThat(page.locator("h1")).hasText("Liste d’appels");
        assertThat(page.locator(".call-list li")).hasCount(1);
        assertThat(page.locator(".call-list li")).containsText("Famille Martin");
        check(watched, device + "-households-3-calls");

        page.navigate("/staff/households/" + Household.ref("tel:+33611223344"));
        assertThat(page.locator("h1")).hasText("Famille Martin");
        check(watched, device + "-households-4-household");

        // The family, from its own link.
        Page family = context.newPage();
        WatchedPage familyWatched = new WatchedPage(family);
        family.navigate("/r/" + martin.manageToken());
        assertThat(family.locator("#my-data")).hasText("Vos données");
        check(familyWatched, device + "-privacy-1-manage");
        Download download = family.waitForDownload(() -> family.getByText("Télécharger mes données").click());
        JsonObject data = new JsonObject(Files.readString(download.path(), StandardCharsets.UTF_8));
        assertThat(data.getJsonArray("registrations")).hasSize(1);
        assertThat(data.getJsonArray("registrations").getJsonObject(0).getString("phone")).isEqualTo("+33611223344");
        assertThat(data.getJsonArray("registrations").getJsonObject(0).getJsonArray("stays")).hasSize(3);
        assertThat(data.getJsonArray("calledBy")).hasSize(1);

        family.getByText("Effacer mes données…").click();
        assertThat(family.locator("h1")).hasText("Effacer mes données");
        assertThat(family.getByText("Votre foyer, ce sont toutes les inscriptions faites avec le même numéro"))
            .isVisible();
        assertThat(family.getByText("Vous allez effacer 1 inscription à 1 cours.")).isVisible();
        check(familyWatched, device + "-privacy-2-erase-confirm");
        family.getByText("Oui, effacer mes données").click();
        assertThat(family.locator("h1")).hasText("Vos données sont effacées");
        check(familyWatched, device + "-privacy-3-erased");
        family.navigate("/r/" + martin.manageToken());
        assertThat(family.getByRole(AriaRole.STATUS)).containsText("Les données de votre foyer sont effacées");
        assertThat(family.getByText("Ouvrir le cours")).hasCount(0);
        assertThat(family.getByText("Télécharger mes données")).hasCount(0);
        assertThat(family.getByText("Effacer mes données…")).hasCount(0);
        check(familyWatched, device + "-privacy-4-manage-after");

        page.navigate("/staff/households?weeks=4");
        assertThat(page.locator("#households-found")).hasText("Foyers perdus de vue (1)");
        assertThat(page.locator("table.households")).not().containsText("Famille Martin");
        assertThat(watched.problems).isEmpty();
        assertThat(familyWatched.problems).isEmpty();
      } finally {
        context.close();
      }
    }
  }

  private static void check(WatchedPage watched, String screenshot) {
    PageChecks.checkAccessibility(watched.page);
    PageChecks.checkBasics(watched, "fr");
    Browser.screenshot(watched.page, screenshot);
  }
}
