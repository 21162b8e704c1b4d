package org.relais.hub.registrations;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.relais.hub.testing.PageChecks.checkAccessibility;
import static org.relais.hub.testing.PageChecks.checkBasics;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * A family's registration page through a class's life, the hub's clock moved instead of waiting: a place waits
 * before, the class has started while it is on, and once every sitting is over the page says so, with neither a
 * link to open nor a way to cancel (the hub refuses a cancellation then, from the page or the API). A weekly
 * series with sittings to come stays as before. On a 390 px phone, axe-core approving each state.
 */
class RegistrationOverBrowserTest {
  private static final Instant START = Instant.parse("2026-11-24T17:00:00Z");
  private HubHarness harness;
  private Browser browser;
  private Centre centre;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    centre = harness.centre("Centre social Les Tisserands");
    browser = Browser.launch();
  }

  @AfterEach
  void stop() {
    if (browser != null) {
      browser.close();
    }
    harness.close();
  }

  private Session session(String title, Recurrence recurrence) {
    return harness.hub.schedule().createTrusted(new SessionDraft(title, Category.LANGUAGE, "Parler au médecin", "fr",
        null, centre.id(), START, START.plus(Duration.ofMinutes(90)), recurrence, 1, VideoMode.DIRECT, null))
        .await();
  }

  private JsonObject register(Session session, String name) {
    HttpResponse<Buffer> answer = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name).put("language", "fr")).await();
    Assertions.assertThat(answer.statusCode()).as(answer.bodyAsString()).isEqualTo(201);
    return answer.bodyAsJsonObject();
  }

  private static String managePath(JsonObject registration) {
    String url = registration.getString("manageUrl");
    return url.substring(url.indexOf("/r/"));
  }

  private static Page.GetByRoleOptions named(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  private void phoneChecks(WatchedPage watched, String screenshot) {
    checkBasics(watched, "fr");
    checkAccessibility(watched.page);
    Browser.screenshot(watched.page, screenshot);
  }

  @Test
  void aOneOffClassSaysItHasStartedThenThatItIsOverAndRefusesACancellation() {
    Session once = session("Français du quotidien", null);
    JsonObject confirmed = register(once, "Famille Benali");
    JsonObject waiting = register(once, "Famille Martin");
    Assertions.assertThat(waiting.getString("status")).isEqualTo("WAITLISTED");

    try (BrowserContext phone = browser.phone(Browser.baseUrl(harness))) {
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;

      // Before the day: today's page, unchanged.
      page.navigate(managePath(confirmed));
      assertThat(page.getByRole(AriaRole.STATUS).first()).hasText("Inscription confirmée : une place vous attend.");
      assertThat(page.getByText("Ouvrez ce lien le jour du cours : la salle ouvre 15 minutes avant le début."))
          .isVisible();
      assertThat(page.getByRole(AriaRole.BUTTON, named("Annuler mon inscription"))).isVisible();

      // Doors open, before the start.
      harness.clock.set(START.minus(Duration.ofMinutes(5)));
      page.reload();
      assertThat(page.getByText("La salle est ouverte : le cours va commencer.")).isVisible();
      assertThat(page.getByRole(AriaRole.LINK, named("Ouvrir le cours"))).isVisible();

      // Under way: said so, and the link opens it now.
      harness.clock.set(START.plus(Duration.ofMinutes(10)));
      page.reload();
      assertThat(page.getByText("Le cours a commencé : ouvrez-le maintenant.")).isVisible();
      assertThat(page.getByText("Ouvrez ce lien le jour du cours")).hasCount(0);
      assertThat(page.getByRole(AriaRole.LINK, named("Ouvrir le cours"))).isVisible();
      phoneChecks(watched, "registration-started-phone");

      // The page stays open past the end; the family then presses cancel: refused, and said why.
      harness.clock.set(START.plus(Duration.ofMinutes(90)).plus(Duration.ofMinutes(31)));
      page.getByRole(AriaRole.BUTTON, named("Annuler mon inscription")).click();
      assertThat(page.getByRole(AriaRole.ALERT))
          .hasText("Ce cours est terminé : l’inscription ne peut plus être annulée.");
      watched.refusedWith(409);
      assertOver(page);
      assertThat(page.getByRole(AriaRole.STATUS).first()).hasText("Ce cours est terminé.");

      page.navigate(managePath(confirmed));
      assertThat(page.getByRole(AriaRole.ALERT)).hasCount(0);
      assertThat(page.getByRole(AriaRole.STATUS).first()).hasText("Ce cours est terminé.");
      assertOver(page);
      phoneChecks(watched, "registration-over-phone");

      page.navigate(managePath(waiting));
      assertThat(page.getByRole(AriaRole.STATUS).first()).hasText("Ce cours est terminé. Aucune place ne s’est "
          + "libérée pour vous : inscrivez-vous à un autre cours du programme.");
      assertThat(page.getByText("Votre lien, si une place se libère")).hasCount(0);
      assertOver(page);
      phoneChecks(watched, "registration-over-waitlisted-phone");
      watched.assertQuiet();
    }

    // The API refuses it too, with a problem saying why; the registrations stay as they were.
    HttpResponse<Buffer> refused = harness.http.post(managePath(confirmed)
        .replace("/r/", "/api/v1/registrations/manage/") + "/cancel").send().await();
    Assertions.assertThat(refused.statusCode()).isEqualTo(409);
    Assertions.assertThat(refused.getHeader("Content-Type")).startsWith("application/problem+json");
    Assertions.assertThat(refused.bodyAsJsonObject().getString("type")).isEqualTo("urn:relais:problem:class-over");
    Assertions.assertThat(refused.bodyAsJsonObject().getString("detail"))
        .isEqualTo("This class is over: its registrations can no longer be cancelled");
    Assertions.assertThat(status(confirmed)).isEqualTo("CONFIRMED");
    Assertions.assertThat(status(waiting)).isEqualTo("WAITLISTED");
  }

  @Test
  void aWeeklySeriesWithSittingsToComeKeepsItsPlaceAndItsCancelUntilTheLastIsOver() {
    Session weekly = session("Atelier numérique", new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 2));
    JsonObject confirmed = register(weekly, "Famille Diallo");

    try (BrowserContext phone = browser.phone(Browser.baseUrl(harness))) {
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;
      // The first sitting over, the second a week away: as before.
      harness.clock.set(START.plus(Duration.ofDays(1)));
      page.navigate(managePath(confirmed));
      assertThat(page.getByRole(AriaRole.STATUS).first()).hasText("Inscription confirmée : une place vous attend.");
      assertThat(page.getByText("Ouvrez ce lien le jour du cours : la salle ouvre 15 minutes avant le début."))
          .isVisible();
      assertThat(page.getByRole(AriaRole.LINK, named("Ouvrir le cours"))).isVisible();
      assertThat(page.getByRole(AriaRole.BUTTON, named("Annuler mon inscription"))).isVisible();

      // The last sitting over: the series is.
      harness.clock.set(START.plus(Duration.ofDays(8)));
      page.reload();
      assertThat(page.getByRole(AriaRole.STATUS).first()).hasText("Ce cours est terminé.");
      assertOver(page);
      phoneChecks(watched, "registration-series-over-phone");
      watched.assertQuiet();
    }
  }

  /** Over: no place waiting, nothing to open or cancel; the family's data still to download or erase. */
  private static void assertOver(Page page) {
    assertThat(page.getByText("une place vous attend")).hasCount(0);
    assertThat(page.getByText("Ouvrez ce lien le jour du cours")).hasCount(0);
    assertThat(page.getByRole(AriaRole.LINK, named("Ouvrir le cours"))).hasCount(0);
    assertThat(page.getByRole(AriaRole.BUTTON, named("Annuler mon inscription"))).hasCount(0);
    assertThat(page.getByText("Vous ne pouvez pas venir ?")).hasCount(0);
    assertThat(page.getByRole(AriaRole.LINK, named("Télécharger mes données"))).isVisible();
    assertThat(page.getByRole(AriaRole.LINK, named("Effacer mes données…"))).isVisible();
  }

  private String status(JsonObject registration) {
    return harness.get(managePath(registration).replace("/r/", "/api/v1/registrations/manage/")).bodyAsJsonObject()
        .getString("status");
  }
}
