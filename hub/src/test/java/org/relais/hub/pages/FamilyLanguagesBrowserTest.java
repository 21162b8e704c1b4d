package org.relais.hub.pages;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import com.microsoft.playwright.Browser.NewContextOptions;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.PageChecks;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import org.relais.web.MessageBundles;

/**
 * A family's whole way in French, English and Arabic on a 320 px and a 390 px phone: schedule, class page,
 * registration, confirmation, waiting page, the live room and the help page, each without sideways
 * scrolling, with axe-core's approval, mirrored in Arabic; the language chosen once is kept from page to
 * page and stored with the registration; the Listen button speaks the page's language.
 * One browser for the class, one context per language.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FamilyLanguagesBrowserTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Pattern MANAGE_PATH = Pattern.compile("/r/[A-Za-z0-9_-]{43}$");
  private static final List<int[]> PHONES = List.of(new int[] {320, 640}, new int[] {390, 844});
  /** Records what the page asks the speech synthesis to say, and offers it no voice at all. */
  private static final String SPEECH_SPY = """
      window.spoken = [];
      window.speechSynthesis.speak = (utterance) => window.spoken.push({ lang: utterance.lang, text: utterance.text });
      window.speechSynthesis.getVoices = () => [];
      """;

  private HubHarness harness;
  private Browser browser;
  private String baseUrl;
  private Centre centre;
  private StaffMember coordinator;

  @BeforeAll
  void start() {
    harness = HubHarness.start("h2", Map.of("join.requestsPerMinutePerAddress", "1000"));
    centre = harness.centre("Centre social des Trois Ponts");
    coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
    browser = Browser.launchForCalls();
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

  @ParameterizedTest
  @ValueSource(strings = {"fr", "en", "ar"})
  void aFamilyGoesFromTheScheduleToTheLiveClassInItsLanguage(String language) {
    harness.clock.set(HubHarness.START);
    Map<String, String> t = MessageBundles.bundle("messages", language);
    String title = "Cuisine du monde " + language;
    Session session = session(title);
    // French is the default, English comes from the phone's own language, Arabic is chosen once on the page.
    NewContextOptions options = Browser.phoneOptions(baseUrl).setLocale(language.equals("en") ? "en-GB" : "fr-FR");
    try (BrowserContext phone = browser.context(options)) {
      phone.addInitScript(SPEECH_SPY);
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;
      page.navigate("/");
      if (language.equals("ar")) {
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("العربية")).click();
      }
      check(watched, language, "1-schedule");

      page.getByText(title).click();
      assertThat(page.locator("h1")).hasText(title);
      check(watched, language, "2-class");

      page.locator("#displayName").fill("Famille " + language);
      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(t.get("register_submit"))).click();
      assertThat(page).hasURL(MANAGE_PATH);
      assertThat(page.locator(".status")).hasText(t.get("manage_confirmed"));
      check(watched, language, "3-confirmation");
      listen(page, t, language, t.get("falc_confirmed") + " " + title + ". ");
      Assertions.assertThat(registration(session).getString("language")).isEqualTo(language);

      String joinHref = page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(t.get("manage_open")))
          .getAttribute("href");
      Assertions.assertThat(joinHref).endsWith("?lang=" + language);
      page.navigate(joinHref);
      assertThat(page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName(t.get("join_early_title"))))
          .isVisible();
      assertThat(page.locator("button.listen")).hasText(t.get("listen_button"));
      check(watched, language, "4-waiting");
      listen(page, t, language, title + ". " + t.get("falc_waiting_1") + " ");

      harness.clock.set(paris("2026-11-23T09:50"));
      String joinPath = joinHref.substring(0, joinHref.indexOf('?'));
      page.navigate(joinPath);
      assertThat(page.locator("#leave")).isVisible();
      assertThat(page.locator("#leave")).hasText(t.get("room_leave"));
      assertThat(page.locator("#mic svg.icon")).hasAttribute("aria-hidden", "true");
      check(watched, language, "5-live");

      page.navigate(joinPath + "/help");
      assertThat(page.locator("h1")).hasText(t.get("help_title"));
      check(watched, language, "6-help");
      listen(page, t, language, t.get("falc_help_1") + " " + t.get("falc_help_2") + " ");

      // The link given to the family speaks its language on a phone that never saw the choice.
      try (BrowserContext other = browser.context(Browser.phoneOptions(baseUrl))) {
        Page elsewhere = other.newPage();
        elsewhere.navigate(joinHref);
        assertThat(elsewhere.locator("html")).hasAttribute("lang", language);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"fr", "en", "ar"})
  void theListenButtonReadsThePlainSentencesInThePagesLanguage(String language) {
    harness.clock.set(HubHarness.START);
    Map<String, String> t = MessageBundles.bundle("messages", language);
    Session session = session("Atelier lecture " + language);
    try (BrowserContext phone = browser.context(Browser.phoneOptions(baseUrl))) {
      phone.addInitScript(SPEECH_SPY);
      Page page = phone.newPage();
      page.navigate("/sessions/" + session.id() + "?lang=" + language);

      page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(t.get("listen_button"))).click();

      @SuppressWarnings("unchecked")
      List<Map<String, String>> spoken = (List<Map<String, String>>) page.evaluate("() => window.spoken");
      Assertions.assertThat(spoken).hasSize(1);
      Assertions.assertThat(spoken.get(0).get("lang")).isEqualTo(language);
      Assertions.assertThat(spoken.get(0).get("text")).startsWith("Atelier lecture " + language + ". ")
          .endsWith(t.get("falc_session_1") + " " + t.get("falc_session_2") + " " + t.get("falc_session_3") + " "
              + t.get("falc_session_4"));
      // No voice of the language on this device: the page says so rather than reading silently wrong.
      assertThat(page.locator("#listen-note")).hasText(t.get("listen_no_voice"));
      Browser.screenshot(page, "i18n-" + language + "-listen");
    }
  }

  /** Presses the page's Listen button: it says a text beginning with {@code start}, in the page's language. */
  private static void listen(Page page, Map<String, String> t, String language, String start) {
    page.evaluate("() => { window.spoken = []; }");
    page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(t.get("listen_button"))).click();
    @SuppressWarnings("unchecked")
    List<Map<String, String>> spoken = (List<Map<String, String>>) page.evaluate("() => window.spoken");
    Assertions.assertThat(spoken).hasSize(1);
    Assertions.assertThat(spoken.get(0).get("lang")).isEqualTo(language);
    Assertions.assertThat(spoken.get(0).get("text")).startsWith(start);
  }

  /**
   * The page at each phone size: its language and direction, no sideways scrolling, the basics every public
   * page passes (labels, 44 px targets, contrast), axe-core, and a screenshot to look at.
   */
  private static void check(WatchedPage watched, String language, String step) {
    Page page = watched.page;
    assertThat(page.locator("html")).hasAttribute("dir", language.equals("ar") ? "rtl" : "ltr");
    for (int[] size : PHONES) {
      page.setViewportSize(size[0], size[1]);
      Object fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth");
      Assertions.assertThat(fits).as(step + " at " + size[0] + " px scrolls sideways").isEqualTo(true);
      PageChecks.checkBasics(watched, language);
      PageChecks.checkAccessibility(page);
      Browser.screenshot(page, "i18n-" + language + "-" + step + "-" + size[0]);
    }
  }

  private Session session(String title) {
    Instant start = paris("2026-11-23T10:00");
    return harness.hub.schedule().createTrusted(new SessionDraft(title, Category.COOKING,
        "Des recettes de chaque pays, à faire ensemble.", "fr", null, centre.id(), start,
        start.plus(Duration.ofMinutes(60)), null, 12, VideoMode.DIRECT, null)).await();
  }

  private JsonObject registration(Session session) {
    HttpResponse<Buffer> answer = harness.send(HttpMethod.GET, "/api/v1/sessions/" + session.id() + "/registrations",
        harness.login(coordinator), null);
    Assertions.assertThat(answer.statusCode()).isEqualTo(200);
    JsonArray items = answer.bodyAsJsonObject().getJsonArray("items");
    Assertions.assertThat(items).hasSize(1);
    return items.getJsonObject(0);
  }

  private static Instant paris(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
  }
}
