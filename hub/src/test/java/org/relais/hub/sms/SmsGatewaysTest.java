package org.relais.hub.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.relais.hub.testing.FakeSmsProvider;

/**
 * The gateways against a fake provider speaking the Android app's and Brevo's documented shapes: what each sends
 * (credentials, fields, idempotency id), what each makes of the answers, and which failures are final.
 */
class SmsGatewaysTest {
  private static final SmsRequest REMINDER = new SmsRequest("reminder-24h-4f1c2a", "+33612345678",
      "Rappel : Atelier tablette demain 14:00. relais.example/j/7KQ2-M9XD");

  private Vertx vertx;
  private WebClient client;
  private FakeSmsProvider provider;

  @BeforeEach
  void start() {
    vertx = Vertx.vertx();
    client = WebClient.create(vertx);
    provider = FakeSmsProvider.start();
  }

  @AfterEach
  void stop() {
    provider.close();
    client.close();
    vertx.close().await();
  }

  private AndroidGateway android(Duration timeout) {
    return new AndroidGateway(client, provider.url() + "/", "sms", "Kx7pQ2vLm9", timeout);
  }

  private BrevoGateway brevo() {
    return new BrevoGateway(client, provider.url(), "xkeysib-0123456789abcdef", "CSTilleuls",
        "https://relais.example/hooks/sms/brevo/c1?key=k", Duration.ofSeconds(5));
  }

  @Test
  void theAndroidAppGetsTheTextWithBasicAuthAndTheMessagesOwnId() {
    SmsReceipt receipt = android(Duration.ofSeconds(5)).send(REMINDER).await();

    assertThat(receipt).isEqualTo(new SmsReceipt("reminder-24h-4f1c2a", DeliveryState.QUEUED));
    FakeSmsProvider.Received request = provider.received().get(0);
    assertThat(request.path()).isEqualTo("/messages");
    assertThat(request.header("Authorization")).isEqualTo("Basic "
        + Base64.getEncoder().encodeToString("sms:Kx7pQ2vLm9".getBytes(StandardCharsets.UTF_8)));
    assertThat(request.body()).isEqualTo(new JsonObject().put("id", "reminder-24h-4f1c2a")
        .put("textMessage", new JsonObject().put("text", REMINDER.text()))
        .put("phoneNumbers", new JsonArray().add("+33612345678")).put("withDeliveryReport", true));
  }

  @Test
  void aRetryOfAMessageTheAppAlreadyHoldsIsNotSentAgain() {
    AndroidGateway gateway = android(Duration.ofSeconds(5));
    SmsReceipt first = gateway.send(REMINDER).await();
    SmsReceipt again = gateway.send(REMINDER).await();

    assertThat(again.providerMessageId()).isEqualTo(first.providerMessageId());
    assertThat(provider.received()).hasSize(2);
  }

  @Test
  void aKeyLongerThanTheAppKeepsIsHashedTheSameWayEveryTime() {
    String key = "registration:" + "4f1c2a7e-0000-4000-8000-000000000001" + ":sitting:2026-11-24:REMINDER_24H";
    SmsRequest request = new SmsRequest(key, "+33612345678", "Rappel");

    android(Duration.ofSeconds(5)).send(request).await();
    android(Duration.ofSeconds(5)).send(request).await();

    String id = provider.received().get(0).body().getString("id");
    assertThat(id).hasSize(36).isEqualTo(provider.received().get(1).body().getString("id"));
  }

  @Test
  void aBadNumberOrBadCredentialsAreFinalButTheProvidersOwnFailuresAreRetried() {
    provider.answer(400, new JsonObject().put("message", "invalid phone number"));
    assertThat(catchThrowable(() -> android(Duration.ofSeconds(5)).send(REMINDER).await()))
        .isInstanceOf(SmsRefused.class).hasMessageContaining("400").hasMessageContaining("invalid phone number");
    provider.answer(401, new JsonObject().put("message", "Unauthorized"));
    assertThat(catchThrowable(() -> android(Duration.ofSeconds(5)).send(REMINDER).await()))
        .isInstanceOf(SmsRefused.class);
    provider.answer(502, new JsonObject());
    assertThat(catchThrowable(() -> android(Duration.ofSeconds(5)).send(REMINDER).await()))
        .isNotNull().isNotInstanceOf(SmsRefused.class);
    provider.answer(429, new JsonObject().put("message", "too many requests"));
    assertThat(catchThrowable(() -> brevo().send(REMINDER).await())).isNotNull().isNotInstanceOf(SmsRefused.class);
  }

  @Test
  void aPhoneThatDoesNotAnswerIsAnOrdinaryFailure() {
    provider.silence();

    Throwable failure = catchThrowable(() -> android(Duration.ofMillis(300)).send(REMINDER).await());

    assertThat(failure).isNotNull().isNotInstanceOf(SmsRefused.class);
  }

  @Test
  void brevoGetsATransactionalTextWithItsApiKeyAndTheCentresCallback() {
    SmsReceipt receipt = brevo().send(REMINDER).await();

    assertThat(receipt).isEqualTo(new SmsReceipt("1511882900176220", DeliveryState.QUEUED));
    FakeSmsProvider.Received request = provider.received().get(0);
    assertThat(request.path()).isEqualTo("/transactionalSMS/sms");
    assertThat(request.header("api-key")).isEqualTo("xkeysib-0123456789abcdef");
    assertThat(request.header("Authorization")).isNull();
    assertThat(request.body()).isEqualTo(new JsonObject().put("sender", "CSTilleuls").put("recipient", "33612345678")
        .put("content", REMINDER.text()).put("type", "transactional").put("tag", "reminder-24h-4f1c2a")
        .put("webUrl", "https://relais.example/hooks/sms/brevo/c1?key=k"));
  }

  @Test
  void brevoRefusingTheNumberIsFinalButRunningOutOfCreditsIsNot() {
    provider.answer(400, new JsonObject().put("code", "invalid_parameter").put("message", "Invalid phone number"));
    assertThat(catchThrowable(() -> brevo().send(REMINDER).await()))
        .isInstanceOf(SmsRefused.class).hasMessageContaining("Invalid phone number");
    provider.answer(402, new JsonObject().put("code", "not_enough_credits").put("message", "Not enough credits"));
    assertThat(catchThrowable(() -> brevo().send(REMINDER).await())).isNotNull()
        .isNotInstanceOf(SmsRefused.class);
    provider.answer(503, new JsonObject());
    assertThat(catchThrowable(() -> brevo().send(REMINDER).await())).isNotNull()
        .isNotInstanceOf(SmsRefused.class);
  }
}
