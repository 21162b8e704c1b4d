package org.relais.hub.schedule;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.staff.StaffDraft;
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
 * A coordinator runs a class from the staff app, on a phone and at a desk: creates a weekly class and is
 * told, next to the instructor's field, that the instructor already teaches then; cancels one date, moves
 * another, and cancels the whole class after a confirmation that counts the families to tell. An admin
 * editing the same class at the same time is told who changed it meanwhile.
 */
class ClassPagesBrowserTest {
  /** Tuesday 1 December 2026, 18:00 in Paris: the instructor's other class, weekly. */
  private static final Instant GYM = Instant.parse("2026-12-01T17:00:00Z");

  private HubHarness harness;
  private Browser browser;
  private Centre centre;
  private StaffMember teacher;
  private StaffMember coordinator;
  private StaffMember admin;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    centre = harness.centre("Centre social Les Tisserands");
    teacher = member("nadia@relais.test", "Nadia Benali", Role.INSTRUCTOR, Set.of(centre.id()));
    coordinator = member("claire@relais.test", "Claire Martin", Role.COORDINATOR, Set.of(centre.id()));
    admin = member("admin@relais.test", "Karim Admin", Role.ADMIN, Set.of());
    harness.hub.schedule().createTrusted(new SessionDraft("Gym douce", Category.SPORT, null, "fr", teacher.id(),
        centre.id(), GYM, GYM.plus(Duration.ofHours(1)), new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 6), 12,
        VideoMode.DIRECT, null)).await();
    // The first page a hub renders compiles its templates: done here, not within a page's time limit.
    assertThat(harness.get("/staff/login").statusCode()).isEqualTo(200);
    browser = Browser.launch();
  }

  @AfterEach
  void stop() {
    browser.close();
    harness.close();
  }

  private StaffMember member(String email, String name, Role role, Set<UUID> centres) {
    return harness.hub.staff().createTrusted(new StaffDraft(email, name, role, centres, HubHarness.PASSWORD)).await();
  }

  @ParameterizedTest
  @ValueSource(strings = {"phone", "desktop"})
  void aCoordinatorRunsAWeeklyClassFromCreationToCancellation(String device) {
    String base = Browser.baseUrl(harness);
    BrowserContext desk = "phone".equals(device) ? browser.phone(base) : browser.desktop(base);
    Page page = desk.newPage();
    StaffWeb.signIn(page, base, coordinator);
    WatchedPage watched = new WatchedPage(page);

    page.navigate("/staff/classes");
    assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Cours").setLevel(1)))
        .isVisible();
    assertThat(page.locator("table.classes")).containsText("Gym douce");
    check(watched, device + "-classes-list");

    // A class at 18:30 on Tuesdays: the instructor teaches Gym douce from 18:00 to 19:00.
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Nouveau cours")).click();
    page.getByLabel("Titre du cours").fill("Cuisine du monde");
    page.getByLabel("Thème").selectOption("COOKING");
    page.getByLabel("Description (ce que les familles liront)").fill("Des recettes simples, de partout.");
    page.getByLabel("Intervenant·e").selectOption(teacher.id().toString());
    page.getByLabel("Date (première séance)").fill("2026-12-01");
    page.getByLabel("Heure de début").fill("18:30");
    page.getByLabel("Heure de fin").fill("19:30");
    page.getByLabel("Chaque semaine").check();
    page.getByLabel("Nombre de séances", new Page.GetByLabelOptions().setExact(true)).last().fill("4");
    page.getByLabel("Nombre de séances", new Page.GetByLabelOptions().setExact(true)).first().check();
    page.getByLabel("Places pour les familles à la maison").fill("10");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Créer le cours")).click();

    Locator instructorError = page.locator("#instructorId-error");
    assertThat(instructorError).containsText("Cette personne anime déjà « Gym douce » à ce moment-là");
    assertThat(page.getByLabel("Intervenant·e")).hasAttribute("aria-invalid", "true");
    assertThat(page.getByLabel("Titre du cours")).hasValue("Cuisine du monde");
    check(watched, device + "-class-clash");
    // The browser reports the refusal's 409 on its console: expected here, and only here.
    watched.problems.clear();

    page.getByLabel("Heure de début").fill("19:00");
    page.getByLabel("Heure de fin").fill("20:00");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Créer le cours")).click();
    assertThat(page.locator(".notice")).hasText("Cours créé.");
    assertThat(page.locator("table.class-sittings tbody tr")).hasCount(4);
    String classPath = page.url().replaceAll("^https?://[^/]+", "").replaceAll("\\?.*$", "");

    // One date cancelled: the series goes on.
    Locator december8 = page.locator("table.class-sittings tbody tr", new Page.LocatorOptions().setHasText("8 déc."));
    december8.getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Annuler cette date")).click();
    assertThat(page.locator(".notice")).hasText("La séance est annulée.");
    assertThat(page.locator("table.class-sittings tbody tr", new Page.LocatorOptions().setHasText("8 déc.")))
        .containsText("Annulée");

    // Another moved to the Thursday morning.
    page.locator("table.class-sittings tbody tr", new Page.LocatorOptions().setHasText("15 déc."))
        .getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Déplacer")).click();
    assertThat(page.locator("h1")).hasText("Déplacer une séance");
    page.getByLabel("Nouvelle date").fill("2026-12-17");
    page.getByLabel("Heure de début").fill("10:00");
    page.getByLabel("Heure de fin").fill("11:00");
    check(watched, device + "-sitting-move");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Déplacer la séance")).click();
    assertThat(page.locator(".notice")).hasText("La séance est déplacée.");
    Locator moved = page.locator("table.class-sittings tbody tr", new Page.LocatorOptions().setHasText("17 déc."));
    assertThat(moved).containsText("10:00");
    assertThat(moved).containsText("déplacée");
    assertThat(page.locator("table.class-sittings tbody tr", new Page.LocatorOptions().setHasText("15 déc.")))
        .hasCount(0);
    check(watched, device + "-class-page");

    // An admin opens the class, the coordinator saves first: the admin is told by whom, and keeps their input.
    Page second = ("phone".equals(device) ? browser.phone(base) : browser.desktop(base)).newPage();
    StaffWeb.signIn(second, base, admin);
    second.navigate(classPath);
    second.getByLabel("Accessibilité (accès, aides, ce qu’il faut savoir)").fill("Rampe d’accès côté parking");
    page.getByLabel("Titre du cours").fill("Cuisine du monde en famille");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer les changements")).click();
    assertThat(page.locator(".notice")).hasText("Changements enregistrés.");
    second.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Enregistrer les changements")).click();
    assertThat(second.locator(".meanwhile")).containsText("Modifié entre-temps par Claire Martin.");
    assertThat(second.getByLabel("Accessibilité (accès, aides, ce qu’il faut savoir)"))
        .hasValue("Rampe d’accès côté parking");
    check(new WatchedPage(second), device + "-class-meanwhile");
    second.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Recharger le cours")).click();
    assertThat(second.getByLabel("Titre du cours")).hasValue("Cuisine du monde en famille");
    second.context().close();

    // Two families registered, one waiting: all three will be told.
    String sessionId = classPath.substring(classPath.lastIndexOf('/') + 1);
    for (String family : new String[] {"Famille Girard", "Famille Diallo"}) {
      JsonObject registered = harness.http.post("/api/v1/sessions/" + sessionId + "/registrations")
          .sendJsonObject(new JsonObject().put("displayName", family)).await().bodyAsJsonObject();
      assertThat(registered.getString("status")).isEqualTo("CONFIRMED");
    }
    page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Annuler tout le cours…")).click();
    assertThat(page.locator(".families-told")).hasText(
        "2 familles seront prévenues (2 inscrites, 0 en liste d’attente).");
    check(watched, device + "-class-cancel");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Oui, annuler tout le cours")).click();
    assertThat(page.locator(".notice")).hasText("Le cours est annulé.");
    assertThat(page.locator("table.classes tbody tr", new Page.LocatorOptions().setHasText("Cuisine du monde")))
        .containsText("Annulé");
    watched.assertQuiet();
    desk.close();
  }

  private static void check(WatchedPage watched, String name) {
    Browser.screenshot(watched.page, name);
    PageChecks.checkAccessibility(watched.page);
    PageChecks.checkBasics(watched, "fr");
  }
}
