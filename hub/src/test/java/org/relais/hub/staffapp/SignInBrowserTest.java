package org.relais.hub.staffapp;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import java.util.Set;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Role;

/** The staff sign-in as a social worker meets it on a centre PC and on a phone, in French and English. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignInBrowserTest {
  private HubHarness harness;
  private Browser browser;
  private String baseUrl;
  private StaffMember animator;

  @BeforeAll
  void start() {
    harness = HubHarness.start("h2");
    animator = harness.staff(Role.ANIMATOR, Set.of(harness.centre("Les Tisserands").id()));
    browser = Browser.launch();
    baseUrl = Browser.baseUrl(harness);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void aWrongPasswordIsSaidUnderThePasswordAndTheRightOneLandsOnTheRolesHomeOnAPhone() {
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;
      Response first = page.navigate("/staff/my-centre");
      Assertions.assertThat(first.url()).endsWith("/staff/login?next=%2Fstaff%2Fmy-centre");
      assertThat(page.locator("h1")).hasText("Connexion de l’équipe");
      PageChecks.checkBasics(watched, "fr");
      PageChecks.checkAccessibility(page);
      Browser.screenshot(page, "staff-login-phone");

      page.getByLabel("Adresse e-mail").fill(animator.email());
      page.getByLabel("Mot de passe").fill("pas le bon mot de passe");
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
          new Page.GetByRoleOptions().setName("Se connecter")).click();
      assertThat(page.locator("#password-error")).hasText("Adresse e-mail ou mot de passe incorrect.");
      assertThat(page.getByLabel("Mot de passe")).hasAttribute("aria-invalid", "true");
      assertThat(page.getByLabel("Adresse e-mail")).hasValue(animator.email());
      PageChecks.checkAccessibility(page);
      Browser.screenshot(page, "staff-login-wrong-phone");

      page.getByLabel("Mot de passe").fill(HubHarness.PASSWORD);
      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
          new Page.GetByRoleOptions().setName("Se connecter")).click();
      page.waitForURL(baseUrl + "/staff/my-centre");
      assertThat(page.locator(".staff-me")).containsText("ANIMATOR person");

      page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
          new Page.GetByRoleOptions().setName("Se déconnecter")).click();
      page.waitForURL(baseUrl + "/staff/login?notice=signed_out");
      assertThat(page.locator(".notice")).hasText("Vous êtes déconnecté·e. À bientôt !");
      page.navigate("/staff/my-centre");
      Assertions.assertThat(page.url()).contains("/staff/login");
    }
  }

  @Test
  void theSignInPageSpeaksEnglishOnADesktopAndSaysHowToGetANewPassword() {
    try (BrowserContext desktop = browser.desktop(baseUrl)) {
      WatchedPage watched = new WatchedPage(desktop.newPage());
      Page page = watched.page;
      page.navigate("/staff/login?lang=en");
      assertThat(page.locator("h1")).hasText("Staff sign-in");
      page.getByText("Forgot your password?").click();
      assertThat(page.getByText("Ask your coordinator")).isVisible();
      PageChecks.checkBasics(watched, "en");
      PageChecks.checkAccessibility(page);
      Browser.screenshot(page, "staff-login-desktop-en");

      StaffWeb.signIn(page, baseUrl, animator);
      Assertions.assertThat(page.url()).endsWith("/staff/my-centre");
      watched.assertQuiet();
    }
  }
}
