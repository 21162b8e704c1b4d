package org.relais.hub.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.relais.hub.testing.PageChecks.checkBasics;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.relais.hub.centres.Centre;
import org.relais.hub.demo.DemoData;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * The public schedule as a family sees it on a small phone: the demo network's week (the hub's clock
 * stands on Monday 23 November 2026, 9:00 in Paris), filters, a session page, the language switch,
 * hostile text, the not-found page, and the basic checks every page must pass.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulePagesBrowserTest {
  private static final String HOSTILE_TITLE = "Atelier <script>alert(1)</script>";
  private static final String HOSTILE_DESCRIPTION = "Venez nombreux <img src=x onerror=alert(2)> !";
  private static final Page.GetByLabelOptions EXACT = new Page.GetByLabelOptions().setExact(true);
  private static final Pattern TIME_RANGE = Pattern.compile("^\\d{2}:\\d{2}\\s–\\s\\d{2}:\\d{2}$");

  private HubHarness harness;
  private Browser browser;
  private String baseUrl;
  private Session hostile;

  @BeforeAll
  void start() {
    harness = HubHarness.start("h2");
    new DemoData(harness.hub.staff(), harness.hub.centres(), harness.hub.schedule(), harness.clock)
        .seedIfEmpty().await();
    Centre passerelle = centre("Tiers-lieu La Passerelle");
    // Sunday evening: the last sitting of the week, below everything else in the list.
    hostile = harness.hub.schedule().createTrusted(new SessionDraft(HOSTILE_TITLE, Category.OTHER,
        HOSTILE_DESCRIPTION, "fr", null, passerelle.id(), Instant.parse("2026-11-29T18:00:00Z"),
        Instant.parse("2026-11-29T19:00:00Z"), null, 5, VideoMode.DIRECT, "<b>gras</b> & \"guillemets\"")).await();
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
  void groupsTheWeekByDayAndShowsTimeTitlePictogramAndCentreForEachSitting() {
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage page = new WatchedPage(phone.newPage());
      Response response = page.page.navigate("/");

      Assertions.assertThat(response.status()).isEqualTo(200);
      assertThat(page.page).hasTitle("Les cours en direct · Relais");
      assertThat(page.page.locator("h1")).hasText("Les cours en direct");
      Locator days = page.page.locator("section.day");
      assertThat(days.locator("h2")).hasText(new String[] {
          "Aujourd’hui · Lundi 23 novembre", "Demain · Mardi 24 novembre", "Mercredi 25 novembre",
          "Jeudi 26 novembre", "Vendredi 27 novembre", "Samedi 28 novembre", "Dimanche 29 novembre"});
      assertThat(days.nth(0).locator(".sitting .title"))
          .hasText(new String[] {"Cuisine du monde : le couscous de Karim", "Français du quotidien"});
      assertThat(days.nth(2).locator(".sitting .title"))
          .hasText(new String[] {"Café-rencontre numérique", "Magie pour petits et grands"});

      Locator sittings = page.page.locator("li.sitting");
      assertThat(sittings).hasCount(13);
      Locator first = sittings.first();
      assertThat(first.locator(".time")).hasText("14:00 – 16:00");
      assertThat(first.locator(".where")).hasText("Centre social Les Tisserands");
      assertThat(first.locator(".meta")).hasText("Cuisine · français");
      assertThat(first.locator("img.picto")).hasAttribute("src", "/static/icons/COOKING.svg");
      for (int i = 0; i < sittings.count(); i++) {
        Locator sitting = sittings.nth(i);
        assertThat(sitting.locator(".time")).hasText(TIME_RANGE);
        assertThat(sitting.locator(".title")).not().isEmpty();
        assertThat(sitting.locator(".where")).hasText(Pattern.compile(
            "^(Centre social|Cyber-espace|Médiathèque|Tiers-lieu) "));
        assertThat(sitting.locator(".meta")).hasText(Pattern.compile("^\\S.* · (français|anglais)$"));
        assertVisiblePictogram(sitting.locator("img.picto"));
      }

      Browser.screenshot(page.page, "schedule-phone-fr");
      checkBasics(page, "fr");
      page.assertQuiet();
    }
  }

  @Test
  void filtersByThemeThenByCentreWithAPlainFormAndNoJavaScript() {
    try (BrowserContext phone = browser.context(Browser.phoneOptions(baseUrl).setJavaScriptEnabled(false))) {
      WatchedPage page = new WatchedPage(phone.newPage());
      page.page.navigate("/");

      page.page.getByLabel("Thème", EXACT).selectOption("MAGIC");
      page.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Afficher")).click();

      assertThat(page.page).hasURL(Pattern.compile("/\\?category=MAGIC&centre=$"));
      assertThat(page.page.locator("li.sitting .title")).hasText(new String[] {"Magie pour petits et grands"});
      assertThat(page.page.locator("li.sitting .where")).hasText(new String[] {"Tiers-lieu La Passerelle"});
      assertThat(page.page.locator("li.sitting .meta")).hasText(new String[] {"Magie · français"});
      assertThat(page.page.getByLabel("Thème", EXACT)).hasValue("MAGIC");
      Locator reset = page.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Tout afficher"));
      assertThat(reset).isVisible();
      Browser.screenshot(page.page, "schedule-phone-filtered");
      checkBasics(page, "fr");

      reset.click();
      assertThat(page.page).hasURL(baseUrl + "/");
      assertThat(page.page.locator("li.sitting")).hasCount(13);

      page.page.getByLabel("Centre", EXACT).selectOption(new com.microsoft.playwright.options.SelectOption()
          .setLabel("Médiathèque des Moulins"));
      page.page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Afficher")).click();

      assertThat(page.page).hasURL(Pattern.compile("centre=[0-9a-f-]{36}$"));
      assertThat(page.page.locator("li.sitting .title")).hasText(new String[] {
          "Gym douce sur chaise", "Gym douce sur chaise", "Tricot et crochet"});
      assertThat(page.page.locator("li.sitting .where")).hasText(new String[] {
          "Médiathèque des Moulins", "Médiathèque des Moulins", "Médiathèque des Moulins"});
      assertThat(page.page.getByLabel("Thème", EXACT)).hasValue("");
      page.assertQuiet();
    }
  }

  @Test
  void opensASessionFromTheListAndShowsItsFactsAndNextSittings() {
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage page = new WatchedPage(phone.newPage());
      page.page.navigate("/");

      page.page.locator("li.sitting", new Page.LocatorOptions().setHasText("Gym douce sur chaise")).first()
          .getByRole(AriaRole.LINK).click();

      assertThat(page.page).hasURL(Pattern.compile("/sessions/[0-9a-f-]{36}\\?at=2026-11-24T09:00:00Z$"));
      assertThat(page.page).hasTitle("Gym douce sur chaise · Relais");
      assertThat(page.page.locator("h1")).hasText("Gym douce sur chaise");
      assertThat(page.page.locator(".kicker")).hasText("Sport");
      assertVisiblePictogram(page.page.locator(".session-head img.picto"));
      assertThat(fact(page.page, "Quand")).hasText("Mardi 24 novembre 2026, 10:00 – 11:00 · Chaque semaine");
      assertThat(fact(page.page, "Où")).containsText("Médiathèque des Moulins");
      assertThat(fact(page.page, "Où")).containsText("3 place Guy Mollet, 59000 Lille");
      assertThat(fact(page.page, "Langue du cours")).hasText("français");
      assertThat(fact(page.page, "Comment suivre")).hasText("Visio Relais intégrée");
      assertThat(fact(page.page, "Places pour suivre depuis la maison")).hasText("5 libres sur 5");
      assertThat(fact(page.page, "Accessibilité")).hasText("Adapté aux personnes à mobilité réduite.");
      assertThat(page.page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Prochaines séances")))
          .isVisible();
      assertThat(page.page.locator("ul.next li")).hasText(new String[] {
          "Jeudi 26 novembre 2026, 10:00 – 11:00", "Mardi 1 décembre 2026, 10:00 – 11:00",
          "Jeudi 3 décembre 2026, 10:00 – 11:00", "Mardi 8 décembre 2026, 10:00 – 11:00",
          "Jeudi 10 décembre 2026, 10:00 – 11:00", "Mardi 15 décembre 2026, 10:00 – 11:00"});

      Browser.screenshot(page.page, "session-phone-fr");
      checkBasics(page, "fr");

      page.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Retour au programme")).click();
      assertThat(page.page).hasURL(baseUrl + "/");

      // The Thursday sitting of the same series opens on Thursday.
      page.page.locator("li.sitting", new Page.LocatorOptions().setHasText("Gym douce sur chaise")).nth(1)
          .getByRole(AriaRole.LINK).click();
      assertThat(fact(page.page, "Quand")).hasText("Jeudi 26 novembre 2026, 10:00 – 11:00 · Chaque semaine");
      assertThat(page.page.locator("ul.next li").first()).hasText("Mardi 1 décembre 2026, 10:00 – 11:00");
      page.assertQuiet();
    }
  }

  @Test
  void switchesToEnglishAndRemembersTheChoiceOnTheNextPages() {
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage page = new WatchedPage(phone.newPage());
      page.page.navigate("/");

      Locator english = page.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("English").setExact(true));
      assertThat(english).hasAttribute("lang", "en");
      english.click();

      assertThat(page.page.locator("html")).hasAttribute("lang", "en");
      assertThat(page.page.locator("h1")).hasText("Live classes");
      assertThat(page.page.locator("section.day h2").first()).hasText("Today · Monday 23 November");
      assertThat(page.page.getByLabel("Theme", EXACT)).isVisible();
      assertThat(page.page.locator("li.sitting .meta").first()).hasText("Cooking · French");
      assertThat(page.page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Français").setExact(true)))
          .hasAttribute("href", "/?lang=fr");
      Browser.screenshot(page.page, "schedule-phone-en");
      checkBasics(page, "en");
      List<Cookie> cookies = phone.cookies();
      Assertions.assertThat(cookies).anySatisfy(cookie -> {
        Assertions.assertThat(cookie.name).isEqualTo("lang");
        Assertions.assertThat(cookie.value).isEqualTo("en");
        Assertions.assertThat(cookie.httpOnly).isTrue();
      });

      page.page.locator("li.sitting", new Page.LocatorOptions().setHasText("English for beginners"))
          .getByRole(AriaRole.LINK).click();
      assertThat(page.page).hasURL(Pattern.compile("/sessions/[0-9a-f-]{36}\\?at=[0-9TZ:-]+$"));
      assertThat(page.page.locator("html")).hasAttribute("lang", "en");
      assertThat(fact(page.page, "When")).hasText("Tuesday 24 November 2026, 18:30 – 19:30 · Every week");
      assertThat(fact(page.page, "Language of the class")).hasText("English");
      assertThat(page.page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Next sittings")))
          .isVisible();
      Browser.screenshot(page.page, "session-phone-en");
      checkBasics(page, "en");

      // A page opened afresh, with no ?lang= in its address, still speaks English.
      WatchedPage later = new WatchedPage(phone.newPage());
      later.page.navigate("/sessions/" + UUID.randomUUID());
      assertThat(later.page.locator("h1")).hasText("Page not found");
      later.page.navigate("/");
      assertThat(later.page.locator("h1")).hasText("Live classes");
      page.assertQuiet();
    }
  }

  @Test
  void showsHostileTitlesAndDescriptionsAsTextAndRunsNothing() {
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage page = new WatchedPage(phone.newPage());
      page.page.navigate("/");

      Locator listed = page.page.locator("li.sitting .title", new Page.LocatorOptions().setHasText("Atelier"));
      assertThat(listed).hasText(HOSTILE_TITLE);
      assertNothingInjected(page.page);

      listed.click();
      assertThat(page.page.locator("h1")).hasText(HOSTILE_TITLE);
      assertThat(page.page).hasTitle(HOSTILE_TITLE + " · Relais");
      assertThat(page.page.locator(".description")).hasText(HOSTILE_DESCRIPTION);
      assertThat(fact(page.page, "Accessibilité")).hasText("<b>gras</b> & \"guillemets\"");
      Assertions.assertThat(page.page.locator("b").count()).isZero();
      assertNothingInjected(page.page);
      Browser.screenshot(page.page, "session-phone-hostile");
      checkBasics(page, "fr");
      page.assertQuiet();
    }
  }

  @Test
  void answersAnUnknownSessionWithTheFrenchNotFoundPage() {
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage page = new WatchedPage(phone.newPage());
      for (String path : List.of("/sessions/" + UUID.randomUUID(), "/sessions/not-a-session", "/nowhere")) {
        Response response = page.page.navigate(path);

        Assertions.assertThat(response.status()).as(path).isEqualTo(404);
        Assertions.assertThat(response.headers().get("content-type")).as(path).startsWith("text/html");
        assertThat(page.page).hasTitle("Page introuvable · Relais");
        assertThat(page.page.locator("h1")).hasText("Page introuvable");
        assertThat(page.page.locator("main p").first()).hasText("Cette page n’existe pas ou plus.");
        Browser.screenshot(page.page, "not-found-phone-fr");
        checkBasics(page, "fr");
      }

      page.page.getByRole(AriaRole.MAIN).getByRole(AriaRole.LINK,
          new Locator.GetByRoleOptions().setName("Retour au programme")).click();
      assertThat(page.page).hasURL(baseUrl + "/");
      assertThat(page.page.locator("h1")).hasText("Les cours en direct");
      // The browser reports each 404 it was served; nothing else may go wrong.
      Assertions.assertThat(page.problems).allMatch(problem -> problem.contains("status of 404"));
      page.problems.clear();
      page.assertQuiet();
    }
  }

  @Test
  void laysTheScheduleOutOnADesktopScreen() {
    try (BrowserContext desktop = browser.desktop(baseUrl)) {
      WatchedPage page = new WatchedPage(desktop.newPage());
      page.page.navigate("/");

      Locator category = page.page.getByLabel("Thème", EXACT);
      Locator centre = page.page.getByLabel("Centre", EXACT);
      // The filters sit on one line beside each other on a wide screen.
      Assertions.assertThat(category.boundingBox().y).isEqualTo(centre.boundingBox().y);
      Assertions.assertThat(page.page.locator("main").boundingBox().width).isLessThanOrEqualTo(800);
      Browser.screenshot(page.page, "schedule-desktop-fr");
      checkBasics(page, "fr");
      page.assertQuiet();
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  private Centre centre(String name) {
    return harness.hub.centres().list(500, null).await().items().stream()
        .filter(c -> c.name().equals(name)).findFirst().orElseThrow();
  }

  /** The {@code <dd>} that answers a {@code <dt>} in the session's facts. */
  private static Locator fact(Page page, String term) {
    return page.locator("dl.facts dt", new Page.LocatorOptions().setHasText(Pattern.compile("^" + term + "$")))
        .locator("xpath=following-sibling::dd[1]");
  }

  private static void assertVisiblePictogram(Locator picto) {
    assertThat(picto).isVisible();
    Assertions.assertThat((Boolean) picto.evaluate("img => img.complete && img.naturalWidth > 0")).isTrue();
    Assertions.assertThat(picto.boundingBox().width).isGreaterThanOrEqualTo(40);
  }

  private static void assertNothingInjected(Page page) {
    // The page's own scripts come from /static/js (the Listen button's); nothing else may be a script.
    Assertions.assertThat(page.locator("script:not([src^='/static/js/'])").count()).isZero();
    Assertions.assertThat(page.locator("img[src='x'], img[onerror], [onerror]").count()).isZero();
  }
}
