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
import java.util.regex.Pattern;
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
 * An animator signs in and lands on their centre: today's sitting booked for its room with the room's links,
 * the room's relay-site offline; a family asks for help from its phone, the call shows on the animator's page
 * without a reload, and "Prendre l'appel" opens the call's room, where both meet.
 */
class MyCentreBrowserTest {
  private HubHarness harness;
  private Browser browser;
  private StaffMember animator;
  private Session session;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    Centre centre = harness.centre("Maison de quartier des Tilleuls");
    animator = harness.staff(Role.ANIMATOR, Set.of(centre.id()));
    Instant start = harness.clock.instant().plus(Duration.ofMinutes(30));
    session = harness.hub.schedule().createTrusted(new SessionDraft("Atelier tablette", Category.DIGITAL_SKILLS, null,
        "fr", null, centre.id(), start, start.plus(Duration.ofHours(1)), null, 20, VideoMode.DIRECT, null)).await();
    Site room = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), "Salle informatique",
        12, null, 1)).await();
    harness.send(HttpMethod.POST, "/api/v1/sessions/" + session.id() + "/bookings", harness.login(animator),
        new JsonObject().put("siteId", room.id().toString()).put("expectedHeadCount", 8));
    // Another centre's family asking for help: never on this centre's page.
    Centre other = harness.centre("Centre social du Faubourg");
    Instant otherStart = harness.clock.instant().plus(Duration.ofMinutes(20));
    Session elsewhere = harness.hub.schedule().createTrusted(new SessionDraft("Français facile", Category.LANGUAGE,
        null, "fr", null, other.id(), otherStart, otherStart.plus(Duration.ofHours(1)), null, 20, VideoMode.DIRECT,
        null)).await();
    harness.http.post("/api/v1/join/" + register(elsewhere, "Famille Martin") + "/help")
        .sendJsonObject(new JsonObject()).await();
    browser = Browser.launchForCalls();
  }

  @AfterEach
  void stop() {
    contexts.forEach(BrowserContext::close);
    browser.close();
    harness.close();
  }

  private String register(Session of, String name) {
    String url = harness.http.post("/api/v1/sessions/" + of.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject().getString("joinUrl");
    return url.substring(url.indexOf("/j/") + 3);
  }

  private BrowserContext context(com.microsoft.playwright.Browser.NewContextOptions options) {
    BrowserContext context = browser.context(options.setPermissions(List.of("camera", "microphone")));
    contexts.add(context);
    return context;
  }

  @Test
  void anAnimatorSeesTodaysSittingAndTakesAFamilysCallWithoutReloading() {
    String base = Browser.baseUrl(harness);
    WatchedPage watched = new WatchedPage(context(Browser.desktopOptions(base)).newPage());
    Page page = watched.page;
    StaffWeb.signIn(page, base, animator);
    page.waitForURL(base + "/staff/my-centre");

    Locator room = page.locator(".staff-room");
    assertThat(room.locator("h4")).containsText("Salle informatique");
    assertThat(room.locator(".offline")).hasText("Relais hors ligne");
    assertThat(room.locator(".staff-sitting")).containsText("09:30 – 10:30");
    assertThat(room.locator(".staff-sitting")).containsText("Atelier tablette");
    assertThat(room.locator(".staff-sitting")).containsText("8 personnes attendues");
    assertThat(room.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Écran de la salle")))
        .hasAttribute("href", Pattern.compile("^/j/"));
    assertThat(room.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Lien de l’animateur")))
        .hasAttribute("href", Pattern.compile("^/j/"));
    assertThat(page.locator(".calls-state")).hasText("Les appels s’affichent ici dès qu’une famille demande de l’aide.");
    assertThat(page.locator(".help-calls")).hasText("Aucune famille n’attend d’aide.");
    PageChecks.checkBasics(watched, "fr");
    PageChecks.checkAccessibility(page);
    Browser.screenshot(page, "staff-my-centre-desktop");
    page.evaluate("() => { window.notReloaded = true; }");

    // A family asks for help from its phone: the call shows on the animator's page as it is made.
    Page family = context(Browser.phoneOptions(base)).newPage();
    family.navigate("/j/" + register(session, "Famille Benali") + "/help");
    family.locator("#help-message").fill("Je n’entends rien sur la tablette");
    family.getByText("Appeler un animateur").click();
    assertThat(family.locator("#help-status")).hasText("Votre appel est le prochain : un animateur arrive.");
    Locator call = page.locator(".family-call");
    assertThat(call).hasCount(1);
    assertThat(call.locator(".seat")).hasText("Famille Benali");
    assertThat(call.locator("q")).hasText("Je n’entends rien sur la tablette");
    assertThat(page.getByText("Famille Martin")).hasCount(0);
    assertThat(page.evaluate("() => window.notReloaded === true")).isEqualTo(true);
    PageChecks.checkAccessibility(page);
    Browser.screenshot(page, "staff-my-centre-call-desktop");
    page.setViewportSize(Browser.PHONE_WIDTH, Browser.PHONE_HEIGHT);
    Browser.screenshot(page, "staff-my-centre-call-phone");
    assertThat((Integer) page.evaluate("() => document.documentElement.scrollWidth"))
        .isLessThanOrEqualTo(Browser.PHONE_WIDTH);
    PageChecks.checkAccessibility(page);
    page.setViewportSize(Browser.DESKTOP_WIDTH, Browser.DESKTOP_HEIGHT);

    call.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Prendre l’appel")).click();
    page.waitForURL(url -> url.matches(".*/help-calls/[0-9a-f-]{36}/room"));
    assertThat(page.locator("#room-status")).hasText("Vous êtes dans la salle.", Browser.CONNECTING);
    assertThat(family.locator("#room-status")).hasText("Vous êtes dans la salle.", Browser.CONNECTING);
    assertThat(page.locator("#videos figure")).hasCount(2);
    Browser.screenshot(page, "staff-my-centre-call-room");
    page.locator("#leave").click();
    assertThat(family.locator("#left .notice")).hasText("L’appel est terminé.");

    // Back on the centre's page, the call is gone from the queue.
    page.navigate("/staff/my-centre");
    assertThat(page.locator(".help-calls")).hasText("Aucune famille n’attend d’aide.");
    watched.assertQuiet();
  }
}
