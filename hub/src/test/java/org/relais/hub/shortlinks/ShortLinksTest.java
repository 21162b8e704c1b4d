package org.relais.hub.shortlinks;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.client.j2se.BufferedImageLuminanceSource;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.join.QrCodes;
import org.relais.hub.schedule.Session;
import org.relais.hub.testing.HubHarness;

/** Short links, through a real hub: what a family gets by SMS, what its QR code holds, and what they open. */
class ShortLinksTest {
  /** The address a network of centres would give its hub: long enough to be a fair test of an SMS. */
  private static final String HOST = "https://relais.centres-sociaux-lille.fr";
  private static final int QUIET_ZONE = 4;
  private HubHarness harness;

  static java.util.stream.Stream<String> databases() {
    return org.relais.hub.testing.TestDatabase.kinds();
  }

  private void start(String database) {
    harness = HubHarness.start(database, Map.of("http.publicUrl", HOST));
    DemoClasses.seed(harness);
  }

  @AfterEach
  void stop() {
    if (harness != null) {
      harness.close();
    }
  }

  private JsonObject register(Session session, String name) {
    HttpResponse<Buffer> created = harness.http.post("/api/v1/sessions/" + session.id() + "/registrations")
        .sendJsonObject(new JsonObject().put("displayName", name).put("phone", "06 12 34 56 78")
            .put("consent", true)).await();
    assertThat(created.statusCode()).isEqualTo(201);
    return created.bodyAsJsonObject();
  }

  /** A page's text but for its language switch, which links to the page's own path. */
  private static String withoutLanguageSwitch(HttpResponse<Buffer> page) {
    return page.bodyAsString().replaceAll("href=\"[^\"]*\\?lang=[a-z]+\"", "");
  }

