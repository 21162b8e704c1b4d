package org.relais.hub.myday;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
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
 * An instructor signs in at the staff app and lands on their classes: the next sittings with centre, rooms
 * booked and registrations; opens the console from there (with the same sign-in), starts the sitting, and
 * enters the room with their own link. Signed out, the console sends to the sign-in and back.
 */
class MyClassesBrowserTest {
  private HubHarness harness;
  private Browser browser;
  private StaffMember teacher;
  private Session session;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    Centre centre = harness.centre("Centre social Les Tisserands");
    teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    Instant start = harness.clock.instant().plus(Duration.ofHours(1));
    session = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING, null, "fr",
        teacher.id(), centre.id(), start, start.plus(Duration.ofHours(1)), null, 10, VideoMode.DIRECT, null)).await();
    // Someone else's class, the same morning: not on this instructor's page.
    harness.hub.schedule().createTrusted(new SessionDraft("Yoga doux", Category.SPORT, null, "fr",
        harness.staff(Role.INSTRUCTOR, Set.of(centre.id())).id(), centre.id(), start, start.plus(Duration.ofHours(1)),
        null, 10, VideoMode.DIRECT, null)).await();
    Site room = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), "Salle polyvalente",
        30, null, 1)).await();
    String coordinator = harness.login(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
    harness.send(HttpMethod.POST, "/api/v1/sessions/" + session.id() + "/bookings", coordinator,
        new JsonObject().put("siteId", room.id().toString()).put("expectedHeadCount", 12));
    harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", "Famille Girard")).await();
    browser = Browser.launchForCalls();
  }

  @AfterEach
  void stop() {
    contexts.forEach(BrowserContext::close);
    browser.close();
    harness.close();
  }

  private BrowserContext context(com.microsoft.playwright.Browser.NewContextOptions options) {
    BrowserContext context = browser.context(options.setPermissions(List.of("camera", "microphone")));
    contexts.add(context);
    return context;
  }

  private static Locator link(Page page, String name) {
    return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name));
  }

  @Test
  void anInstructorSignsInOpensTheConsoleAndEntersTheRoom() {
    String base = Browser.baseUrl(harness);
    WatchedPage watched = new WatchedPage(context(Browser.desktopOptions(base)).newPage());
    Page page = watched.page;
    StaffWeb.signIn(page, base, teacher);
    page.waitForURL(base + "/staff/my-classes");

    Locator sitting = page.locator(".staff-sitting");
    assertThat(sitting).hasCount(1);
    assertThat(sitting.locator("h2")).hasText("Cuisine du monde");
    assertThat(sitting).containsText("Lundi 23 novembre");
    assertThat(sitting).containsText("10:00 – 11:00");
    assertThat(sitting).containsText("Prévu");
    assertThat(sitting).containsText("Centre social Les Tisserands");
    assertThat(sitting).containsText("Salle polyvalente");
    assertThat(sitting).containsText("1 sur 10 places à la maison");
    assertThat(page.getByText("Yoga doux")).hasCount(0);
    PageChecks.checkBasics(watched, "fr");
    PageChecks.checkAccessibility(page);
    Browser.screenshot(page, "staff-my-classes-desktop");
    page.setViewportSize(Browser.PHONE_WIDTH, Browser.PHONE_HEIGHT);
    Browser.screenshot(page, "staff-my-classes-phone");
    assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth"))
        .isLessThanOrEqualTo(Browser.PHONE_WIDTH);
    PageChecks.checkAccessibility(page);
    page.setViewportSize(Browser.DESKTOP_WIDTH, Browser.DESKTOP_HEIGHT);

    // The console, with the same sign-in: the instructor opens the room before its time.
    link(page, "Ouvrir la console").click();
    page.waitForURL(base + "/console/sessions/" + session.id());
    assertThat(page.locator("#title")).hasText("Cuisine du monde");
    assertThat(page.locator("#online")).hasText("0/1");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Démarrer la séance")).click();
    assertThat(page.locator("#state")).hasText("En direct");
    PageChecks.checkAccessibility(page);
    Browser.screenshot(page, "staff-console-desktop");

    page.navigate("/staff/my-classes");
    assertThat(page.locator(".staff-sitting")).containsText("En direct");
    link(page, "Entrer dans la salle").click();
    page.waitForURL(url -> url.contains("/j/"));
    assertThat(page.locator("#room-status")).hasText("Vous êtes dans la salle.", Browser.CONNECTING);
    Browser.screenshot(page, "staff-my-classes-room");
    watched.assertQuiet();
  }

  @Test
  void signedOutTheConsoleSendsToTheSignInAndBack() {
    String base = Browser.baseUrl(harness);
    Page page = context(Browser.phoneOptions(base)).newPage();
    page.navigate("/console/sessions/" + session.id());
    page.waitForURL(base + "/staff/login?next=%2Fconsole%2Fsessions%2F" + session.id());
    page.locator("#email").fill(teacher.email());
    page.locator("#password").fill(HubHarness.PASSWORD);
    page.locator("form.form button[type=submit]").click();
    page.waitForURL(base + "/console/sessions/" + session.id());
    assertThat(page.locator("#title")).hasText("Cuisine du monde");
    assertThat(page.locator("#sitting")).containsText("Séance de 10:00 à 11:00");
    PageChecks.checkAccessibility(page);
    Browser.screenshot(page, "staff-console-phone");
    assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth"))
        .isLessThanOrEqualTo(Browser.PHONE_WIDTH);
  }
}
