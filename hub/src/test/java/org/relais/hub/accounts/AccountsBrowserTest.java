package org.relais.hub.accounts;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Role;

/**
 * Staff accounts in a browser: a coordinator, on a phone, creates an animator for their centre and hands over
 * the link with which the animator, elsewhere, chooses a password and signs in; an admin deactivates an account
 * and the session it has open is refused at once.
 */
class AccountsBrowserTest {
  private static final String NEW_PASSWORD = "la tisserande du lundi";

  private HubHarness harness;
  private Browser browser;
  private Centre centre;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    centre = harness.centre("Les Tisserands");
    browser = Browser.launch();
  }

  @AfterEach
  void stop() {
    browser.close();
    harness.close();
  }

  /** Opens {@code path}, signs in on the form it sends to, and comes back to it. */
  private static void signInTo(Page page, String path, String email, String password) {
    // A fresh browser's first page on a busy machine may take longer than the usual wait.
    page.navigate(path, new Page.NavigateOptions().setTimeout(3 * Browser.TIMEOUT_MS));
    page.locator("#email").fill(email);
    page.locator("#password").fill(password);
    page.locator("form.form button[type=submit]").click();
    page.waitForURL(url -> !url.contains("/staff/login"));
  }

  private static void check(WatchedPage watched, String screenshot) {
    PageChecks.checkBasics(watched, "fr");
    PageChecks.checkAccessibility(watched.page);
    Browser.screenshot(watched.page, screenshot);
  }

  /** Forgets the browser's note of a refused form's status: that refusal was the point of the step. */
  private static void expected(WatchedPage watched, int status) {
    watched.problems.removeIf(problem -> problem.contains("status of " + status + " "));
  }

  @Test
  void aCoordinatorCreatesAnAnimatorWhoChoosesAPasswordWithTheLinkAndSignsIn() {
    StaffMember coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    BrowserContext phone = browser.phone(Browser.baseUrl(harness));
    WatchedPage watched = new WatchedPage(phone.newPage());
    Page page = watched.page;

    signInTo(page, "/staff/accounts", coordinator.email(), HubHarness.PASSWORD);
    assertThat(page.locator("h1")).hasText("Comptes de l’équipe");
    check(watched, "accounts-list-phone");

    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Nouveau compte")).click();
    assertThat(page.locator("#role")).hasValue("ANIMATOR");
    assertThat(page.getByLabel("Les Tisserands")).isChecked();
    page.getByLabel("Nom").fill("Lucie Martin");
    page.getByLabel("Adresse e-mail").fill("lucie at home");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Créer le compte")).click();
    assertThat(page.locator("#email-error")).containsText("adresse e-mail valide");
    assertThat(page.locator("#email")).hasAttribute("aria-invalid", "true");
    assertThat(page.getByLabel("Nom")).hasValue("Lucie Martin");
    check(watched, "accounts-form-error-phone");
    expected(watched, 422);

    page.getByLabel("Adresse e-mail").fill("lucie.martin@relais.test");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Créer le compte")).click();
    assertThat(page.locator("h1")).hasText("Lien pour choisir un mot de passe");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Copier le lien")).click();
    assertThat(page.locator("#copy-status")).containsText("Lien copié");
    String link = page.locator("#reset-link").inputValue();
    assertThat(link).contains("/staff/reset/");
    check(watched, "accounts-link-phone");
    watched.assertQuiet();

    BrowserContext elsewhere = browser.desktop(Browser.baseUrl(harness));
    WatchedPage resetWatched = new WatchedPage(elsewhere.newPage());
    Page reset = resetWatched.page;
    reset.navigate(link);
    assertThat(reset.locator("main")).containsText("lucie.martin@relais.test");
    reset.getByLabel("Nouveau mot de passe").fill(NEW_PASSWORD);
    reset.getByLabel("Le même mot de passe, encore une fois").fill(NEW_PASSWORD + "s");
    reset.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer le mot de passe")).click();
    assertThat(reset.locator("#confirmation-error")).containsText("ne sont pas les mêmes");
    check(resetWatched, "accounts-reset-error-desktop");
    expected(resetWatched, 422);

    reset.getByLabel("Nouveau mot de passe").fill(NEW_PASSWORD);
    reset.getByLabel("Le même mot de passe, encore une fois").fill(NEW_PASSWORD);
    reset.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer le mot de passe")).click();
    reset.waitForURL(url -> url.contains("/staff/login"));
    assertThat(reset.locator(".notice")).containsText("Votre mot de passe est enregistré");
    check(resetWatched, "accounts-password-changed-desktop");
    resetWatched.assertQuiet();

    // Signed in, the animator is in the staff app, where the accounts are not theirs to manage.
    signInTo(reset, "/staff/accounts", "lucie.martin@relais.test", NEW_PASSWORD);
    assertThat(reset.locator(".staff-me")).containsText("Lucie Martin");
    assertThat(reset.locator("h1")).hasText("Accès refusé");

    reset.navigate(link);
    assertThat(reset.locator("main")).containsText("Ce lien ne fonctionne pas");
    Browser.screenshot(reset, "accounts-reset-dead-desktop");
    elsewhere.close();
    phone.close();
  }

  @Test
  void anAdminDeactivatesAnAccountAndItsOpenSessionIsRefusedAtOnce() {
    StaffMember admin = harness.staff(Role.ADMIN, Set.of());
    StaffMember instructor = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    BrowserContext phone = browser.phone(Browser.baseUrl(harness));
    Page theirs = phone.newPage();
    signInTo(theirs, "/staff/login", instructor.email(), HubHarness.PASSWORD);
    assertThat(theirs.navigate("/api/v1/auth/me").status()).isEqualTo(200);

    BrowserContext desk = browser.desktop(Browser.baseUrl(harness));
    WatchedPage watched = new WatchedPage(desk.newPage());
    Page page = watched.page;
    signInTo(page, "/staff/accounts", admin.email(), HubHarness.PASSWORD);
    check(watched, "accounts-list-desktop");

    Locator row = page.locator("tr", new Page.LocatorOptions().setHasText(instructor.email()));
    row.getByRole(AriaRole.LINK).click();
    assertThat(page.locator("h1")).hasText(instructor.displayName());
    check(watched, "account-edit-desktop");
    page.setViewportSize(Browser.PHONE_WIDTH, Browser.PHONE_HEIGHT);
    check(watched, "account-edit-phone");
    page.setViewportSize(Browser.DESKTOP_WIDTH, Browser.DESKTOP_HEIGHT);

    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Désactiver le compte")).click();
    assertThat(page.locator(".notice")).containsText("Compte désactivé");
    assertThat(page.locator("tr", new Page.LocatorOptions().setHasText(instructor.email()))).containsText("Désactivé");
    check(watched, "accounts-deactivated-desktop");
    watched.assertQuiet();

    assertThat(theirs.navigate("/api/v1/auth/me").status()).isEqualTo(401);
    theirs.navigate("/staff/my-classes");
    assertThat(theirs).hasURL(Pattern.compile("/staff/login\\?next="));
    theirs.locator("#email").fill(instructor.email());
    theirs.locator("#password").fill(HubHarness.PASSWORD);
    theirs.locator("form.form button[type=submit]").click();
    assertThat(theirs.locator("#password-error")).hasText("Adresse e-mail ou mot de passe incorrect.");
    Browser.screenshot(theirs, "accounts-deactivated-refused-phone");
    desk.close();
    phone.close();
  }
}