  private static String path(String url) {
    assertThat(url).startsWith(HOST);
    return url.substring(HOST.length());
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aReminderForADemoRegistrationFitsOneSmsWithItsShortLink(String database) {
    start(database);
    Session couscous = DemoClasses.named(harness, "Cuisine du monde : le couscous de Karim");
    JsonObject answer = register(couscous, "Famille Benali");

    String shortUrl = answer.getString("shortJoinUrl");
    assertThat(path(shortUrl)).matches("/j/[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}")
        .hasSizeLessThanOrEqualTo(40);
    assertThat(path(answer.getString("shortManageUrl"))).startsWith("/r/").hasSizeLessThanOrEqualTo(40);
    assertThat(answer.getString("joinUrl").length()).isGreaterThan(300);
    // What the reminders call for the link: the same short URL.
    assertThat(harness.hub.shortLinks().forRegistration(java.util.UUID.fromString(answer.getString("id"))).await())
        .isEqualTo(shortUrl);

    String centre = harness.hub.centres().get(couscous.draft().centreId()).await().name();
    String sms = "Rappel : " + couscous.draft().title() + " demain 14:00 au " + centre + ". " + shortUrl;
    assertThat(Gsm7.septets(sms)).as(sms).isBetween(1, 160);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void theShortLinksQrCodeDecodesAtVersionFourOrLess(String database) throws Exception {
    start(database);
    JsonObject answer = register(DemoClasses.named(harness, "Gym douce sur chaise"), "Famille Martin");
    String shortUrl = answer.getString("shortJoinUrl");
    String expected = shortUrl.toUpperCase(Locale.ROOT);

    HttpResponse<Buffer> png = harness.get(path(shortUrl) + "/qr.png");
    assertThat(png.statusCode()).isEqualTo(200);
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(png.body().getBytes()));
    String decoded = new QRCodeReader().decode(new BinaryBitmap(new HybridBinarizer(
        new BufferedImageLuminanceSource(image))), Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE)).getText();
    assertThat(decoded).isEqualTo(expected);
    // A code of version v has 17 + 4v modules a side, drawn 8 pixels each inside a quiet zone of 4.
    int modules = image.getWidth() / 8 - 2 * QUIET_ZONE;
    assertThat((modules - 17) / 4).as("QR version").isLessThanOrEqualTo(4);
    BitMatrix matrix = QrCodes.compactMatrix(expected);
    assertThat(matrix.getWidth()).isEqualTo(modules + 2 * QUIET_ZONE);

    HttpResponse<Buffer> svg = harness.get(path(shortUrl) + "/qr.svg");
    assertThat(svg.bodyAsString()).contains("viewBox=\"0 0 " + matrix.getWidth() + " " + matrix.getWidth() + "\"");

    // The QR code's upper-case address opens the same page as the link itself.
    String upper = path(shortUrl).toUpperCase(Locale.ROOT);
    assertThat(upper).startsWith("/J/");
    assertThat(harness.get(upper).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aShortLinkOpensWhatTheLongOneOpensAndBothKeepWorking(String database) {
    start(database);
    JsonObject answer = register(DemoClasses.named(harness, "Magie pour petits et grands"), "Famille Diallo");
    String shortPath = path(answer.getString("shortJoinUrl"));
    String code = shortPath.substring("/j/".length());

    HttpResponse<Buffer> longPage = harness.get(path(answer.getString("joinUrl")));
    HttpResponse<Buffer> typed = harness.get("/j/" + code.replace("-", "").toLowerCase(Locale.ROOT));
    assertThat(longPage.statusCode()).isEqualTo(200);
    assertThat(typed.statusCode()).isEqualTo(200);
    assertThat(typed.bodyAsString()).contains("Magie pour petits et grands");
    // The same page, whose own links keep the short address (in its usual form) rather than the long one.
    String token = path(answer.getString("joinUrl")).substring("/j/".length());
    assertThat(withoutLanguageSwitch(typed).replace(code, token)).isEqualTo(withoutLanguageSwitch(longPage));
    assertThat(typed.bodyAsString()).contains("href=\"/j/" + code + "/calendar.ics\"").doesNotContain(token);
    // The join API reads the short code too: the page's own requests go there with it.
    assertThat(harness.get("/api/v1/join/" + code).bodyAsJsonObject().getString("state")).isEqualTo("EARLY");

    HttpResponse<Buffer> calendar = harness.get(shortPath + "/calendar.ics");
    assertThat(calendar.statusCode()).isEqualTo(200);
    assertThat(calendar.bodyAsString().replace("\r\n ", "")).contains(answer.getString("shortJoinUrl"));

    HttpResponse<Buffer> manage = harness.get(path(answer.getString("shortManageUrl")));
    assertThat(manage.statusCode()).isEqualTo(200);
    assertThat(manage.bodyAsString()).contains(answer.getString("shortJoinUrl"));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void unknownRevokedAndExpiredShortLinksAllGetTheSameAnswer(String database) {
    start(database);
    JsonObject cancelled = register(DemoClasses.named(harness, "Tricot et crochet"), "Famille Lefebvre");
    JsonObject expiring = register(DemoClasses.named(harness, "Pâtisserie du dimanche"), "Famille Roussel");
    String unknown = "/j/" + ShortCode.shown(ShortCode.random());
    HttpResponse<Buffer> unknownAnswer = harness.get(unknown);
    HttpResponse<Buffer> forged = harness.get("/j/not-a-token");

    assertThat(harness.http.post(path(cancelled.getString("manageUrl")).replace("/r/", "/api/v1/registrations/manage/")
        + "/cancel").send().await().statusCode()).isEqualTo(200);
    HttpResponse<Buffer> revoked = harness.get(path(cancelled.getString("shortJoinUrl")));
    assertThat(harness.get(path(expiring.getString("shortJoinUrl"))).statusCode()).isEqualTo(200);
    // The demo's weekly series run eight weeks: long past its last sitting, the link has expired.
    harness.clock.advance(Duration.ofDays(400));
    HttpResponse<Buffer> expired = harness.get(path(expiring.getString("shortJoinUrl")));

    for (HttpResponse<Buffer> answer : java.util.List.of(revoked, expired, forged)) {
      assertThat(answer.statusCode()).isEqualTo(404);
      assertThat(answer.getHeader("Content-Type")).isEqualTo(unknownAnswer.getHeader("Content-Type"));
      assertThat(withoutLanguageSwitch(answer)).isEqualTo(withoutLanguageSwitch(unknownAnswer));
    }
    assertThat(unknownAnswer.statusCode()).isEqualTo(404);

    HttpResponse<Buffer> unknownManage = harness.get("/r/" + ShortCode.shown(ShortCode.random()));
    HttpResponse<Buffer> revokedManage = harness.get(path(cancelled.getString("shortManageUrl")));
    HttpResponse<Buffer> expiredManage = harness.get(path(expiring.getString("shortManageUrl")));
    for (HttpResponse<Buffer> answer : java.util.List.of(revokedManage, expiredManage)) {
      assertThat(answer.statusCode()).isEqualTo(unknownManage.statusCode()).isEqualTo(404);
      assertThat(withoutLanguageSwitch(answer)).isEqualTo(withoutLanguageSwitch(unknownManage));
    }
    // Past its class, a family's page says it is over and offers no link to a room: no new short one is made for
    // what is over, nor the long one given again.
    HttpResponse<Buffer> overPage = harness.get(path(expiring.getString("manageUrl")));
    assertThat(overPage.statusCode()).isEqualTo(200);
    assertThat(overPage.bodyAsString()).contains("Ce cours est terminé")
        .doesNotContain(expiring.getString("joinUrl")).doesNotContain(expiring.getString("shortJoinUrl"));
    assertThat(harness.get(path(expiring.getString("shortJoinUrl"))).statusCode()).isEqualTo(404);
    // The long links still answer as before: the cancelled family's says its link no longer opens a room.
    assertThat(harness.get(path(cancelled.getString("joinUrl"))).statusCode()).isEqualTo(200);
    assertThat(harness.get(path(cancelled.getString("manageUrl"))).statusCode()).isEqualTo(200);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aRoomsScreenAndAnimatorLinksHaveShortFormsRevokedWithTheBooking(String database) {
    start(database);
    Session french = DemoClasses.named(harness, "Français du quotidien");
    java.util.UUID room = harness.hub.centres().sites(french.draft().centreId()).await().get(0).id();
    String admin = harness.login(harness.staff(org.relais.protocol.Role.ADMIN, java.util.Set.of()));
    JsonObject booking = harness.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/sessions/" + french.id()
        + "/bookings", admin, new JsonObject().put("siteId", room.toString()).put("expectedHeadCount", 8))
        .bodyAsJsonObject();
    String screen = path(booking.getString("shortScreenUrl"));
    String animator = path(booking.getString("shortAnimatorUrl"));
    assertThat(screen).startsWith("/j/").hasSizeLessThanOrEqualTo(40).isNotEqualTo(animator);
    assertThat(harness.get(screen).statusCode()).isEqualTo(200);
    assertThat(harness.get(animator).statusCode()).isEqualTo(200);
    JsonObject links = harness.send(io.vertx.core.http.HttpMethod.GET, "/api/v1/sessions/" + french.id()
        + "/join-links", admin, null).bodyAsJsonObject();
    assertThat(links.getJsonArray("sites").getJsonObject(0).getString("shortScreenUrl"))
        .isEqualTo(booking.getString("shortScreenUrl"));

    assertThat(harness.send(io.vertx.core.http.HttpMethod.POST, "/api/v1/bookings/" + booking.getString("id")
        + "/cancel", admin, null).statusCode()).isEqualTo(200);
    HttpResponse<Buffer> unknown = harness.get("/j/" + ShortCode.shown(ShortCode.random()));
    for (String revoked : java.util.List.of(screen, animator)) {
      HttpResponse<Buffer> answer = harness.get(revoked);
      assertThat(answer.statusCode()).isEqualTo(404);
      assertThat(withoutLanguageSwitch(answer)).isEqualTo(withoutLanguageSwitch(unknown));
    }
  }
}
