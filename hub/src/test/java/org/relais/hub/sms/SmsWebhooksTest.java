package org.relais.hub.sms;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreKind;
import org.relais.hub.centres.CentreStore;
import org.relais.hub.http.FailureHandler;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.testing.FakeSmsProvider;
import org.relais.hub.testing.HubHarness;
import org.relais.hub.testing.MutableClock;
import org.relais.hub.testing.StoreTest;

/**
 * A centre's provider reports back: a text sent through the fake Android app or the fake Brevo comes back as
 * sent, delivered or failed reports for the id the gateway was given; a family's STOP opts its number out; a
 * webhook not proven to come from the centre's line is refused and reports nothing; a body that is not JSON is a
 * problem, not a 500. On H2 and PostgreSQL, with the settings read from the centre's row.
 */
class SmsWebhooksTest extends StoreTest {
  private static final String SIGNING_KEY = "Hq3vR8sLw2";
  private final MutableClock clock = new MutableClock(HubHarness.START);
  private final RecordingDeliveryReports reports = new RecordingDeliveryReports();
  private FakeSmsProvider provider;
  private SmsSettingsStore store;
  private WebClient client;
  private String hub;
  private UUID android;
  private UUID brevo;

  private void start(String kind) {
    open(kind);
    provider = FakeSmsProvider.start();
    CentreStore centres = new CentreStore(db.pool(), clock);
    store = new SmsSettingsStore(db.pool());
    android = centre(centres, "Maison de quartier des Tilleuls");
    brevo = centre(centres, "Centre social du Faubourg");
    store.save(new SmsSettings(android, SmsProvider.ANDROID_GATEWAY, Optional.of(provider.url()), Optional.of("sms"),
        Optional.of("Kx7pQ2vLm9"), Optional.empty(), Optional.of(SIGNING_KEY), 200, 1, Optional.empty(),
        clock.instant()), 0).await();
    store.save(new SmsSettings(brevo, SmsProvider.BREVO, Optional.of(provider.url()), Optional.empty(),
        Optional.of("xkeysib-0123"), Optional.of("CSFaubourg"), Optional.of("brevo-key-of-the-faubourg"), 200, 1,
        Optional.empty(), clock.instant()), 0).await();
    Router router = Router.router(vertx);
    new SmsWebhooks(store, reports, clock).mount(router);
    router.route().failureHandler(new FailureHandler((ctx, problem) -> ctx.response().setStatusCode(500).end()));
    HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    hub = "http://127.0.0.1:" + server.actualPort();
    client = WebClient.create(vertx);
  }

  private static UUID centre(CentreStore centres, String name) {
    Centre centre = new Centre(UUID.randomUUID(), name, CentreKind.SOCIAL_CENTRE, null, null, null, null, null, null,
        null, 1);
    centres.insert(centre).await();
    return centre.id();
  }

  private CentreSmsLines lines() {
    PublicAddress address = new PublicAddress(Optional.of(URI.create(hub)));
    return new CentreSmsLines(store, new SmsGateways(client, address),
        centre -> Future.succeededFuture(Optional.empty()));
  }

  private String androidHook() {
    return hub + SmsWebhooks.ANDROID_PATH + android;
  }

