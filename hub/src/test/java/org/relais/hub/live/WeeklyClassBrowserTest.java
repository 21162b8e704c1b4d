package org.relais.hub.live;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.Site;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.StaffWeb;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

/**
 * A weekly class in a built-in room, three weeks in a row, driven as its instructor drives it: each
 * Tuesday the instructor signs in on the console, starts the sitting, enters the room by the console's
 * button, and ends the sitting after a confirmation. A confirmed family's link turns from the waiting
 * page into the room by itself, says when the sitting is over and names the next one, and opens again
 * the next week.
 */
class WeeklyClassBrowserTest {
  /** Tuesday 24 November 2026, 18:00 in Paris; the series meets three Tuesdays. */
  private static final Instant FIRST = Instant.parse("2026-11-24T17:00:00Z");
  private static final List<String> NEXT_DATES = List.of("1 décembre 2026", "8 décembre 2026");

  private HubHarness harness;
  private Browser browser;
  private StaffMember teacher;
  private Session weekly;
  private String screenPath;
  private final List<BrowserContext> contexts = new ArrayList<>();

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    Centre centre = harness.centre("Centre social Les Tisserands");
    teacher = harness.staff(Role.INSTRUCTOR, Set.of(centre.id()));
    weekly = harness.hub.schedule().createTrusted(new SessionDraft("Cuisine du monde", Category.COOKING, null, "fr",
        teacher.id(), centre.id(), FIRST, FIRST.plus(Duration.ofHours(1)),
        new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 3), 10, VideoMode.DIRECT, null)).await();
    // The centre's room follows every sitting on its big screen.
    Site room = harness.hub.centres().createSiteTrusted(new Site(UUID.randomUUID(), centre.id(), "Salle polyvalente",
        30, null, 1)).await();
    String coordinator = harness.login(harness.staff(Role.COORDINATOR, Set.of(centre.id())));
    String screenUrl = harness.send(HttpMethod.POST, "/api/v1/sessions/" + weekly.id() + "/bookings", coordinator,
        new JsonObject().put("siteId", room.id().toString()).put("expectedHeadCount", 12)).bodyAsJsonObject()
        .getString("screenUrl");
    screenPath = screenUrl.substring(screenUrl.indexOf("/j/"));
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

  private String registerFamily(String name) {
    JsonObject registration = harness.http.post("/api/v1/sessions/" + weekly.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name)).await().bodyAsJsonObject();
    assertThat(registration.getString("status")).isEqualTo("CONFIRMED");
    String url = registration.getString("joinUrl");
    return url.substring(url.indexOf("/j/"));
  }

  /** A new console tab, signed in through the staff app: a staff session lasts hours, and a week has gone by. */
  private Page console(BrowserContext desk) {
    Page console = desk.newPage();
    StaffWeb.signIn(console, Browser.baseUrl(harness), teacher);
    console.navigate("/console/sessions/" + weekly.id());
    assertThat(console.locator("#title")).hasText("Cuisine du monde");
    return console;
  }

  private static Locator button(Page page, String name) {
    return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
  }

  @Test
  void aWeeklyClassRunsThreeWeeksInARow() {
    String joinPath = registerFamily("Famille Girard");
    BrowserContext desk = context(Browser.desktopOptions(Browser.baseUrl(harness)));
    Page family = context(Browser.phoneOptions(Browser.baseUrl(harness))).newPage();
    BrowserContext tv = context(Browser.desktopOptions(Browser.baseUrl(harness)));

    for (int week = 0; week < 3; week++) {
      // Twenty minutes before the class: the doors are not open yet.
      harness.clock.set(FIRST.plus(Duration.ofDays(7L * week)).minus(Duration.ofMinutes(20)));
      family.navigate(joinPath);
      assertThat(family.getByRole(AriaRole.HEADING,
          new Page.GetByRoleOptions().setName("Le cours n’a pas encore commencé"))).isVisible();
      assertThat(family.locator("meta[http-equiv=refresh]")).hasCount(0);
      if (week == 0) {
        PageChecks.checkAccessibility(family);
      }

      Page console = console(desk);
      assertThat(button(console, "Terminer la séance")).isHidden();
      Locator enter = console.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Entrer dans la salle"));
      assertThat(enter).isVisible();
      assertThat(enter).hasAttribute("target", "_blank");
      if (week == 0) {
        PageChecks.checkAccessibility(console);
      }
      button(console, "Démarrer la séance").click();
      assertThat(button(console, "Terminer la séance")).isVisible();
      assertThat(button(console, "Démarrer la séance")).isHidden();

      // The family's waiting page becomes the room by itself; the instructor comes in from the console.
      assertThat(family.locator("#room-status")).hasText("Vous êtes dans la salle.", Browser.CONNECTING);
      Page room = desk.waitForPage(enter::click);
      assertThat(room.locator("#room-status")).hasText("Vous êtes dans la salle.", Browser.CONNECTING);
      // The room's big screen, opened as the kiosk opens it: the three of them see each other.
      Page screen = tv.newPage();
      screen.navigate(screenPath);
      assertThat((Integer) room.evaluate(Browser.ALL_CONNECTED, 2)).isEqualTo(2);
      assertThat((Integer) family.evaluate(Browser.ALL_CONNECTED, 2)).isEqualTo(2);
      assertThat((Integer) screen.evaluate(Browser.ALL_CONNECTED, 2)).isEqualTo(2);
      // One family at home, whatever the instructor's and the screen's seats.
      assertThat(console.locator("#home")).hasText("1");
      // The instructor is the family's large video.
      assertThat(family.locator("#stage figcaption")).containsText("(formateur)");
      if (week == 0) {
        PageChecks.checkAccessibility(console);
        Browser.screenshot(console, "console-live-desktop");
        console.setViewportSize(Browser.PHONE_WIDTH, Browser.PHONE_HEIGHT);
        Browser.screenshot(console, "console-live-phone");
        // Nothing widens the page past the phone's screen: the rooms' table scrolls on its own.
        assertThat((Integer) console.evaluate("() => document.documentElement.scrollWidth"))
            .isLessThanOrEqualTo(Browser.PHONE_WIDTH);
        console.setViewportSize(Browser.DESKTOP_WIDTH, Browser.DESKTOP_HEIGHT);
      }

      // Ending asks first; keeping on changes nothing.
      button(console, "Terminer la séance").click();
      assertThat(console.locator("#confirm-end")).isVisible();
      button(console, "Continuer la séance").click();
      assertThat(button(console, "Terminer la séance")).isVisible();
      assertThat(family.locator("#room-status")).hasText("Vous êtes dans la salle.", Browser.CONNECTING);
      button(console, "Terminer la séance").click();
      button(console, "Terminer").click();
      assertThat(console.locator("#state")).hasText("Terminé");
      // The family's page still open is no audience any more: the figure says who came.
      assertThat(console.locator("#home-label")).hasText("Venues à la maison");
      assertThat(console.locator("#home")).hasText("1");
      assertThat(button(console, "Terminer la séance")).isHidden();
      assertThat(console.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Entrer dans la salle")))
          .isHidden();

      if (week < 2) {
        assertThat(family.getByRole(AriaRole.STATUS))
            .hasText("La séance d’aujourd’hui est terminée. Merci d’avoir participé !");
        assertThat(family.locator(".next-sitting .when")).containsText(NEXT_DATES.get(week));
      } else {
        assertThat(family.getByRole(AriaRole.STATUS)).hasText("Ce cours est terminé. Merci d’avoir participé !");
      }
      room.close();
      screen.close();
      console.close();
    }
  }
}
