package org.relais.hub.deliveries;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.AriaRole;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.reminders.Reminders;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.sms.DeliveryReport;
import org.relais.hub.sms.DeliveryState;
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
 * A coordinator, on a phone, goes from the class to a sitting's messages, writes "le cours est déplacé dans la
 * salle 2" (the counter says how many SMS it takes), checks who will get it, sends it; the local outbox worker
 * writes it to {@code data.dir/outbox/sms.txt}. Then the page shows one message delivered, one failed (the family
 * to call, with its number) and one skipped (the family answered STOP), on a phone and on a desktop.
 */
class DeliveriesBrowserTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  private HubHarness harness;
  private Browser browser;
  private Centre centre;
  private StaffMember coordinator;
  private Session session;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2", Map.of("outbox.worker", "false"));
    centre = harness.centre("Centre social Les Tilleuls");
    coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    Instant start = harness.clock.instant().plus(Duration.ofDays(2));
    session = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING, null,
        "fr", null, centre.id(), start, start.plus(Duration.ofHours(2)), null, 10, VideoMode.JITSI, null)).await();
    for (String[] family : new String[][] {{"Mme Dupont", "06 12 34 56 78"}, {"Famille Traoré", "06 55 44 33 22"},
        {"Famille Nguyen", "07 98 76 54 32"}}) {
      harness.hub.registrations().register(session.id(), new RegistrationRequest(family[0], null, family[1], 2,
          true, "fr"), null).await();
    }
    harness.hub.reminders().outbox().optOut("07 98 76 54 32", "sms").await();
    browser = Browser.launch();
  }

  @AfterEach
  void stop() {
    browser.close();
    harness.close();
  }

  @Test
  void aCoordinatorWritesToASittingsFamiliesAndSeesWhatBecameOfEachMessage() throws Exception {
    String base = Browser.baseUrl(harness);
    WatchedPage watched = new WatchedPage(browser.phone(base).newPage());
    Page page = watched.page;
    // The page's own timers run when the test says: its statuses refresh every 30 s.
    page.clock().install();
    StaffWeb.signIn(page, base, coordinator);
    page.navigate("/staff/classes/" + session.id());
    page.locator("table.class-sittings").getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator
        .GetByRoleOptions().setName("Messages")).first().click();
    assertThat(page.locator("h1")).containsText("Messages aux familles · Cuisine du monde");

    // An urgent message (the room changes today) may pass quiet hours; the form says so and leaves it unticked.
    assertThat(page.getByLabel("Urgent (changement de salle ou d’heure aujourd’hui)")).not().isChecked();
    assertThat(page.locator("#urgent-hint")).containsText("heures calmes");
    page.locator("#text").fill("");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Vérifier avant d’envoyer")).click();
    assertThat(page.locator("#text-error")).hasText("Écrivez un message de 1 à 300 caractères.");
    PageChecks.checkStaffPage(watched, "fr", "deliveries-error-phone");

    page.locator("#text").fill("Le cours est déplacé dans la salle 2.");
    assertThat(page.locator("#text-count")).hasText("37 / 300 caractères · 1 SMS avec le nom du centre et le lien");
    // 120 characters would fit one SMS alone; with the centre's name and the link around them, they take two.
    page.locator("#text").fill("Le cours est deplace dans la salle 2 au premier etage, a cote de la cuisine."
        + " Merci de venir dix minutes en avance !");
    assertThat(page.locator("#text-count")).hasText("115 / 300 caractères · 2 SMS avec le nom du centre et le lien");
    page.locator("#text").fill("Le cours est déplacé dans la salle 2 — à tout à l’heure.");
    assertThat(page.locator("#text-count")).containsText("(caractères spéciaux : 70 par SMS)");
    page.locator("#text").fill("Le cours est déplacé dans la salle 2.");
    PageChecks.checkStaffPage(watched, "fr", "deliveries-form-phone");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Vérifier avant d’envoyer")).click();
    assertThat(page.locator("h1")).hasText("Envoyer ce message ?");
    assertThat(page.locator(".deliveries-confirm")).containsText(
        "3 familles inscrites : 3 par SMS, 0 par courriel, 0 sans moyen de les joindre.");
    PageChecks.checkStaffPage(watched, "fr", "deliveries-confirm-phone");
    FormData again = FormData.create();
    for (String field : new String[] {"csrf", "formToken", "text"}) {
      again.set(field, page.locator(".deliveries-confirm input[name=" + field + "]").inputValue());
    }
    again.set("step", "send");
    String action = page.locator(".deliveries-confirm form").getAttribute("action");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Envoyer").setExact(true)).click();
    assertThat(page.locator(".notice").first()).containsText("Message envoyé");
    // The same form sent a second time (a double click, a resent page) sends nothing more.
    APIResponse second = page.request().post(base + action, RequestOptions.create().setForm(again));
    assertThat(second.text()).contains("Ce message était déjà envoyé");

    harness.hub.reminders().worker().runOnce().await();
    String texts = Files.readString(Reminders.outboxDir(harness.dataDir).resolve("sms.txt"));
    assertThat(texts).contains("To: +33612345678", "To: +33655443322",
        "Centre social Les Tilleuls: Le cours est déplacé dans la salle 2.\nLien: http").doesNotContain("+33798765432");
    assertThat(texts.split("Le cours est déplacé dans la salle 2.", -1)).hasSize(3);
    Outbox outbox = harness.hub.reminders().outbox();
    LocalDate date = session.draft().start().atZone(PARIS).toLocalDate();
    Outbox.Listed traore = outbox.ofSession(session.id(), Optional.of(date)).await().stream()
        .filter(l -> l.message().kind() == MessageKind.FREE_MESSAGE && l.displayName().equals("Famille Traoré"))
        .findFirst().orElseThrow();
    outbox.report(new DeliveryReport(traore.message().providerMessageId().orElseThrow(), DeliveryState.FAILED,
        Optional.of("numéro inconnu"), harness.clock.instant())).await();

    assertThat(page.locator("tr.failed")).hasCount(0);
    page.clock().runFor(31_000);
    assertThat(page.locator("tr.failed")).hasCount(1);
    assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Actualiser"))).isVisible();
    assertThat(page.locator(".deliveries-call h2")).containsText("Familles à appeler (1)");
    assertThat(page.locator(".deliveries-call a[href='tel:+33655443322']")).hasText("06 55 44 33 22");
    assertThat(page.locator("tr.failed")).containsText("Famille Traoré");
    assertThat(page.locator("tr.failed")).containsText("Échec le");
    assertThat(page.locator("tr.status-delivered")).containsText("Mme Dupont");
    assertThat(page.locator("tr.status-skipped")).containsText("la famille a répondu STOP (plus de SMS)");
    PageChecks.checkStaffPage(watched, "fr", "deliveries-sitting-phone");
    // At 390 px the messages are cards: nothing seen, not even inside a scroll box, is wider than the screen
    // (text for screen readers only is clipped to a pixel, whatever its width).
    assertThat(page.viewportSize().width).isEqualTo(390);
    Object tooWide = page.evaluate("() => [...document.querySelectorAll('body, body *')]"
        + ".filter(e => !e.closest('.visually-hidden') && e.scrollWidth > window.innerWidth)"
        + ".map(e => e.tagName + '.' + e.className)");
    assertThat((java.util.List<?>) tooWide).isEmpty();
    assertThat(page.locator("tr.failed td[data-label='Où il en est']")).isVisible();

    WatchedPage desktop = new WatchedPage(browser.desktop(base).newPage());
    StaffWeb.signIn(desktop.page, base, coordinator);
    desktop.page.navigate(DeliveryPages.classPath(session.id()));
    assertThat(desktop.page.locator(".deliveries-call")).containsText("Famille Traoré");
    assertThat(desktop.page.locator(".deliveries-table").first()).containsText("Inscription confirmée");
    PageChecks.checkStaffPage(desktop, "fr", "deliveries-class-desktop");
    desktop.page.navigate(DeliveryPages.sittingPath(session.id(), date));
    PageChecks.checkStaffPage(desktop, "fr", "deliveries-sitting-desktop");
  }
}
