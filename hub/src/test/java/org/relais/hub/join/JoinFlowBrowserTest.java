package org.relais.hub.join;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;
import static org.relais.hub.testing.PageChecks.checkBasics;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VAlarm;
import biweekly.component.VEvent;
import biweekly.parameter.Related;
import biweekly.util.ByDay;
import biweekly.util.Frequency;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.ChecksumException;
import com.google.zxing.DecodeHintType;
import com.google.zxing.FormatException;
import com.google.zxing.NotFoundException;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Clock;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.options.AriaRole;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.text.ParseException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.relais.hub.centres.Centre;
import org.relais.hub.demo.DemoData;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.staff.StaffMember;
import org.relais.hub.testing.Browser;
import org.relais.hub.testing.FakeJitsi;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.WatchedPage;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.SAXException;

/**
 * A family's way from the session page to the class, on a small phone: the registration form, the
 * private page with the join link, its QR code and calendar file, the waiting page that turns into the
 * room by itself, the room on a (fake) Jitsi Meet deployment, cancelling, and the waiting list. The
 * demo network is there (the hub's clock stands on Monday 23 November 2026, 9:00 in Paris), plus a
 * centre of this test's own whose classes it creates.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JoinFlowBrowserTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final String APP_ID = "relais-test";
  private static final String APP_SECRET = "a secret Prosody shares with the hub";
  private static final Pattern MANAGE_PATH = Pattern.compile("/r/([A-Za-z0-9_-]{43})$");
  private static final Pattern SVG_SQUARE = Pattern.compile("M(\\d+) (\\d+)h1v1h-1z");

  private FakeJitsi jitsi;
  private HubHarness harness;
  private Browser browser;
  private String baseUrl;
  private Centre centre;
  private StaffMember coordinator;

  @BeforeAll
  void start() {
    jitsi = FakeJitsi.start();
    harness = HubHarness.start("h2", Map.of(
        "jitsi.domain", jitsi.domain(),
        "jitsi.appId", APP_ID,
        "jitsi.appSecret", APP_SECRET,
        // Every page here comes from one address, far faster than a family clicks.
        "join.requestsPerMinutePerAddress", "1000"));
    new DemoData(harness.hub.staff(), harness.hub.centres(), harness.hub.schedule(), harness.clock)
        .seedIfEmpty().await();
    centre = harness.centre("Centre social de l’Alma");
    coordinator = harness.staff(Role.COORDINATOR, Set.of(centre.id()));
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
    if (jitsi != null) {
      jitsi.close();
    }
  }

  @Test
  void registersFromThePhoneAndGetsItsLinkAsQrCodesAndACalendarFile() throws Exception {
    harness.clock.set(HubHarness.START);
    Session soup = session("Soupe de potiron et pain maison", Category.COOKING, "2026-11-24T18:00", 90,
        new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 6), 12, VideoMode.DIRECT);
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;
      page.navigate("/sessions/" + soup.id());

      assertThat(page.getByRole(AriaRole.HEADING, named("S’inscrire pour suivre depuis la maison"))).isVisible();
      page.getByLabel("Votre nom ou prénom").fill("Famille Ndiaye");
      page.getByLabel("Combien serez-vous devant l’écran ?").fill("4");
      page.getByLabel("Téléphone (rappel par SMS)").fill("06 12 34 56 78");
      page.getByLabel("J’accepte que Relais garde ce numéro").check();
      Browser.screenshot(page, "join-1-register-form-filled");
      checkBasics(watched, "fr");

      page.getByRole(AriaRole.BUTTON, named("Je m’inscris")).click();

      assertThat(page).hasURL(MANAGE_PATH);
      assertThat(page).hasTitle("Votre inscription · Soupe de potiron et pain maison · Relais");
      assertThat(page.locator("h1")).hasText("Votre inscription");
      assertThat(page.locator(".when")).hasText("Mardi 24 novembre 2026, 18:00 – 19:30 · Chaque semaine");
      assertThat(page.getByRole(AriaRole.STATUS)).hasText("Inscription confirmée : une place vous attend.");
      Locator open = page.getByRole(AriaRole.LINK, named("Ouvrir le cours"));
      assertThat(open).isVisible();
      Assertions.assertThat(open.boundingBox().height).as("the big link's height").isGreaterThanOrEqualTo(52);
      Assertions.assertThat(open.boundingBox().width).as("the big link's width").isGreaterThanOrEqualTo(320);
      // The link carries the language the family registered in, wherever it is opened.
      Assertions.assertThat(open.getAttribute("href")).matches("/j/[A-Za-z0-9_.-]+\\?lang=fr");
      String joinPath = open.getAttribute("href").replace("?lang=fr", "");
      String joinUrl = harness.hub.publicUrl() + joinPath;
      assertThat(page.getByLabel("Copier le lien")).hasValue(joinUrl);
      // The short link's QR code holds it in capitals (the code's compact alphanumeric mode), which opens too.
      String scanned = joinUrl.toUpperCase(java.util.Locale.ROOT);
      Locator qr = page.getByRole(AriaRole.IMG, named("QR code du lien du cours"));
      assertThat(qr).isVisible();
      Assertions.assertThat((Boolean) qr.evaluate("img => img.complete && img.naturalWidth > 0")).isTrue();
      Assertions.assertThat(qr.boundingBox().width).isGreaterThanOrEqualTo(200);
      Locator calendar = page.getByRole(AriaRole.LINK, named("Ajouter à mon agenda"));
      Locator png = page.getByRole(AriaRole.LINK, named("Télécharger le QR code"));
      assertThat(calendar).hasAttribute("href", joinPath + "/calendar.ics");
      assertThat(png).hasAttribute("href", joinPath + "/qr.png");
      Browser.screenshot(page, "join-2-private-page");
      checkBasics(watched, "fr");

      // Both downloads arrive under a name a phone's file list shows sensibly.
      Download ics = page.waitForDownload(calendar::click);
      Assertions.assertThat(ics.suggestedFilename()).isEqualTo("relais.ics");
      Download qrPng = page.waitForDownload(png::click);
      Assertions.assertThat(qrPng.suggestedFilename()).isEqualTo("relais-qr.png");
      Assertions.assertThat(decode(ImageIO.read(qrPng.path().toFile()))).isEqualTo(scanned);

      APIResponse svg = page.request().get(joinPath + "/qr.svg");
      Assertions.assertThat(svg.status()).isEqualTo(200);
      Assertions.assertThat(svg.headers().get("content-type")).isEqualTo("image/svg+xml");
      Assertions.assertThat(decode(svgModules(svg.text()))).isEqualTo(scanned);

      APIResponse pngAnswer = page.request().get(joinPath + "/qr.png");
      Assertions.assertThat(pngAnswer.status()).isEqualTo(200);
      Assertions.assertThat(pngAnswer.headers().get("content-type")).isEqualTo("image/png");
      Assertions.assertThat(decode(ImageIO.read(new ByteArrayInputStream(pngAnswer.body())))).isEqualTo(scanned);

      APIResponse icsAnswer = page.request().get(joinPath + "/calendar.ics");
      Assertions.assertThat(icsAnswer.status()).isEqualTo(200);
      Assertions.assertThat(icsAnswer.headers().get("content-type")).startsWith("text/calendar");
      String text = icsAnswer.text();
      Assertions.assertThat(Files.readString(ics.path(), StandardCharsets.UTF_8)).startsWith("BEGIN:VCALENDAR");
      Assertions.assertThat(text).contains("DTSTART;TZID=Europe/Paris:20261124T180000");
      ICalendar ical = Biweekly.parse(text).first();
      Assertions.assertThat(ical.getEvents()).hasSize(1);
      VEvent event = ical.getEvents().get(0);
      Assertions.assertThat(event.getSummary().getValue()).isEqualTo("Soupe de potiron et pain maison");
      Assertions.assertThat(event.getUrl().getValue()).isEqualTo(joinUrl);
      Assertions.assertThat(event.getDescription().getValue()).endsWith(joinUrl);
      Assertions.assertThat(event.getLocation().getValue()).isEqualTo("Centre social de l’Alma");
      Assertions.assertThat(event.getDateStart().getValue().toInstant()).isEqualTo(paris("2026-11-24T18:00"));
      Assertions.assertThat(event.getDateEnd().getValue().toInstant()).isEqualTo(paris("2026-11-24T19:30"));
      Assertions.assertThat(ical.getTimezoneInfo().getTimezone(event.getDateStart()).getComponent()
          .getTimezoneId().getValue()).isEqualTo("Europe/Paris");
      biweekly.util.Recurrence rule = event.getRecurrenceRule().getValue();
      Assertions.assertThat(rule.getFrequency()).isEqualTo(Frequency.WEEKLY);
      Assertions.assertThat(rule.getByDay()).containsExactly(new ByDay(biweekly.util.DayOfWeek.TUESDAY));
      // Six Tuesdays: the last one starts on 29 December, still at 18:00 in Paris.
      Assertions.assertThat(rule.getUntil().toInstant()).isEqualTo(paris("2026-12-29T18:00"));
      Assertions.assertThat(event.getAlarms()).hasSize(1);
      VAlarm alarm = event.getAlarms().get(0);
      Assertions.assertThat(alarm.getAction().isDisplay()).isTrue();
      Assertions.assertThat(alarm.getTrigger().getRelated()).isEqualTo(Related.START);
      Assertions.assertThat(alarm.getTrigger().getDuration().isPrior()).isTrue();
      Assertions.assertThat(alarm.getTrigger().getDuration().toMillis()).isEqualTo(-Duration.ofMinutes(15).toMillis());
      watched.assertQuiet();
    }

    JsonArray stored = registrationsOf(soup);
    Assertions.assertThat(stored).hasSize(1);
    JsonObject family = stored.getJsonObject(0);
    Assertions.assertThat(family.getString("displayName")).isEqualTo("Famille Ndiaye");
    Assertions.assertThat(family.getInteger("householdSize")).isEqualTo(4);
    Assertions.assertThat(family.getString("phone")).isEqualTo("+33612345678");
    Assertions.assertThat(family.getString("status")).isEqualTo("CONFIRMED");
  }

  @Test
  void saysWhatIsWrongNextToTheFieldKeepsWhatWasTypedAndRegistersADoubleSubmitOnce() {
    harness.clock.set(HubHarness.START);
    Session bread = session("Pain au levain pour débutants", Category.COOKING, "2026-11-25T18:00", 90, null, 12,
        VideoMode.DIRECT);
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;
      page.navigate("/sessions/" + bread.id());
      Locator name = page.getByLabel("Votre nom ou prénom");
      Locator household = page.getByLabel("Combien serez-vous devant l’écran ?");
      Locator phoneNumber = page.getByLabel("Téléphone (rappel par SMS)");
      Locator consent = page.getByLabel("J’accepte que Relais garde ce numéro");
      Locator submit = page.getByRole(AriaRole.BUTTON, named("Je m’inscris"));
      String formKey = page.locator("input[name=idempotencyKey]").inputValue();

      household.fill("3");
      phoneNumber.fill("06 12 34 56 78");
      consent.check();
      Response noName = page.waitForResponse(JoinFlowBrowserTest::isRegistration, submit::click);

      Assertions.assertThat(noName.status()).isEqualTo(422);
      assertThat(page.locator("h1")).hasText("Pain au levain pour débutants");
      Locator nameField = page.locator(".field.has-error");
      assertThat(nameField).hasCount(1);
      assertThat(nameField.locator("label")).hasText("Votre nom ou prénom");
      assertThat(nameField.locator(".error")).hasText("Indiquez un nom ou un prénom (100 caractères au plus).");
      assertThat(name).hasAttribute("aria-invalid", "true");
      assertThat(name).hasAccessibleDescription(Pattern.compile("^Indiquez un nom ou un prénom"));
      // The page opens on the field to correct, not at its top two screens above.
      assertThat(name).isFocused();
      assertThat(nameField.locator(".error")).isInViewport();
      assertThat(household).hasValue("3");
      assertThat(phoneNumber).hasValue("06 12 34 56 78");
      assertThat(consent).isChecked();
      assertThat(page.locator("input[name=idempotencyKey]")).hasValue(formKey);
      Browser.screenshotOfScreen(page, "join-1b-register-error-name");
      checkBasics(watched, "fr");

      name.fill("Famille Martin");
      consent.uncheck();
      Response noConsent = page.waitForResponse(JoinFlowBrowserTest::isRegistration, submit::click);

      Assertions.assertThat(noConsent.status()).isEqualTo(422);
      assertThat(page.locator(".has-error")).hasCount(1);
      assertThat(page.locator("#consent-error")).hasText(
          "Cochez la case pour que nous gardions votre numéro ou votre adresse, ou laissez-les vides.");
      assertThat(consent).hasAttribute("aria-invalid", "true");
      assertThat(consent).hasAccessibleDescription(Pattern.compile("^Cochez la case"));
      assertThat(consent).isFocused();
      assertThat(page.locator("#consent-error")).isInViewport();
      assertThat(name).hasValue("Famille Martin");
      assertThat(household).hasValue("3");
      assertThat(phoneNumber).hasValue("06 12 34 56 78");
      assertThat(consent).not().isChecked();
      Browser.screenshotOfScreen(page, "join-1c-register-error-consent");
      checkBasics(watched, "fr");
      // The browser reports each 422 it was served; nothing else may go wrong.
      Assertions.assertThat(watched.problems).hasSize(2).allMatch(problem -> problem.contains("status of 422"));
      watched.problems.clear();
      Assertions.assertThat(registrationsOf(bread)).as("registrations after two refused forms").isEmpty();

      // A double tap: the same form sent twice at once, then once more by the button.
      consent.check();
      @SuppressWarnings("unchecked")
      List<String> landed = (List<String>) page.evaluate("""
          async () => {
            const form = document.querySelector('form[action$="/register"]');
            const body = new URLSearchParams(new FormData(form));
            const answers = await Promise.all([1, 2].map(() => fetch(form.action, { method: 'POST', body })));
            return answers.map(answer => answer.status + ' ' + new URL(answer.url).pathname);
          }""");
      Assertions.assertThat(landed).hasSize(2).allMatch(answer -> answer.matches("200 /r/[A-Za-z0-9_-]{43}"));
      Assertions.assertThat(landed.get(1)).isEqualTo(landed.get(0));
      submit.click();
      assertThat(page).hasURL(baseUrl + landed.get(0).substring(4));
      assertThat(page.getByRole(AriaRole.STATUS)).hasText("Inscription confirmée : une place vous attend.");
      watched.assertQuiet();
    }
    JsonArray stored = registrationsOf(bread);
    Assertions.assertThat(stored).hasSize(1);
    Assertions.assertThat(stored.getJsonObject(0).getString("displayName")).isEqualTo("Famille Martin");
    Assertions.assertThat(stored.getJsonObject(0).getInteger("householdSize")).isEqualTo(3);
    Assertions.assertThat(stored.getJsonObject(0).getString("phone")).isEqualTo("+33612345678");
  }

  @Test
  void waitsWithALiveCountdownAndTurnsIntoTheRoomByItselfKeepingTheAudioOnlyChoice() {
    harness.clock.set(HubHarness.START);
    Session music = session("Éveil musical en famille", Category.OTHER, "2026-11-23T10:00", 60, null, 20,
        VideoMode.DIRECT);
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;
      // The phone's clock agrees with the hub's; it runs only when the test moves it.
      page.clock().install(new Clock.InstallOptions().setTime(HubHarness.START.toEpochMilli()));
      String joinPath = register(watched, music, "Famille Leroy").joinPath();
      page.clock().pauseAt(HubHarness.START.plusSeconds(60).toEpochMilli());
      harness.clock.set(HubHarness.START.plusSeconds(60));

      Response opened = page.navigate(joinPath);

      Assertions.assertThat(opened.status()).isEqualTo(200);
      Assertions.assertThat(opened.headers().get("cache-control")).isEqualTo("no-store");
      assertThat(page).hasTitle("Éveil musical en famille · Relais");
      assertThat(page.locator("h1")).hasText("Éveil musical en famille");
      assertThat(page.locator(".when")).hasText("Lundi 23 novembre 2026, 10:00 – 11:00");
      assertThat(page.getByRole(AriaRole.HEADING, named("Le cours n’a pas encore commencé"))).isVisible();
      Locator countdown = page.getByRole(AriaRole.TIMER, named("La salle ouvre dans"));
      assertThat(countdown).hasText("44 min 00 s");
      assertThat(page.locator(".waiting")).containsText("Ouverture de la salle : 09:45.");
      // Without JavaScript the page says the same in minutes and offers to look again; it never reloads itself.
      String withoutScript = page.request().get(joinPath).text();
      Assertions.assertThat(withoutScript).contains(">44 min</time>",
          "<noscript><p><a class=\"button\" href=\"" + joinPath + "\">", "<span>Actualiser</span></a></p></noscript>");
      assertThat(page.locator("meta[http-equiv=refresh]")).hasCount(0);
      assertThat(page.getByRole(AriaRole.LINK, named("Ajouter à mon agenda")))
          .hasAttribute("href", joinPath + "/calendar.ics");
      // The family's own page (cancel, its data) is reachable from the link it was sent.
      assertThat(page.getByRole(AriaRole.LINK, named("Mon inscription et mes données")))
          .hasAttribute("href", Pattern.compile("^/r/"));
      page.evaluate("() => { window.notReloaded = true; }");

      page.clock().runFor(5_000);

      assertThat(countdown).hasText("43 min 55 s");
      Assertions.assertThat(page.evaluate("() => window.notReloaded")).isEqualTo(true);

      page.getByRole(AriaRole.LINK, named("Rejoindre en audio seulement")).click();

      assertThat(page).hasURL(baseUrl + joinPath + "?audio=1");
      assertThat(page.locator(".waiting")).containsText(
          "Vous rejoindrez en audio seulement : cela consomme moins de données.");
      assertThat(page.getByRole(AriaRole.LINK, named("Rejoindre avec la vidéo"))).hasAttribute("href", joinPath);
      assertThat(countdown).hasText("44 min 00 s");
      Browser.screenshot(page, "join-3-waiting-page");
      checkBasics(watched, "fr");

      // Ten minutes before the start the doors are open; the phone's countdown reaches zero and reloads.
      harness.clock.set(paris("2026-11-23T09:50"));
      Response reloaded = page.waitForResponse(response -> response.url().equals(baseUrl + joinPath + "?audio=1"),
          () -> page.clock().fastForward("46:00"));

      Assertions.assertThat(reloaded.status()).isEqualTo(200);
      Locator room = page.locator("#room");
      assertThat(room).isVisible();
      assertThat(page).hasURL(baseUrl + joinPath + "?audio=1");
      assertThat(room).hasAttribute("data-audio-only", "true");
      assertThat(room).hasAttribute("data-room", music.roomName());
      assertThat(page.locator("h1")).hasText("Éveil musical en famille");
      assertThat(page.getByRole(AriaRole.TIMER)).hasCount(0);
      Browser.screenshot(page, "join-3b-room-direct");
      checkBasics(watched, "fr");
      watched.assertQuiet();
    }
  }

  @Test
  void theWaitingPageBecomesTheRoomWhenTheSittingStartsAndNamesTheNextOneWhenItEnds() {
    harness.clock.set(HubHarness.START);
    Session weekly = session("Atelier tricot", Category.OTHER, "2026-11-23T11:00", 60,
        new Recurrence(EnumSet.of(DayOfWeek.MONDAY), null, 3), 20, VideoMode.DIRECT);
    String sittings = "/api/v1/sessions/" + weekly.id() + "/sittings/2026-11-23/";
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;
      String joinPath = register(watched, weekly, "Famille Lambert").joinPath();
      page.navigate(joinPath);
      assertThat(page.getByRole(AriaRole.TIMER)).isVisible();

      // Two hours early, the instructor opens the room: the waiting page turns into it by itself.
      Response opened = page.waitForResponse(response -> response.url().equals(baseUrl + joinPath),
          () -> Assertions.assertThat(harness.send(HttpMethod.POST, sittings + "start", harness.login(coordinator),
              null).statusCode()).isEqualTo(200));
      Assertions.assertThat(opened.status()).isEqualTo(200);
      assertThat(page.locator("h1.room-title")).hasText("Atelier tricot");

      // Ending it closes the room and names next Monday's sitting, which the same link will open.
      page.waitForResponse(response -> response.url().equals(baseUrl + joinPath),
          () -> Assertions.assertThat(harness.send(HttpMethod.POST, sittings + "end", harness.login(coordinator),
              null).statusCode()).isEqualTo(200));
      assertThat(page.getByRole(AriaRole.STATUS)).hasText("La séance d’aujourd’hui est terminée. "
          + "Merci d’avoir participé !");
      assertThat(page.locator(".next-sitting .when")).hasText("Lundi 30 novembre 2026, 11:00 – 12:00");
      Browser.screenshot(page, "join-6-sitting-ended");
    }
  }

  @Test
  void countsDownFromTheHubsTimeWhenThePhonesClockIsFast() {
    harness.clock.set(HubHarness.START);
    Session music = session("Chorale du lundi", Category.OTHER, "2026-11-23T10:30", 60, null, 20, VideoMode.DIRECT);
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;
      // This phone is twenty minutes ahead of the hub.
      page.clock().install(new Clock.InstallOptions()
          .setTime(HubHarness.START.plus(Duration.ofMinutes(20)).toEpochMilli()));
      String joinPath = register(watched, music, "Famille Roussel").joinPath();
      page.clock().pauseAt(HubHarness.START.plus(Duration.ofMinutes(21)).toEpochMilli());

      page.navigate(joinPath);
      Locator countdown = page.getByRole(AriaRole.TIMER);
      assertThat(countdown).hasText("1 h 15 min");
      page.evaluate("() => { window.notReloaded = true; }");

      // By the phone's clock the room would be open; by the hub's it opens in twenty minutes.
      page.clock().fastForward("55:00");

      assertThat(countdown).hasText("20 min 00 s");
      Assertions.assertThat(page.evaluate("() => window.notReloaded")).isEqualTo(true);
      watched.assertQuiet();
    }
  }

  @Test
  void embedsTheJitsiRoomWithASignedTokenAndReportsAttendance() throws Exception {
    harness.clock.set(HubHarness.START);
    Session yoga = session("Yoga sur chaise", Category.SPORT, "2026-11-26T16:00", 60, null, 20, VideoMode.JITSI);
    try (Browser trusting = Browser.launch(FakeJitsi.BROWSER_ARGS);
        BrowserContext phone = trusting.phone(baseUrl)) {
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;
      Registered family = register(watched, yoga, "Awa Diop");
      String registrationId = new JsonObject(page.request()
          .get("/api/v1/registrations/manage/" + family.manageToken()).text()).getString("id");
      harness.clock.set(paris("2026-11-26T15:55"));
      List<String> loaded = new ArrayList<>();
      page.onResponse(response -> loaded.add(response.status() + " " + response.url()));

      Response opened = page.navigate(family.joinPath());

      Locator room = page.locator("#room");
      assertThat(room.locator("iframe")).isVisible();
      assertThat(page.frameLocator("#room iframe").locator("body")).hasText("Fake Jitsi Meet");
      Assertions.assertThat(loaded).contains("200 " + jitsi.origin() + "/external_api.js",
          "200 " + jitsi.origin() + "/" + yoga.roomName());
      Assertions.assertThat(jitsi.requests()).contains("/external_api.js");
      Map<String, List<String>> csp = directives(opened.headers().get("content-security-policy"));
      Assertions.assertThat(csp.get("script-src")).containsExactly("'self'", jitsi.origin());
      Assertions.assertThat(csp.get("frame-src")).containsExactly(jitsi.origin());
      csp.forEach((directive, sources) -> {
        if (!directive.equals("script-src") && !directive.equals("frame-src")) {
          Assertions.assertThat(sources).as(directive).doesNotContain(jitsi.origin());
        }
      });
      Assertions.assertThat(csp.get("default-src")).containsExactly("'self'");
      Assertions.assertThat(csp.get("connect-src")).containsExactly("'self'");

      Map<?, ?> given = given(page);
      Assertions.assertThat(given.get("domain")).isEqualTo(jitsi.domain());
      Assertions.assertThat(given.get("roomName")).isEqualTo(yoga.roomName());
      Assertions.assertThat(given.get("displayName")).isEqualTo("Awa Diop");
      Assertions.assertThat(given.get("lang")).isEqualTo("fr");
      Assertions.assertThat(given.get("parentIsRoom")).isEqualTo(true);
      Assertions.assertThat(given.get("startAudioOnly")).isEqualTo(false);
      JWTClaimsSet claims = verifiedJitsiToken((String) given.get("jwt"));
      Assertions.assertThat(claims.getStringClaim("room")).isEqualTo(yoga.roomName());
      Assertions.assertThat(claims.getIssuer()).isEqualTo(APP_ID);
      Assertions.assertThat(claims.getSubject()).isEqualTo(jitsi.domain());
      Assertions.assertThat(claims.getAudience()).containsExactly("jitsi");
      Assertions.assertThat(claims.getNotBeforeTime().toInstant()).isEqualTo(paris("2026-11-26T15:45"));
      Assertions.assertThat(claims.getExpirationTime().toInstant()).isEqualTo(paris("2026-11-26T17:30"));
      Map<String, Object> user = jsonObject(claims.getJSONObjectClaim("context").get("user"));
      Assertions.assertThat(user.get("name")).isEqualTo("Awa Diop");
      Assertions.assertThat(user.get("id")).isEqualTo(registrationId);
      Assertions.assertThat(user.get("moderator")).isEqualTo("false");
      Browser.screenshot(page, "join-4-room-jitsi");
      checkBasics(watched, "fr");

      Response joined = page.waitForResponse(JoinFlowBrowserTest::isAttendance,
          () -> page.evaluate("() => window.__jitsi.fire('videoConferenceJoined')"));
      Assertions.assertThat(joined.status()).isEqualTo(204);
      Assertions.assertThat(harness.hub.attendance().count(yoga.id()).await()).isEqualTo(new Attendance.Counts(1, 1));

      Response left = page.waitForResponse(JoinFlowBrowserTest::isAttendance,
          () -> page.evaluate("() => window.__jitsi.fire('videoConferenceLeft')"));
      Assertions.assertThat(left.status()).isEqualTo(204);
      Assertions.assertThat(harness.hub.attendance().count(yoga.id()).await()).isEqualTo(new Attendance.Counts(1, 0));

      page.navigate(family.joinPath() + "?audio=1");
      // Leaving, the page says goodbye with a beacon; the hub answers it (nobody is in the room, so it
      // changes nothing), but Playwright counts it failed as the page that sent it is gone.
      watched.problems.removeIf(problem -> problem.equals("failed request: " + baseUrl + "/api/v1/join/"
          + family.joinToken() + "/attendance"));
      assertThat(room.locator("iframe")).isVisible();
      Map<?, ?> audioOnly = given(page);
      Assertions.assertThat(audioOnly.get("startAudioOnly")).isEqualTo(true);
      Assertions.assertThat(String.valueOf(audioOnly.get("commands"))).isEqualTo("[[setVideoQuality, 180]]");
      Assertions.assertThat(harness.hub.attendance().count(yoga.id()).await()).isEqualTo(new Attendance.Counts(1, 0));
      checkBasics(watched, "fr");
      watched.assertQuiet();
    }
  }

  @Test
  void cancelsFromThePrivatePageAndTheLinkThenOffersTheNextClassesOfTheTheme() {
    harness.clock.set(HubHarness.START);
    Session cards = session("Tours de cartes pour débutants", Category.MAGIC, "2026-11-27T17:00", 60, null, 10,
        VideoMode.DIRECT);
    try (BrowserContext phone = browser.phone(baseUrl)) {
      WatchedPage watched = new WatchedPage(phone.newPage());
      Page page = watched.page;
      Registered family = register(watched, cards, "Famille Petit");

      page.getByRole(AriaRole.BUTTON, named("Annuler mon inscription")).click();

      assertThat(page).hasURL(family.manageUrl());
      assertThat(page.getByRole(AriaRole.STATUS)).hasText("Cette inscription est annulée. Le lien ne fonctionne plus.");
      assertThat(page.getByRole(AriaRole.LINK, named("Ouvrir le cours"))).hasCount(0);
      assertThat(page.locator("img.qr")).hasCount(0);
      assertThat(page.getByRole(AriaRole.BUTTON, named("Annuler mon inscription"))).hasCount(0);
      checkBasics(watched, "fr");

      // The short link is revoked with the registration: it answers like any link that is not ours.
      page.navigate(family.joinPath());
      assertThat(page.locator("h1")).hasText("Lien inconnu");
      watched.problems.removeIf(problem -> problem.contains("404"));
      // The long one, in a calendar file or an older message, still says why and offers other classes.
      String longToken = harness.hub.registrations().byManageToken(family.manageToken()).await().joinToken();
      page.navigate("/j/" + longToken);

      assertThat(page.locator("h1")).hasText("Tours de cartes pour débutants");
      assertThat(page.getByRole(AriaRole.ALERT)).hasText("Ce lien n’est plus valable : l’inscription a été annulée.");
      assertThat(page.getByRole(AriaRole.HEADING, named("Prochains cours du même thème"))).isVisible();
      Locator more = page.locator("li.sitting");
      assertThat(more.locator(".title")).hasText(new String[] {
          "Magie pour petits et grands", "Magie pour petits et grands", "Magie pour petits et grands"});
      assertThat(more.locator(".time")).hasText(new String[] {
          "mer. 25 nov. · 15:00", "mer. 2 déc. · 15:00", "mer. 9 déc. · 15:00"});
      assertThat(more.first().getByRole(AriaRole.LINK)).hasAttribute("href",
          Pattern.compile("^/sessions/[0-9a-f-]{36}\\?at=2026-11-25T14:00:00Z$"));
      assertThat(page.getByRole(AriaRole.LINK, named("Ouvrir le cours"))).hasCount(0);
      Browser.screenshot(page, "join-5-revoked");
      checkBasics(watched, "fr");

      Assertions.assertThat(page.request().get("/api/v1/join/" + family.joinToken()).status()).isEqualTo(404);
      APIResponse descriptor = page.request().get("/api/v1/join/" + longToken);
      Assertions.assertThat(descriptor.status()).isEqualTo(200);
      JsonObject json = new JsonObject(descriptor.text());
      Assertions.assertThat(json.getString("state")).isEqualTo("REVOKED");
      Assertions.assertThat(json.getValue("video")).isNull();

      more.first().getByRole(AriaRole.LINK).click();
      assertThat(page.locator("h1")).hasText("Magie pour petits et grands");
      watched.assertQuiet();
    }
  }

  @Test
  void promotesTheFirstOnTheWaitingListWhenAFamilyCancels() {
    harness.clock.set(HubHarness.START);
    Session video = session("Appeler ses petits-enfants en visio", Category.DIGITAL_SKILLS, "2026-11-28T11:00", 60,
        null, 1, VideoMode.DIRECT);
    try (BrowserContext firstPhone = browser.phone(baseUrl); BrowserContext secondPhone = browser.phone(baseUrl)) {
      WatchedPage first = new WatchedPage(firstPhone.newPage());
      WatchedPage second = new WatchedPage(secondPhone.newPage());
      Registered girard = register(first, video, "Famille Girard");
      assertThat(first.page.getByRole(AriaRole.STATUS)).hasText("Inscription confirmée : une place vous attend.");

      // The one place is taken: the programme and the class say so before anyone fills the form.
      Page schedule = second.page;
      schedule.navigate("/");
      Locator card = schedule.locator("li.sitting", new Page.LocatorOptions()
          .setHasText("Appeler ses petits-enfants en visio"));
      assertThat(card.locator(".sold-out")).hasText("Complet — inscription sur liste d’attente");
      schedule.navigate("/sessions/" + video.id());
      assertThat(schedule.locator("dd.sold-out")).hasText("Complet — inscription sur liste d’attente");
      assertThat(schedule.getByRole(AriaRole.BUTTON, named("M’inscrire sur la liste d’attente"))).isVisible();
      assertThat(schedule.getByRole(AriaRole.BUTTON, named("Je m’inscris"))).hasCount(0);
      Browser.screenshot(schedule, "join-6a-full-class");
      checkBasics(second, "fr");

      Registered haddad = register(second, video, "Famille Haddad", "M’inscrire sur la liste d’attente");

      Page page = second.page;
      assertThat(page.getByRole(AriaRole.STATUS)).hasText(
          "Vous êtes sur la liste d’attente (position 1). Votre lien s’ouvrira si une place se libère.");
      assertThat(page.locator(".waitlist-explain")).containsText("vous n’avez pas de place dans ce cours");
      // No place yet: the link and its QR code are folded away, not offered as for a confirmed family.
      Locator later = page.locator("details.link-later");
      assertThat(later).not().hasAttribute("open", "");
      assertThat(page.getByRole(AriaRole.LINK, named("Ouvrir le cours"))).not().isVisible();
      assertThat(page.locator("img.qr")).not().isVisible();
      assertThat(page.getByLabel("Lien de cette page (pour la retrouver)")).isVisible();
      Browser.screenshot(page, "join-6-waitlisted-private-page");
      later.locator("summary").click();
      assertThat(page.getByText("Ce lien ne vous laissera entrer dans le cours que si une place se libère"))
          .isVisible();
      assertThat(page.getByRole(AriaRole.LINK, named("Ouvrir le cours"))).isVisible();
      assertThat(page.locator(".link-later .button.primary")).hasCount(0);
      Browser.screenshot(page, "join-6-waitlisted-private-page-opened");
      checkBasics(second, "fr");
      page.navigate(haddad.joinPath());
      assertThat(page.getByRole(AriaRole.STATUS)).hasText(
          "Vous êtes sur la liste d’attente. Ce lien s’ouvrira si une place se libère.");
      assertThat(page.locator("#room")).hasCount(0);
      assertThat(page.locator("meta[http-equiv=refresh]")).hasCount(0);
      assertThat(page.locator("#sitting-follow")).hasAttribute("data-recheck", "300");
      Browser.screenshot(page, "join-6b-waitlisted-link");
      checkBasics(second, "fr");

      // The waiting family's open page hears of its place at once and shows it, following its link anew.
      page.waitForResponse(response -> response.url().endsWith("/events"), () -> {
        first.page.getByRole(AriaRole.BUTTON, named("Annuler mon inscription")).click();
        assertThat(first.page.getByRole(AriaRole.STATUS)).hasText(
            "Cette inscription est annulée. Le lien ne fonctionne plus.");
        assertThat(page.getByText("Gardez cette page ouverte : la salle s’ouvrira toute seule.")).isVisible();
      });

      page.navigate(haddad.manageUrl());
      assertThat(page.getByRole(AriaRole.STATUS)).hasText("Inscription confirmée : une place vous attend.");
      harness.clock.set(paris("2026-11-28T10:50"));
      page.getByRole(AriaRole.LINK, named("Ouvrir le cours")).click();
      assertThat(page.locator("#room")).isVisible();
      assertThat(page.locator("h1")).hasText("Appeler ses petits-enfants en visio");

      // Cancelling revoked the short link; the long one says why it no longer opens.
      first.page.navigate(girard.joinPath());
      assertThat(first.page.locator("h1")).hasText("Lien inconnu");
      first.problems.removeIf(problem -> problem.contains("404"));
      first.page.navigate("/j/" + harness.hub.registrations().byManageToken(girard.manageToken()).await().joinToken());
      assertThat(first.page.getByRole(AriaRole.ALERT)).hasText(
          "Ce lien n’est plus valable : l’inscription a été annulée.");
      first.assertQuiet();
      // The waiting page reloaded itself for its new place: the browser counts its cut live link as a failed load.
      second.problems.removeIf(problem -> problem.startsWith("failed request: ")
          && problem.endsWith(haddad.joinPath() + "/events"));
      second.assertQuiet();
    }
  }

  // --- helpers ----------------------------------------------------------------------------------

  /** A family's two addresses: its private page and its join link. */
  private record Registered(String manageUrl, String joinPath) {
    String manageToken() {
      Matcher matcher = MANAGE_PATH.matcher(manageUrl);
      Assertions.assertThat(matcher.find()).isTrue();
      return matcher.group(1);
    }

    String joinToken() {
      return joinPath.substring("/j/".length());
    }
  }

  /** Registers with a name only through the session page's form; the browser ends on the private page. */
  private static Registered register(WatchedPage watched, Session session, String name) {
    return register(watched, session, name, "Je m’inscris");
  }

  private static Registered register(WatchedPage watched, Session session, String name, String button) {
    Page page = watched.page;
    page.navigate("/sessions/" + session.id());
    page.getByLabel("Votre nom ou prénom").fill(name);
    page.getByRole(AriaRole.BUTTON, named(button)).click();
    assertThat(page).hasURL(MANAGE_PATH);
    // Folded away for a waiting family, but there all the same.
    String href = page.locator(".link-card a[href^='/j/']").first().getAttribute("href");
    return new Registered(page.url(), href.replace("?lang=fr", ""));
  }

  private Session session(String title, Category category, String parisStart, int minutes, Recurrence recurrence,
      int homeCapacity, VideoMode video) {
    Instant start = paris(parisStart);
    return harness.hub.schedule().createTrusted(new SessionDraft(title, category, "Un cours pour toute la famille.",
        "fr", null, centre.id(), start, start.plus(Duration.ofMinutes(minutes)), recurrence, homeCapacity, video,
        null)).await();
  }

  private static Instant paris(String localDateTime) {
    return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
  }

  /** What the staff see of a session's registrations. */
  private JsonArray registrationsOf(Session session) {
    HttpResponse<Buffer> answer = harness.send(HttpMethod.GET, "/api/v1/sessions/" + session.id() + "/registrations",
        harness.login(coordinator), null);
    Assertions.assertThat(answer.statusCode()).isEqualTo(200);
    return answer.bodyAsJsonObject().getJsonArray("items");
  }

  private static boolean isRegistration(Response response) {
    return response.request().method().equals("POST") && response.url().endsWith("/register");
  }

  private static boolean isAttendance(Response response) {
    return response.url().endsWith("/attendance");
  }

  private static Page.GetByRoleOptions named(String name) {
    return new Page.GetByRoleOptions().setName(name).setExact(true);
  }

  /** What the page gave the Jitsi external API, as the fake recorded it. */
  private static Map<?, ?> given(Page page) {
    return (Map<?, ?>) page.evaluate("""
        () => {
          const jitsi = window.__jitsi;
          const options = jitsi.options;
          return {
            domain: jitsi.domain, roomName: options.roomName, jwt: options.jwt, lang: options.lang,
            displayName: options.userInfo.displayName,
            parentIsRoom: options.parentNode === document.getElementById('room'),
            startAudioOnly: (options.configOverwrite || {}).startAudioOnly === true,
            commands: jitsi.instances[0].commands,
          };
        }""");
  }

  private static JWTClaimsSet verifiedJitsiToken(String jwt) throws ParseException, JOSEException {
    SignedJWT token = SignedJWT.parse(jwt);
    Assertions.assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
    Assertions.assertThat(token.verify(new MACVerifier(APP_SECRET.getBytes(StandardCharsets.UTF_8))))
        .as("signed with the app secret").isTrue();
    return token.getJWTClaimsSet();
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> jsonObject(Object value) {
    return (Map<String, Object>) value;
  }

  /** A Content-Security-Policy header as directive → sources. */
  private static Map<String, List<String>> directives(String header) {
    Assertions.assertThat(header).isNotNull();
    Map<String, List<String>> directives = new LinkedHashMap<>();
    for (String part : header.split(";")) {
      String[] words = part.strip().split("\\s+");
      if (!words[0].isEmpty()) {
        Assertions.assertThat(directives).as("directive given twice").doesNotContainKey(words[0]);
        directives.put(words[0], List.of(words).subList(1, words.length));
      }
    }
    return directives;
  }

  /** Rebuilds the QR code's modules from the SVG's path (one unit square per dark module) as an image. */
  private static BufferedImage svgModules(String svg) throws ParserConfigurationException, SAXException, IOException {
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Document document = factory.newDocumentBuilder().parse(new ByteArrayInputStream(
        svg.getBytes(StandardCharsets.UTF_8)));
    Element root = document.getDocumentElement();
    Assertions.assertThat(root.getTagName()).isEqualTo("svg");
    String[] viewBox = root.getAttribute("viewBox").split(" ");
    int width = Integer.parseInt(viewBox[2]);
    int height = Integer.parseInt(viewBox[3]);
    Assertions.assertThat(document.getElementsByTagName("path").getLength()).isEqualTo(1);
    String path = ((Element) document.getElementsByTagName("path").item(0)).getAttribute("d");
    Assertions.assertThat(path).isNotEmpty();
    Assertions.assertThat(SVG_SQUARE.matcher(path).replaceAll("")).as("the path without its squares").isEmpty();
    BitMatrix modules = new BitMatrix(width, height);
    Matcher square = SVG_SQUARE.matcher(path);
    while (square.find()) {
      modules.set(Integer.parseInt(square.group(1)), Integer.parseInt(square.group(2)));
    }
    int scale = 4;
    BufferedImage image = new BufferedImage(width * scale, height * scale, BufferedImage.TYPE_BYTE_GRAY);
    for (int y = 0; y < height * scale; y++) {
      for (int x = 0; x < width * scale; x++) {
        image.setRGB(x, y, modules.get(x / scale, y / scale) ? 0x000000 : 0xFFFFFF);
      }
    }
    return image;
  }

  /**
   * Reads a QR code from a generated image. As a pure barcode: ZXing's camera-oriented detector misreads
   * about one such dense code (version 19 for a join link) in forty even when perfectly drawn.
   */
  private static String decode(BufferedImage image) throws NotFoundException, ChecksumException, FormatException {
    return new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
        Map.of(DecodeHintType.PURE_BARCODE, true)).getText();
  }
}
