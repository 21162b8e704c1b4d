package org.relais.hub.households;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.hub.outbox.MessageKind;
import org.relais.hub.outbox.OutboxMessage;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.registrations.Registration;
import org.relais.hub.registrations.RegistrationRequest;
import org.relais.hub.reminders.Reminders;
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
 * A coordinator invites the households off the radar from the list: the French family that gave its phone gets a
 * text in French, the English family that gave only its address an e-mail in English, each naming the next class
 * of their favourite theme; the list says who was invited, when and how, whether the message went (and why not, for
 * an address that unsubscribed meanwhile), and a family without consented contact has nothing to invite with.
 */
class InvitationsBrowserTest {
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
  void aCoordinatorInvitesHouseholdsOffTheRadarByTextAndByMailInTheirLanguage(String device) throws Exception {
    try (HubHarness harness = HubHarness.start("h2", Map.of("outbox.worker", "false"))) {
      HouseholdScene scene = new HouseholdScene(harness);
      HouseholdScene.Regular regular = scene.regular(3);
      Registration smith = harness.hub.registrations().register(regular.cooking().id(), new RegistrationRequest(
          "Smith family", "Smith@Example.org", null, 2, true, "en"), null).await().registration();
      scene.cameTo(regular.cooking(), smith.id(), 2);
      Registration nguyen = harness.hub.registrations().register(regular.cooking().id(), new RegistrationRequest(
          "Famille Nguyen", "nguyen@example.org", null, 4, true, "fr"), null).await().registration();
      scene.cameTo(regular.cooking(), nguyen.id(), 2);
      Registration haddad = scene.register(regular.cooking(), "Famille Haddad", null, false)
          .registration();
      scene.cameTo(regular.cooking(), haddad.id(), 2);
      StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(regular.centre().id()));
      harness.clock.set(HouseholdScene.weeksAfter(3, 5));
      // The messages of the registrations themselves (confirmations) go first, out of the way.
      harness.hub.reminders().worker().runOnce().await();
      Instant next = harness.clock.instant().plus(Duration.ofDays(6));
      Session coming = harness.hub.schedule().createTrusted(new SessionDraft("Pâtisserie", Category.COOKING, null,
          "fr", null, regular.centre().id(), next, next.plus(Duration.ofHours(2)), null, 12, VideoMode.JITSI, null))
          .await();

      String base = Browser.baseUrl(harness);
      BrowserContext context = browser.context(device.equals("phone") ? Browser.phoneOptions(base)
          : Browser.desktopOptions(base));
      try {
        Page page = context.newPage();
        StaffWeb.signIn(page, base, coordinator);
        WatchedPage watched = new WatchedPage(page);
        page.navigate("/staff/households?weeks=4");
        assertThat(page.locator("#households-found")).hasText("Foyers perdus de vue (4)");
        Locator martin = page.locator("tr", new Page.LocatorOptions().setHasText("Famille Martin"));
        Locator smithRow = page.locator("tr", new Page.LocatorOptions().setHasText("Smith family"));
        Locator haddadRow = page.locator("tr", new Page.LocatorOptions().setHasText("Famille Haddad"));
        assertThat(martin.getByRole(AriaRole.BUTTON,
            new Locator.GetByRoleOptions().setName("Inviter par SMS · Famille Martin"))).isVisible();
        assertThat(smithRow.getByText("Inviter par e-mail")).isVisible();
        assertThat(haddadRow.getByText("Inviter", new Locator.GetByTextOptions().setExact(false))).hasCount(0);
        check(watched, device + "-invitations-1-list");

        martin.getByText("Inviter par SMS").click();
        assertThat(page.locator(".notice")).hasText(
            "Invitation prête : elle part dès que possible (jamais la nuit), avec les prochains cours du thème préféré du foyer.");
        assertThat(martin.locator(".households-invited")).containsText("Invité le");
        assertThat(martin.locator(".households-invited")).containsText("(SMS)");
        assertThat(martin.locator(".households-invited")).containsText(coordinator.displayName());
        smithRow.getByText("Inviter par e-mail").click();
        assertThat(smithRow.locator(".households-invited")).containsText("(e-mail)");
        Locator nguyenRow = page.locator("tr", new Page.LocatorOptions().setHasText("Famille Nguyen"));
        nguyenRow.getByText("Inviter par e-mail").click();
        assertThat(nguyenRow.locator(".households-invited")).containsText("Message en attente d’envoi");
        check(watched, device + "-invitations-2-invited");
        // A second click the same day sends nothing more.
        martin.getByText("Inviter par SMS").click();
        assertThat(page.locator(".notice")).hasText("Ce foyer a déjà été invité aujourd’hui : rien de plus n’est envoyé.");
        assertThat(watched.problems).isEmpty();
      } finally {
        context.close();
      }

      List<OutboxMessage> toMartin = harness.hub.reminders().outbox().ofRegistration(regular.familyId()).await()
          .stream().filter(m -> m.kind() == MessageKind.INVITATION).toList();
      assertThat(toMartin).hasSize(1);
      harness.hub.reminders().outbox().unsubscribe("nguyen@example.org", "test").await();
      harness.hub.reminders().worker().runOnce().await();

      Path outbox = Reminders.outboxDir(harness.dataDir);
      String texts = Files.readString(outbox.resolve("sms.txt"), StandardCharsets.UTF_8);
      String invitation = texts.substring(texts.lastIndexOf("To: +33611223344"));
      assertThat(invitation).contains("Les Tisserands: vous nous manquez ! Prochains cours"
          + " \"Cuisine\": Pâtisserie ", harness.hub.publicUrl().resolve("/?category=cooking").toString());
      Path mail;
      try (Stream<Path> files = Files.list(outbox.resolve("mail"))) {
        mail = files.filter(p -> p.getFileName().toString().startsWith("invitation.")).findFirst().orElseThrow();
      }
      MimeMessage eml;
      try (InputStream in = Files.newInputStream(mail)) {
        eml = new MimeMessage(jakarta.mail.Session.getInstance(new Properties()), in);
      }
      assertThat(eml.getAllRecipients()[0].toString()).isEqualToIgnoringCase("smith@example.org");
      assertThat(eml.getSubject()).isEqualTo("Les Tisserands invites you: the next \"Cooking\" classes");
      assertThat(text(eml)).contains("we have not seen you at Les Tisserands for a while", "- Pâtisserie, ",
          harness.hub.publicUrl().resolve("/sessions/" + coming.id()).toString());
      // Sent, the text says so on the list; the address that unsubscribed meanwhile got nothing, and the list says why.
      context = browser.context(device.equals("phone") ? Browser.phoneOptions(base) : Browser.desktopOptions(base));
      try {
        Page page = context.newPage();
        StaffWeb.signIn(page, base, coordinator);
        WatchedPage watched = new WatchedPage(page);
        page.navigate("/staff/households?weeks=4");
        assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("Famille Martin"))
            .locator(".households-invited")).containsText("Message envoyé");
        assertThat(page.locator("tr", new Page.LocatorOptions().setHasText("Famille Nguyen"))
            .locator(".households-not-sent")).hasText("Message non envoyé : la famille s’est désabonnée des courriels");
        check(watched, device + "-invitations-3-sent");
        assertThat(watched.problems).isEmpty();
      } finally {
        context.close();
      }
      assertThat(harness.hub.households().log().latest(20).await()).filteredOn(e -> e.action()
          == PrivacyLog.Action.HOUSEHOLD_INVITED).hasSize(3)
          .allSatisfy(e -> assertThat(e.detail()).doesNotContain("+33", "@"));
    }
  }

  private static String text(Part part) throws Exception {
    if (part.isMimeType("text/plain")) {
      return part.getContent().toString();
    }
    if (part.getContent() instanceof Multipart multipart) {
      for (int i = 0; i < multipart.getCount(); i++) {
        try {
          return text(multipart.getBodyPart(i));
        } catch (IllegalStateException notHere) {
          // the next part, then
        }
      }
    }
    throw new IllegalStateException("no text part");
  }

  private static void check(WatchedPage watched, String screenshot) {
    PageChecks.checkAccessibility(watched.page);
    PageChecks.checkBasics(watched, "fr");
    Browser.screenshot(watched.page, screenshot);
  }
}
