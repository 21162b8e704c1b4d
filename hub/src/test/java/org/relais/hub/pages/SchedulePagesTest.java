package org.relais.hub.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Category;
import org.relais.protocol.VideoMode;

/**
 * The public pages over plain HTTP, for what needs no browser: which language answers, the cookie
 * that remembers it, security headers, escaping, tolerant filters and the not-found answers.
 * The hub's clock stands on Monday 23 November 2026, 9:00 in Paris.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchedulePagesTest {
  private static final String CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; "
      + "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";
  private static final Pattern SITTING = Pattern.compile("<li class=\"sitting");

  private HubHarness harness;
  private Centre emptyCentre;
  private Session cooking;
  private Session hostile;

  @BeforeAll
  void start() {
    harness = HubHarness.start("h2");
    Centre tisserands = harness.centre("Centre social Les Tisserands");
    Centre moulins = harness.centre("Médiathèque des Moulins");
    emptyCentre = harness.centre("Tiers-lieu sans cours");
    cooking = session("Couscous", Category.COOKING, "Un plat du monde", tisserands, "2026-11-24T13:00:00Z");
    session("Tours de cartes", Category.MAGIC, null, moulins, "2026-11-25T14:00:00Z");
    hostile = session("Atelier <script>alert(1)</script>", Category.OTHER,
        "Venez <img src=x onerror=alert(2)> & 'vous' \"aussi\"", tisserands, "2026-11-26T14:00:00Z");
  }

  @AfterAll
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private Session session(String title, Category category, String description, Centre centre, String start) {
    Instant from = Instant.parse(start);
    return harness.hub.schedule().createTrusted(new SessionDraft(title, category, description, "fr", null,
        centre.id(), from, from.plusSeconds(3600), null, 10, VideoMode.DIRECT, null)).await();
  }

  private HttpResponse<Buffer> page(String path, String acceptLanguage, String cookie) {
    HttpRequest<Buffer> request = harness.http.get(path).putHeader("Accept", "text/html,*/*;q=0.8");
    if (acceptLanguage != null) {
      request.putHeader("Accept-Language", acceptLanguage);
    }
    if (cookie != null) {
      request.putHeader("Cookie", cookie);
    }
    return request.send().await();
  }

  private HttpResponse<Buffer> page(String path) {
    return page(path, null, null);
  }

  // --- language -------------------------------------------------------------------------------

  @Test
  void speaksTheLanguageTheBrowserAsksForAndFrenchOtherwise() {
    for (String english : List.of("en", "en-GB,en;q=0.9,fr;q=0.5", "de-DE,de;q=0.9,en;q=0.8")) {
      HttpResponse<Buffer> response = page("/", english, null);
      assertThat(response.statusCode()).as(english).isEqualTo(200);
      assertThat(response.getHeader("Content-Language")).as(english).isEqualTo("en");
      assertThat(response.bodyAsString()).as(english).contains("<html lang=\"en\" dir=\"ltr\">", "<h1>Live classes</h1>",
          "Tomorrow · Tuesday 24 November");
    }
    for (String french : List.of("fr-FR,fr;q=0.9,en;q=0.8", "de", "")) {
      HttpResponse<Buffer> response = page("/", french, null);
      assertThat(response.getHeader("Content-Language")).as(french).isEqualTo("fr");
      assertThat(response.bodyAsString()).as(french).contains("<html lang=\"fr\" dir=\"ltr\">", "<h1>Les cours en direct</h1>",
          "Demain · Mardi 24 novembre");
    }
    assertThat(page("/").getHeader("Content-Language")).isEqualTo("fr");
    assertThat(page("/", "en", null).getHeader("Vary")).contains("Accept-Language", "Cookie");
  }

  @Test
  void langParameterSetsACookieThatOutranksTheBrowser() {
    HttpResponse<Buffer> switched = page("/?lang=en", "fr", null);

    assertThat(switched.bodyAsString()).contains("<html lang=\"en\" dir=\"ltr\">");
    assertThat(switched.cookies()).hasSize(1);
    String cookie = switched.cookies().get(0);
    assertThat(cookie).startsWith("lang=en;");
    // Attribute names are case-insensitive (Netty writes "HTTPOnly").
    assertThat(cookie.toLowerCase(Locale.ROOT)).contains("path=/", "max-age=31536000", "httponly", "samesite=lax");

    HttpResponse<Buffer> next = page("/sessions/" + cooking.id(), "fr", "lang=en");
    assertThat(next.getHeader("Content-Language")).isEqualTo("en");
    assertThat(next.bodyAsString()).contains("<dt>When</dt>", "Tuesday 24 November 2026");
    assertThat(next.cookies()).isEmpty();

    HttpResponse<Buffer> back = page("/?lang=fr", "en", "lang=en");
    assertThat(back.getHeader("Content-Language")).isEqualTo("fr");
    assertThat(back.cookies()).singleElement(org.assertj.core.api.InstanceOfAssertFactories.STRING)
        .startsWith("lang=fr;");
  }

  @Test
  void ignoresALanguageItDoesNotSpeakInTheAddressOrTheCookie() {
    HttpResponse<Buffer> unknown = page("/?lang=de", "en", null);
    assertThat(unknown.getHeader("Content-Language")).isEqualTo("en");
    assertThat(unknown.cookies()).isEmpty();

    assertThat(page("/", "en", "lang=xx").getHeader("Content-Language")).isEqualTo("en");
    assertThat(page("/?lang=%3Cscript%3E", null, null).getHeader("Content-Language")).isEqualTo("fr");
  }

  @Test
  void theLanguageSwitchKeepsTheFiltersOfThePage() {
    String body = page("/?category=MAGIC&lang=fr").bodyAsString();

    assertThat(body).contains("href=\"/?category=MAGIC&amp;lang=en\"");
  }

  // --- headers and markup ---------------------------------------------------------------------

  @Test
  void everyPageCarriesTheSecurityHeadersAndNeedsNoInlineCode() {
    for (String path : List.of("/", "/?category=COOKING", "/sessions/" + cooking.id(),
        "/sessions/" + UUID.randomUUID(), "/nowhere")) {
      HttpResponse<Buffer> response = page(path);
      assertThat(response.getHeader("Content-Type")).as(path).isEqualTo("text/html; charset=utf-8");
      assertThat(response.getHeader("Content-Security-Policy")).as(path).isEqualTo(CSP);
      assertThat(response.getHeader("X-Content-Type-Options")).as(path).isEqualTo("nosniff");
      assertThat(response.getHeader("X-Frame-Options")).as(path).isEqualTo("DENY");
      assertThat(response.getHeader("Referrer-Policy")).as(path).isEqualTo("no-referrer");
      // The policy forbids inline scripts and styles: the pages must not need any (scripts come from /static).
      assertThat(response.bodyAsString()).as(path).doesNotContain("<style", " style=")
          .doesNotContainPattern("<script(?![^>]* src=\"/static/js/[a-z-]+\\.js\"></script>)")
          .doesNotContainPattern("\\son[a-z]+\\s*=");
    }
    HttpResponse<Buffer> css = harness.get("/static/css/relais.css");
    assertThat(css.statusCode()).isEqualTo(200);
    assertThat(css.getHeader("Content-Type")).startsWith("text/css");
    assertThat(css.getHeader("X-Content-Type-Options")).isEqualTo("nosniff");
    HttpResponse<Buffer> icon = harness.get("/static/icons/COOKING.svg");
    assertThat(icon.statusCode()).isEqualTo(200);
    assertThat(icon.getHeader("Content-Type")).startsWith("image/svg+xml");
  }

  @Test
  void escapesHostileTitlesAndDescriptions() {
    String schedule = page("/").bodyAsString();
    String session = page("/sessions/" + hostile.id()).bodyAsString();

    for (String body : List.of(schedule, session)) {
      assertThat(body).contains("Atelier &lt;script&gt;alert(1)&lt;/script&gt;").doesNotContain("<script>");
    }
    assertThat(session).contains("<title>Atelier &lt;script&gt;alert(1)&lt;/script&gt; · Relais</title>",
        "Venez &lt;img src=x onerror=alert(2)&gt; &amp; &#39;vous&#39; &quot;aussi&quot;")
        .doesNotContain("<img src=x", "onerror=alert(2)>");
  }

  @Test
  void escapesWhatTheAddressBarSendsBackIntoThePage() {
    String body = page("/?category=%22%3E%3Cscript%3Ealert(3)%3C/script%3E&x%22%3E=1").bodyAsString();

    assertThat(body).doesNotContain("<script");
    assertThat(body).contains("href=\"/?category=%22%3E%3Cscript%3Ealert%283%29%3C%2Fscript%3E&amp;x%22%3E=1"
        + "&amp;lang=en\"");
  }

  // --- filters --------------------------------------------------------------------------------

  @Test
  void ignoresAFilterValueItDoesNotKnowAndShowsEverything() {
    String everything = page("/").bodyAsString();
    assertThat(count(SITTING, everything)).isEqualTo(3);

    for (String path : List.of("/?category=POTATO", "/?category=cook", "/?centre=not-a-uuid",
        "/?centre=%27%3B--", "/?category=&centre=", "/?category=MAGIC%00")) {
      HttpResponse<Buffer> response = page(path);
      assertThat(response.statusCode()).as(path).isEqualTo(200);
      String body = response.bodyAsString();
      assertThat(count(SITTING, body)).as(path).isEqualTo(3);
      assertThat(body).as(path).doesNotContain("class=\"reset\"", " selected>");
    }
  }

  @Test
  void filtersByThemeAndCentreAndSaysSoWhenNothingMatches() {
    String magic = page("/?category=MAGIC").bodyAsString();
    assertThat(count(SITTING, magic)).isEqualTo(1);
    assertThat(count(SITTING, page("/?category=magic").bodyAsString())).isEqualTo(1);
    assertThat(magic).contains("Tours de cartes", "<option value=\"MAGIC\" selected>", "class=\"reset\"");

    String none = page("/?centre=" + emptyCentre.id()).bodyAsString();
    assertThat(count(SITTING, none)).isZero();
    assertThat(none).contains("role=\"status\">Aucun cours pour ce choix dans les 7 prochains jours.</p>",
        "<option value=\"" + emptyCentre.id() + "\" selected>");
  }

  private static int count(Pattern pattern, String text) {
    Matcher matcher = pattern.matcher(text);
    int count = 0;
    while (matcher.find()) {
      count++;
    }
    return count;
  }

  // --- not found ------------------------------------------------------------------------------

  @Test
  void answersABrowserWithANotFoundPageInItsLanguage() {
    for (String path : List.of("/sessions/" + UUID.randomUUID(), "/sessions/not-a-session", "/nowhere",
        "/static/css/missing.css")) {
      HttpResponse<Buffer> response = page(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.getHeader("Content-Type")).as(path).isEqualTo("text/html; charset=utf-8");
      assertThat(response.bodyAsString()).as(path)
          .contains("<html lang=\"fr\" dir=\"ltr\">", "<h1>Page introuvable</h1>", "href=\"/\"");
    }
    HttpResponse<Buffer> english = page("/sessions/" + UUID.randomUUID(), "en", null);
    assertThat(english.statusCode()).isEqualTo(404);
    assertThat(english.bodyAsString()).contains("<html lang=\"en\" dir=\"ltr\">", "<h1>Page not found</h1>");
  }

  @Test
  void answersTheApiAndNonBrowsersWithProblemJson() {
    for (String path : List.of("/api/v1/sessions/" + UUID.randomUUID(), "/api/v1/nowhere")) {
      HttpResponse<Buffer> response = page(path);
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.getHeader("Content-Type")).as(path).isEqualTo("application/problem+json");
      JsonObject problem = response.bodyAsJsonObject();
      assertThat(problem.getInteger("status")).isEqualTo(404);
      assertThat(problem.getString("type")).isNotBlank();
    }
    HttpResponse<Buffer> script = harness.http.get("/sessions/" + UUID.randomUUID())
        .putHeader("Accept", "application/json").send().await();
    assertThat(script.statusCode()).isEqualTo(404);
    assertThat(script.getHeader("Content-Type")).isEqualTo("application/problem+json");
  }
}