  private long now() {
    return clock.instant().getEpochSecond();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void sentDeliveredAndFailedComeBackFromTheCentresPhone(String kind) {
    start(kind);
    SmsReceipt receipt = lines().forCentre(android).await().orElseThrow().gateway()
        .send(new SmsRequest("reminder-1", "+33612345678", "Rappel : Atelier tablette demain 14:00")).await();
    String id = provider.received().get(0).body().getString("id");
    assertThat(receipt.providerMessageId()).isEqualTo(id);

    JsonObject sent = new JsonObject().put("messageId", id).put("phoneNumber", "+33612345678")
        .put("simNumber", 1).put("sentAt", "2026-11-23T09:00:05.000+01:00");
    assertThat(provider.androidWebhook(androidHook(), SIGNING_KEY, FakeSmsProvider.androidEvent("sms:sent", sent),
        now()).statusCode()).isEqualTo(204);
    assertThat(provider.androidWebhook(androidHook(), SIGNING_KEY, FakeSmsProvider.androidEvent("sms:delivered",
        new JsonObject().put("messageId", id).put("phoneNumber", "+33612345678").put("deliveredAt",
            "2026-11-23T09:00:09.000+01:00")), now()).statusCode()).isEqualTo(204);
    assertThat(provider.androidWebhook(androidHook(), SIGNING_KEY, FakeSmsProvider.androidEvent("sms:failed",
        new JsonObject().put("messageId", "other-1").put("phoneNumber", "+33700000000").put("reason",
            "RESULT_ERROR_GENERIC_FAILURE").put("failedAt", "2026-11-23T09:01:00.000+01:00")), now()).statusCode())
        .isEqualTo(204);

    assertThat(reports.reports).containsExactly(
        new DeliveryReport(id, DeliveryState.SENT, Optional.empty(), Instant.parse("2026-11-23T08:00:05Z")),
        new DeliveryReport(id, DeliveryState.DELIVERED, Optional.empty(), Instant.parse("2026-11-23T08:00:09Z")),
        new DeliveryReport("other-1", DeliveryState.FAILED, Optional.of("RESULT_ERROR_GENERIC_FAILURE"),
            Instant.parse("2026-11-23T08:01:00Z")));
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aWebhookNotSignedByTheCentresPhoneIsRefusedAndChangesNothing(String kind) {
    start(kind);
    JsonObject event = FakeSmsProvider.androidEvent("sms:delivered", new JsonObject().put("messageId", "m-1"));
    String body = event.encode();

    assertThat(provider.androidWebhook(androidHook(), "not-the-key", event, now()).statusCode()).isEqualTo(403);
    assertThat(provider.androidWebhookSigned(androidHook(), body, String.valueOf(now()), "").statusCode())
        .isEqualTo(403);
    // Signed over another body, or replayed with another timestamp.
    assertThat(provider.androidWebhookSigned(androidHook(), body.replace("m-1", "m-2"), String.valueOf(now()),
        FakeSmsProvider.sign(SIGNING_KEY, body + now())).statusCode()).isEqualTo(403);
    assertThat(provider.androidWebhookSigned(androidHook(), body, String.valueOf(now() + 1),
        FakeSmsProvider.sign(SIGNING_KEY, body + now())).statusCode()).isEqualTo(403);
    // Rightly signed, but too old or from too far ahead.
    long stale = now() - SmsWebhooks.SIGNATURE_WINDOW.toSeconds() - 1;
    assertThat(provider.androidWebhook(androidHook(), SIGNING_KEY, event, stale).statusCode()).isEqualTo(403);
    assertThat(provider.androidWebhook(androidHook(), SIGNING_KEY, event, now() + 400).statusCode())
        .isEqualTo(403);
    // Rightly signed for a centre that does not exist, or that sends through Brevo.
    assertThat(provider.androidWebhook(hub + SmsWebhooks.ANDROID_PATH + UUID.randomUUID(), SIGNING_KEY, event, now())
        .statusCode()).isEqualTo(403);
    assertThat(provider.androidWebhook(hub + SmsWebhooks.ANDROID_PATH + brevo, SIGNING_KEY, event, now())
        .statusCode()).isEqualTo(403);
    assertThat(provider.androidWebhook(hub + SmsWebhooks.ANDROID_PATH + "not-a-centre", SIGNING_KEY, event, now())
        .statusCode()).isEqualTo(403);

    HttpResponse<Buffer> refused = provider.androidWebhook(androidHook(), "not-the-key", event, now());
    assertThat(refused.getHeader("Content-Type")).isEqualTo("application/problem+json");
    assertThat(reports.reports).isEmpty();
    assertThat(reports.optOuts).isEmpty();
    // The same webhook, rightly signed and on time, is taken.
    assertThat(provider.androidWebhook(androidHook(), SIGNING_KEY, event, now() - 60).statusCode()).isEqualTo(204);
    assertThat(reports.reports).hasSize(1);
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aFamilyAnsweringStopIsOptedOutAndOtherAnswersAreNot(String kind) {
    start(kind);
    JsonObject stop = new JsonObject().put("messageId", "abc123").put("message", "Stop").put("phoneNumber",
        "+33612345678").put("simNumber", 1).put("receivedAt", "2026-11-23T09:10:00.000+01:00");
    JsonObject chat = stop.copy().put("message", "Merci, à demain").put("phoneNumber", "+33698765432");
    JsonObject arret = stop.copy().put("message", "ARRÊT SMS").put("phoneNumber", "06 11 22 33 44");

    for (JsonObject answer : new JsonObject[] {stop, chat, arret}) {
      assertThat(provider.androidWebhook(androidHook(), SIGNING_KEY,
          FakeSmsProvider.androidEvent("sms:received", answer), now()).statusCode()).isEqualTo(204);
    }

    assertThat(reports.optOuts).containsExactly("+33612345678 via sms", "+33611223344 via sms");
    assertThat(reports.reports).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void aSignedBodyThatIsNotJsonIsABadRequestNotAFailure(String kind) {
    start(kind);
    for (String body : new String[] {"{not json", "[1, 2]", "", "{\"event\": \"sms:sent\", \"payload\": {}}"}) {
      HttpResponse<Buffer> answer = provider.androidWebhookSigned(androidHook(), body, String.valueOf(now()),
          FakeSmsProvider.sign(SIGNING_KEY, body + now()));
      assertThat(answer.statusCode()).as(body).isEqualTo(400);
      assertThat(answer.getHeader("Content-Type")).isEqualTo("application/problem+json");
    }
    // Events the hub does not use are acknowledged, so the app does not retry them for two days.
    assertThat(provider.androidWebhook(androidHook(), SIGNING_KEY, FakeSmsProvider.androidEvent("system:ping",
        new JsonObject().put("health", new JsonObject())), now()).statusCode()).isEqualTo(204);
    assertThat(reports.reports).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("databases")
  void brevoReportsOnTheCallbackItWasGivenAndNothingElseIsTaken(String kind) {
    start(kind);
    lines().forCentre(brevo).await().orElseThrow().gateway()
        .send(new SmsRequest("reminder-2", "+33612345678", "Rappel : Français facile demain 10:00")).await();
    FakeSmsProvider.Received sent = provider.received().get(0);
    String webUrl = sent.body().getString("webUrl");
    assertThat(webUrl).isEqualTo(hub + "/hooks/sms/brevo/" + brevo + "?key=brevo-key-of-the-faubourg");

    assertThat(provider.brevoCallback(webUrl, FakeSmsProvider.brevoEvent(1_511_882_900_176_220L, "33612345678",
        "delivered")).statusCode()).isEqualTo(204);
    assertThat(provider.brevoCallback(webUrl, FakeSmsProvider.brevoEvent(1_511_882_900_176_221L, "33612345678",
        "hard_bounce")).statusCode()).isEqualTo(204);
    assertThat(provider.brevoCallback(webUrl.replace("key=brevo", "key=other"), FakeSmsProvider.brevoEvent(7L,
        "33612345678", "delivered")).statusCode()).isEqualTo(403);
    assertThat(provider.brevoCallback(hub + "/hooks/sms/brevo/" + brevo, FakeSmsProvider.brevoEvent(7L,
        "33612345678", "delivered")).statusCode()).isEqualTo(403);
    assertThat(provider.brevoCallback(hub + "/hooks/sms/brevo/" + android + "?key=" + SIGNING_KEY,
        FakeSmsProvider.brevoEvent(7L, "33612345678", "delivered")).statusCode()).isEqualTo(403);
    assertThat(provider.brevoCallback(webUrl, FakeSmsProvider.brevoEvent(8L, "33698765432", "unsubscribed")
        .put("messageId", 8L)).statusCode()).isEqualTo(204);

    Instant at = Instant.ofEpochSecond(1_795_424_400L);
    assertThat(reports.reports).containsExactly(
        new DeliveryReport("1511882900176220", DeliveryState.DELIVERED, Optional.empty(), at),
        new DeliveryReport("1511882900176221", DeliveryState.FAILED, Optional.of("hard_bounce"), at));
    assertThat(reports.optOuts).containsExactly("+33698765432 via sms");
  }
}
