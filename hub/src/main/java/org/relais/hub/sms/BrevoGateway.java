package org.relais.hub.sms;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;

/**
 * Sends through Brevo's transactional SMS ({@code POST <api>/transactionalSMS/sms}, header {@code api-key}).
 * Brevo rather than OVHcloud: French associations already use it for their newsletters (one account, one
 * invoice, a free tier and association pricing), its API is one JSON call with an API key (OVHcloud's needs an
 * application key, a consumer key and a signed timestamp per call), and it takes a status-callback URL with
 * each message, so a centre's callbacks carry the centre's own secret without any set-up in Brevo.
 * Brevo takes no idempotency key: the message's key goes in its {@code tag}, so a message sent twice after a
 * crash can at least be found in Brevo's logs.
 */
public final class BrevoGateway implements SmsGateway {
  public static final String PUBLIC_API = "https://api.brevo.com/v3";
  static final String NAME = "Brevo";

  private final WebClient client;
  private final String smsUrl;
  private final String apiKey;
  private final String sender;
  private final String callbackUrl;
  private final Duration timeout;

  /**
   * @param callbackUrl where Brevo reports on each message: this hub's Brevo webhook for the centre, with the
   *     centre's webhook key
   */
  public BrevoGateway(WebClient client, String apiUrl, String apiKey, String sender, String callbackUrl,
      Duration timeout) {
    this.client = client;
    this.smsUrl = apiUrl.replaceAll("/+$", "") + "/transactionalSMS/sms";
    this.apiKey = apiKey;
    this.sender = sender;
    this.callbackUrl = callbackUrl;
    this.timeout = timeout;
  }

  @Override
  public Future<SmsReceipt> send(SmsRequest request) {
    JsonObject body = new JsonObject()
        .put("sender", sender)
        // Brevo wants the country code without the plus sign.
        .put("recipient", request.phoneNumber().substring(1))
        .put("content", request.text())
        .put("type", "transactional")
        .put("tag", request.idempotencyKey())
        .put("webUrl", callbackUrl);
    return client.postAbs(smsUrl).timeout(timeout.toMillis())
        .putHeader("api-key", apiKey)
        .putHeader("Accept", "application/json")
        .sendJsonObject(body)
        .compose(BrevoGateway::receipt);
  }

  private static Future<SmsReceipt> receipt(HttpResponse<Buffer> response) {
    if (!ProviderAnswers.accepted(response)) {
      return ProviderAnswers.failure(NAME, response);
    }
    Object id = ProviderAnswers.body(NAME, response).getValue("messageId");
    if (!(id instanceof Number) && !(id instanceof String)) {
      return Future.failedFuture(new ProviderAnswers.NotAccepted(NAME + " answered without a message id"));
    }
    return Future.succeededFuture(new SmsReceipt(String.valueOf(id), DeliveryState.QUEUED));
  }
}
