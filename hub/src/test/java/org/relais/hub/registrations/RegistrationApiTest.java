package org.relais.hub.registrations;

import static org.assertj.core.api.Assertions.assertThat;

import biweekly.Biweekly;
import biweekly.ICalendar;
import biweekly.component.VEvent;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.io.ByteArrayInputStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.centres.Centre;
import org.relais.hub.schedule.Recurrence;
import org.relais.hub.schedule.Session;
import org.relais.hub.schedule.SessionDraft;
import org.relais.hub.testing.HubHarness;
import org.relais.protocol.Category;
import org.relais.protocol.Role;
import org.relais.protocol.VideoMode;

class RegistrationApiTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private HubHarness harness;
  private Centre centre;

  @BeforeEach
  void start() {
    harness = HubHarness.start("h2");
    centre = harness.centre("Centre social Les Tisserands");
  }

  @AfterEach
  void stop() {
    harness.close();
  }

  private Session session(int homeCapacity, Recurrence recurrence) {
    Instant start = Instant.parse("2026-11-24T17:00:00Z");
    return harness.hub.schedule().createTrusted(new SessionDraft("Français du quotidien", Category.LANGUAGE,
        "Parler au médecin", "fr", null, centre.id(), start, start.plus(Duration.ofMinutes(90)), recurrence,
        homeCapacity, VideoMode.DIRECT, null)).await();
  }

  private HttpResponse<Buffer> register(Session session, JsonObject body, String key) {
    var request = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations");
    if (key != null) {
      request.putHeader("Idempotency-Key", key);
    }
    return request.sendJsonObject(body).await();
  }

  private static JsonObject family(String name) {
    return new JsonObject().put("displayName", name).put("householdSize", 3);
  }

  private static String path(String url) {
    return url.substring(url.indexOf("/", "http://".length()));
  }

  @Test
  void registersAFamilyWithItsLinksQrCodesAndCalendarFile() throws Exception {
    Session weekly = session(10, new Recurrence(EnumSet.of(DayOfWeek.TUESDAY), null, 4));

    HttpResponse<Buffer> created = register(weekly, family("Famille Benali").put("phone", "06 12 34 56 78")
        .put("email", "Benali@Example.org").put("consent", true), null);

    assertThat(created.statusCode()).isEqualTo(201);
    JsonObject answer = created.bodyAsJsonObject();
    assertThat(answer.getString("status")).isEqualTo("CONFIRMED");
    String joinUrl = answer.getString("joinUrl");
    assertThat(joinUrl).startsWith("http://localhost:" + harness.hub.port() + "/j/");
    assertThat(answer.getString("manageUrl")).startsWith("http://localhost:" + harness.hub.port() + "/r/");

    var svg = harness.get(path(answer.getString("qrUrl")));
    assertThat(svg.getHeader("Content-Type")).startsWith("image/svg+xml");
    assertThat(QrSvg.decode(svg.bodyAsString())).isEqualTo(joinUrl);
    var png = harness.get(path(answer.getString("qrPngUrl")));
    assertThat(png.getHeader("Content-Type")).isEqualTo("image/png");
    var image = ImageIO.read(new ByteArrayInputStream(png.body().getBytes()));
    assertThat(new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(new BufferedImageLuminanceSource(image))),
        QrSvg.PURE).getText()).isEqualTo(joinUrl);

    HttpResponse<Buffer> ics = harness.get(path(answer.getString("icsUrl")));
    assertThat(ics.getHeader("Content-Type")).startsWith("text/calendar");
    ICalendar calendar = Biweekly.parse(ics.bodyAsString()).first();
    VEvent event = calendar.getEvents().get(0);
    assertThat(event.getSummary().getValue()).isEqualTo("Français du quotidien");
    assertThat(event.getUrl().getValue()).isEqualTo(joinUrl);
    assertThat(event.getDescription().getValue()).contains(joinUrl);
    assertThat(ics.bodyAsString()).contains("DTSTART;TZID=Europe/Paris:20261124T180000").contains("BEGIN:VTIMEZONE");
    assertThat(event.getRecurrenceRule().getValue().getByDay()).hasSize(1);
    assertThat(event.getAlarms().get(0).getTrigger().getDuration().toMillis()).isEqualTo(-15 * 60 * 1000L);
    List<LocalDateTime> sittings = new java.util.ArrayList<>();
    event.getDateIterator(TimeZone.getTimeZone(PARIS)).forEachRemaining(date ->
        sittings.add(LocalDateTime.ofInstant(date.toInstant(), PARIS)));
    assertThat(sittings).containsExactly(LocalDateTime.parse("2026-11-24T18:00"),
        LocalDateTime.parse("2026-12-01T18:00"), LocalDateTime.parse("2026-12-08T18:00"),
        LocalDateTime.parse("2026-12-15T18:00"));

    // Staff see the phone number in E.164 and the e-mail normalised.
    String admin = harness.login(harness.staff(Role.ADMIN, Set.of()));
    JsonObject listed = harness.send(HttpMethod.GET, "/api/v1/sessions/" + weekly.id() + "/registrations", admin, null)
        .bodyAsJsonObject().getJsonArray("items").getJsonObject(0);
    assertThat(listed.getString("phone")).isEqualTo("+33612345678");
    assertThat(listed.getString("email")).isEqualTo("benali@example.org");
  }

  @Test
  void putsFamiliesOnAWaitingListWhenFullAndPromotesTheFirstInLineOnACancellation() {
    Session small = session(1, null);
    JsonObject first = register(small, family("Famille A"), null).bodyAsJsonObject();
    JsonObject second = register(small, family("Famille B"), null).bodyAsJsonObject();
    JsonObject third = register(small, family("Famille C"), null).bodyAsJsonObject();

    assertThat(second.getString("status")).isEqualTo("WAITLISTED");
    assertThat(second.getInteger("waitlistPosition")).isEqualTo(1);
    assertThat(third.getInteger("waitlistPosition")).isEqualTo(2);
    assertThat(descriptor(second).getString("state")).isEqualTo("WAITLISTED");

    HttpResponse<Buffer> cancelled = harness.http.post(path(first.getString("manageUrl"))
        .replace("/r/", "/api/v1/registrations/manage/") + "/cancel").send().await();

    assertThat(cancelled.statusCode()).isEqualTo(200);
    assertThat(cancelled.bodyAsJsonObject().getString("status")).isEqualTo("CANCELLED");
    assertThat(descriptor(first).getString("state")).isEqualTo("REVOKED");
    assertThat(manage(second).getString("status")).isEqualTo("CONFIRMED");
    assertThat(descriptor(second).getString("state")).isEqualTo("EARLY");
    assertThat(manage(third).getInteger("waitlistPosition")).isEqualTo(1);
  }

  @Test
  void aRegistrationWithoutALanguageIsInTheLanguageItsClientAsksForWhenThePagesSpeakIt() {
    Session weekly = session(10, null);
    for (String[] asked : List.of(new String[] {"Famille Amrani", "ar-MA, fr;q=0.8", null},
        new String[] {"Famille Yilmaz", "tr", null}, new String[] {"Family Smith", "ar", "en"})) {
      JsonObject body = family(asked[0]);
      if (asked[2] != null) {
        body.put("language", asked[2]);
      }
      assertThat(harness.http.post("/api/v1/sessions/" + weekly.id() + "/registrations")
          .putHeader("Accept-Language", asked[1]).sendJsonObject(body).await().statusCode()).isEqualTo(201);
    }

    String admin = harness.login(harness.staff(Role.ADMIN, Set.of()));
    JsonArray listed = harness.send(HttpMethod.GET, "/api/v1/sessions/" + weekly.id() + "/registrations", admin, null)
        .bodyAsJsonObject().getJsonArray("items");
    assertThat(listed.stream().map(JsonObject.class::cast)
        .map(r -> r.getString("displayName") + ":" + r.getString("language")).toList())
        .containsExactlyInAnyOrder("Famille Amrani:ar", "Famille Yilmaz:fr", "Family Smith:en");
  }

  @Test
  void theFamilysPageSpeaksTheLanguageItRegisteredInUnlessItsReaderPicksAnother() {
    Session weekly = session(10, null);
    JsonObject registered = harness.http.post("/api/v1/sessions/" + weekly.id() + "/registrations")
        .sendJsonObject(family("Famille Amrani").put("language", "ar")).await().bodyAsJsonObject();
    String manage = path(registered.getString("manageUrl"));

    // Opened on a French phone (the SMS read out by a relative): still Arabic, the family's language.
    assertThat(harness.http.get(manage).putHeader("Accept-Language", "fr-FR,fr;q=0.9").send().await()
        .getHeader("Content-Language")).isEqualTo("ar");
    assertThat(harness.get(manage + "?lang=en").getHeader("Content-Language")).isEqualTo("en");
  }

  private JsonObject descriptor(JsonObject registration) {
    return harness.get(path(registration.getString("joinUrl")).replace("/j/", "/api/v1/join/")).bodyAsJsonObject();
  }

  private JsonObject manage(JsonObject registration) {
    return harness.get(path(registration.getString("manageUrl")).replace("/r/", "/api/v1/registrations/manage/"))
        .bodyAsJsonObject();
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyGetsTheSameRegistrationNeverTwo() {
    Session session = session(10, null);
    String key = UUID.randomUUID().toString();

    JsonObject first = register(session, family("Famille Diallo"), key).bodyAsJsonObject();
    HttpResponse<Buffer> retry = register(session, family("Famille Diallo"), key);
    HttpResponse<Buffer> changed = register(session, family("Famille Martin"), key);

    assertThat(retry.statusCode()).isEqualTo(201);
    assertThat(retry.bodyAsJsonObject()).isEqualTo(first);
    assertThat(changed.statusCode()).isEqualTo(422);
    assertThat(changed.bodyAsJsonObject().getString("field")).isEqualTo("Idempotency-Key");
    String admin = harness.login(harness.staff(Role.ADMIN, Set.of()));
    assertThat(harness.send(HttpMethod.GET, "/api/v1/sessions/" + session.id() + "/registrations", admin, null)
        .bodyAsJsonObject().getJsonArray("items")).hasSize(1);
  }

  @Test
  void refusesBadRegistrationsAndStoresNothing() {
    Session open = session(10, null);
    Session cancelled = session(10, null);
    String admin = harness.login(harness.staff(Role.ADMIN, Set.of()));
    harness.send(HttpMethod.POST, "/api/v1/sessions/" + cancelled.id() + "/cancel", admin, null);
    Session over = harness.hub.schedule().createTrusted(new SessionDraft("Hier", Category.SPORT, null, "fr", null,
        centre.id(), HubHarness.START.minus(Duration.ofDays(1)), HubHarness.START.minus(Duration.ofHours(23)), null,
        10, VideoMode.DIRECT, null)).await();
    Session centresOnly = session(0, null);

    record Bad(Session session, JsonObject body, int status, String field) {}
    List<Bad> table = List.of(
        new Bad(open, family("x".repeat(3000)), 400, "displayName"),
        new Bad(open, new JsonObject().put("householdSize", 2), 400, "displayName"),
        new Bad(open, family("   "), 422, "displayName"),
        new Bad(open, family("Famille").put("phone", "12").put("consent", true), 422, "phone"),
        new Bad(open, family("Famille").put("phone", "+33 6 12 34 56 78 90 12").put("consent", true), 422, "phone"),
        new Bad(open, family("Famille").put("email", "pas une adresse").put("consent", true), 422, "email"),
        new Bad(open, family("Famille").put("phone", "0612345678"), 422, "consent"),
        new Bad(open, family("Famille").put("householdSize", 0), 400, "householdSize"),
        new Bad(open, family("Famille").put("householdSize", "trois"), 400, "householdSize"),
        new Bad(open, family("Famille").put("admin", true), 400, "admin"),
        new Bad(cancelled, family("Famille"), 409, "sessionId"),
        new Bad(over, family("Famille"), 409, "sessionId"),
        new Bad(centresOnly, family("Famille"), 409, "sessionId"));

    for (Bad bad : table) {
      HttpResponse<Buffer> response = register(bad.session(), bad.body(), null);
      assertThat(response.statusCode()).as(bad.toString()).isEqualTo(bad.status());
      assertThat(response.getHeader("Content-Type")).as(bad.toString()).isEqualTo("application/problem+json");
      assertThat(response.bodyAsJsonObject().getString("field")).as(bad.toString()).isEqualTo(bad.field());
    }
    HttpResponse<Buffer> unknown = harness.http.post("/api/v1/sessions/" + UUID.randomUUID() + "/registrations")
        .sendJsonObject(family("Famille")).await();
    assertThat(unknown.statusCode()).isEqualTo(404);
    for (Session session : List.of(open, cancelled, over, centresOnly)) {
      assertThat(harness.send(HttpMethod.GET, "/api/v1/sessions/" + session.id() + "/registrations", admin, null)
          .bodyAsJsonObject().getJsonArray("items")).isEqualTo(new JsonArray());
    }
  }

  @Test
  void showsScriptInANameAsTextOnThePrivatePage() {
    Session session = session(10, null);
    JsonObject registered = register(session, family("<script>alert(1)</script>"), null).bodyAsJsonObject();

    String page = harness.http.get(path(registered.getString("manageUrl"))).putHeader("Accept", "text/html").send()
        .await().bodyAsString();
    JsonObject descriptor = descriptor(registered);

    assertThat(descriptor.getString("displayName")).isEqualTo("<script>alert(1)</script>");
    assertThat(page).doesNotContain("<script>alert(1)</script>");
  }
}
