package org.relais.hub.pages;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.time.Instant;
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
 * Which language a page speaks: Arabic from {@code ?lang=}, the cookie or the browser, right to left, with
 * dates in Arabic and Western digits; the staff's pages stay in French or English whatever a family page chose.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LanguageChoiceTest {
  private HubHarness harness;
  private Session couscous;

  @BeforeAll
  void start() {
    harness = HubHarness.start("h2");
    Centre centre = harness.centre("Centre social Les Tisserands");
    Instant from = Instant.parse("2026-11-24T13:00:00Z");
    couscous = harness.hub.schedule().createTrusted(new SessionDraft("Couscous", Category.COOKING, null, "fr",
        null, centre.id(), from, from.plusSeconds(3600), null, 10, VideoMode.DIRECT, null)).await();
  }

  @AfterAll
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  @Test
  void arabicAskedOnceIsRememberedAndWrittenRightToLeft() {
    HttpResponse<Buffer> asked = page("/?lang=ar", "fr", null);
    String cookie = asked.cookies().stream().filter(c -> c.startsWith("lang=")).findFirst().orElseThrow();
    assertThat(cookie).startsWith("lang=ar;").contains("Path=/", "SameSite=Lax");
    assertThat(asked.getHeader("Content-Language")).isEqualTo("ar");
    assertThat(asked.bodyAsString()).contains("<html lang=\"ar\" dir=\"rtl\">", "<h1>الدروس المباشرة</h1>",
        "hreflang=\"fr\" dir=\"auto\">Français</a>", "hreflang=\"en\" dir=\"auto\">English</a>");

    String session = page("/sessions/" + couscous.id(), "fr", "lang=ar").bodyAsString();
    assertThat(session).contains("<html lang=\"ar\" dir=\"rtl\">", "<dt>متى</dt>",
        // The day and month in Arabic, the date and time in the digits of French phones and bus stops.
        "الثلاثاء 24 نوفمبر 2026، <span class=\"nowrap\">14:00 – 15:00</span>");
  }

  @Test
  void aBrowserAskingForArabicGetsArabicAndForAnotherLanguageFrench() {
    assertThat(page("/", "ar-MA,ar;q=0.9,fr;q=0.8", null).getHeader("Content-Language")).isEqualTo("ar");
    assertThat(page("/", "tr", null).getHeader("Content-Language")).isEqualTo("fr");
    assertThat(page("/", "en-GB", null).bodyAsString()).contains("<html lang=\"en\" dir=\"ltr\">");
  }

  @Test
  void theStaffPagesStayInFrenchOrEnglishWhenAFamilyPageChoseArabic() {
    String login = page("/staff/login", "fr", "lang=ar").bodyAsString();
    assertThat(login).contains("<html lang=\"fr\" dir=\"ltr\">", "hreflang=\"en\"").doesNotContain("hreflang=\"ar\"");
    assertThat(page("/staff/login?lang=ar", "en", null).bodyAsString()).contains("<html lang=\"en\" dir=\"ltr\">");
  }

  private HttpResponse<Buffer> page(String path, String acceptLanguage, String cookie) {
    HttpRequest<Buffer> request = harness.http.get(path).putHeader("Accept", "text/html")
        .putHeader("Accept-Language", acceptLanguage);
    if (cookie != null) {
      request.putHeader("Cookie", cookie);
    }
    return request.send().await();
  }
}
