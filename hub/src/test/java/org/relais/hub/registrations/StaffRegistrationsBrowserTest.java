package org.relais.hub.registrations;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * A coordinator, on a centre PC or on a phone, takes a family's call: registers it on its behalf, reads it its
 * link and QR code, cancels a family that no longer comes and sees the waiting one get the place, then takes
 * the list away as a spreadsheet.
 */
class StaffRegistrationsBrowserTest {
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
  void aCoordinatorRegistersAFamilyByPhoneReadsItsLinkCancelsAnotherAndExportsTheList(String device) throws Exception {
    try (HubHarness harness = HubHarness.start("h2")) {
      Centre centre = harness.centre("Centre social Les Tisserands");
      StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
      Instant start = Instant.parse("2026-11-25T14:00:00Z");
      Session session = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING,
          null, "fr", null, centre.id(), start, start.plus(Duration.ofHours(2)),
          new Recurrence(Set.of(DayOfWeek.WEDNESDAY), null, 3), 1, VideoMode.JITSI, null)).await();
      RegistrationService registrations = harness.hub.registrations();
      registrations.register(session.id(), new RegistrationRequest("Famille Martin", "martin@example.org", null, 4,
          true, "fr"), null).await();
      registrations.register(session.id(), new RegistrationRequest("Famille Haddad", null, null, 2, false, "fr"),
          null).await();

      String base = Browser.baseUrl(harness);
      BrowserContext context = browser.context((device.equals("phone") ? Browser.phoneOptions(base)
          : Browser.desktopOptions(base)).setPermissions(List.of("clipboard-read", "clipboard-write")));
      try {
        Page page = context.newPage();
        StaffWeb.signIn(page, base, coordinator);
        WatchedPage watched = new WatchedPage(page);
        String list = "/staff/classes/" + session.id() + "/registrations";

        page.navigate(list);
        assertThat(page.locator("h1")).hasText("Inscriptions · Cuisine du monde");
        assertThat(page.getByText("une inscription vaut pour toutes les séances de la série",
            new Page.GetByTextOptions())).isVisible();
        assertThat(page.locator("#confirmed-title")).hasText("Inscriptions confirmées (1)");
        assertThat(page.locator("section:has(#confirmed-title) tbody tr")).containsText(
            new String[] {"Famille Martin"});
        assertThat(page.locator("section:has(#confirmed-title) tbody tr").first()).containsText("martin@example.org");
        assertThat(page.locator("section:has(#waiting-title) tbody tr").first())
            .containsText("Non conservé (pas d’accord)");
        check(watched, device + "-registrations-1-list");

        // The call: a family without internet skills asks to be registered.
        page.getByText("Inscrire une famille par téléphone").click();
        assertThat(page.locator("h1")).hasText("Inscrire une famille par téléphone");
        page.getByLabel("Nom ou prénom de la famille").fill("Famille Nguyen");
        page.getByLabel("Nombre de personnes devant l’écran").fill("3");
        page.getByLabel("Téléphone (facultatif)").fill("06 12 34 56 78");
        page.getByText("Inscrire la famille").click();
        assertThat(page.locator("#consent-error")).containsText("Sans l’accord de la personne");
        assertThat(page.getByLabel("Téléphone (facultatif)")).hasValue("06 12 34 56 78");
        check(watched, device + "-registrations-2-consent-missing");
        page.locator("#consent").check();
        page.getByText("Inscrire la famille").click();

        assertThat(page.locator("h1")).hasText("Famille Nguyen");
        assertThat(page.locator(".notice").first()).hasText(
            "La famille est inscrite. Voici son lien à lui lire ou lui envoyer.");
        assertThat(page.locator(".status")).hasText(
            "En liste d’attente, rang 2. Son lien s’ouvrira si une place se libère.");
        String joinUrl = page.getByLabel("Lien personnel de la famille").inputValue();
        assertThat(joinUrl).startsWith(harness.hub.publicUrl() + "/j/");
        // And the family's own page, for a family that asks to see, cancel or erase by phone.
        String manageUrl = page.getByLabel("Page de la famille").inputValue();
        assertThat(manageUrl).startsWith(harness.hub.publicUrl() + "/r/");
        // The QR code is drawn by the hub for this family's link: it loads (its content is checked over HTTP).
        page.waitForFunction("() => { const img = document.querySelector('img.qr');"
            + " return img.complete && img.naturalWidth > 0; }");
        page.getByText("Copier le lien").click();
        assertThat(page.locator("#copy-status")).hasText("Lien copié : collez-le dans votre message.");
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(joinUrl);
        page.getByText("Copier l’adresse de sa page").click();
        assertThat(page.evaluate("() => navigator.clipboard.readText()")).isEqualTo(manageUrl);
        check(watched, device + "-registrations-3-family-link");

        // Another call: the Martins cannot come any more; the Haddads were first in line.
        page.getByText("Retour à la liste des inscriptions").click();
        page.locator("section:has(#confirmed-title) tbody tr", new Page.LocatorOptions().setHasText("Famille Martin"))
            .getByText("Annuler l’inscription").click();
        assertThat(page.locator("h1")).hasText("Annuler une inscription");
        assertThat(page.locator(".reg-question")).containsText("Famille Martin");
        check(watched, device + "-registrations-4-cancel-confirm");
        page.getByText("Oui, annuler l’inscription").click();

        assertThat(page.locator("#outcome")).hasText("L’inscription de Famille Martin est annulée. Famille Haddad,"
            + " qui attendait en tête de liste, a maintenant une place : son lien s’ouvrira le jour du cours.");
        assertThat(page.locator("section:has(#confirmed-title) tbody tr")).containsText(
            new String[] {"Famille Haddad"});
        assertThat(page.locator("section:has(#waiting-title) tbody tr")).containsText(
            new String[] {"Famille Nguyen"});
        assertThat(page.locator("#cancelled-title")).hasText("Inscriptions annulées (1)");
        check(watched, device + "-registrations-5-promoted");

        Download download = page.waitForDownload(() -> page.getByText("Télécharger la liste (tableur)").click());
        byte[] bytes = Files.readAllBytes(download.path());
        assertThat(download.suggestedFilename()).isEqualTo("inscriptions-cuisine-du-monde-2026-11-25.csv");
        assertThat(bytes).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        List<String> lines = List.of(new String(bytes, 3, bytes.length - 3, StandardCharsets.UTF_8).split("\r\n"));
        assertThat(lines).hasSize(4);
        assertThat(lines.get(1)).startsWith("\"Annulée\";\"\";\"Famille Martin\";\"4\";")
            .endsWith(";\"fr\";\"martin@example.org\";\"\"");
        assertThat(lines.get(2)).startsWith("\"Confirmée\";\"\";\"Famille Haddad\";\"2\";")
            .endsWith(";\"fr\";\"\";\"\"");
        assertThat(lines.get(3)).startsWith("\"En attente\";\"1\";\"Famille Nguyen\";\"3\";")
            .endsWith(";\"fr\";\"\";\"06 12 34 56 78\"");
        // The one failed load is the form sent without consent: answered 422, as a refused form is.
        assertThat(watched.problems).containsExactly(
            "console error: Failed to load resource: the server responded with a status of 422 (Unprocessable Entity)");
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
