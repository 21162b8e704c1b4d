package org.relais.hub.sms;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.authentication.UsernamePasswordCredentials;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;

/**
 * Sends through "SMS Gateway for Android" (capcom6/android-sms-gateway) on the centre's own phone: its local
 * server ({@code http://<phone>:8080}) or the project's cloud relay ({@code https://api.sms-gate.app/3rdparty/v1}),
 * both with the app's user name and password (basic auth), both answering {@code POST <base>/messages}.
 * The message's {@code id} is derived from the outbox's idempotency key: the app refuses an id it already has,
 * so a retry after a crash cannot send the text twice.
 */
public final class AndroidGateway implements SmsGateway {
  static final String NAME = "SMS Gateway for Android";
  /** The app keeps ids of at most 36 characters; a longer key is hashed to that length. */
  private static final int LONGEST_ID = 36;

  private final WebClient client;
  private final String messagesUrl;
  private final UsernamePasswordCredentials credentials;
  private final Duration timeout;

  public AndroidGateway(WebClient client, String baseUrl, String username, String password, Duration timeout) {
    this.client = client;
    this.messagesUrl = baseUrl.replaceAll("/+$", "") + "/messages";
    this.credentials = new UsernamePasswordCredentials(username, password);
    this.timeout = timeout;
  }

  @Override
  public Future<SmsReceipt> send(SmsRequest request) {
    String id = messageId(request.idempotencyKey());
    JsonObject body = new JsonObject()
        .put("id", id)
        .put("textMessage", new JsonObject().put("text", request.text()))
        .put("phoneNumbers", new JsonArray().add(request.phoneNumber()))
        .put("withDeliveryReport", true);
    return client.postAbs(messagesUrl).authentication(credentials).timeout(timeout.toMillis())
        .putHeader("Accept", "application/json")
        .sendJsonObject(body)
        .compose(response -> receipt(id, response));
  }

  private static Future<SmsReceipt> receipt(String id, HttpResponse<Buffer> response) {
    if (response.statusCode() == 409) {
      // The app already holds a message with this id: an earlier attempt reached it.
      return Future.succeededFuture(new SmsReceipt(id, DeliveryState.QUEUED));
    }
    if (!ProviderAnswers.accepted(response)) {
      return ProviderAnswers.failure(NAME, response);
    }
    JsonObject body = ProviderAnswers.body(NAME, response);
    String given = body.getValue("id") instanceof String text && !text.isBlank() ? text : id;
    return Future.succeededFuture(new SmsReceipt(given, state(body.getValue("state"))));
  }

  /** The app's states (Pending, Processed, Sent, Delivered, Failed) as the outbox's. */
  static DeliveryState state(Object state) {
    String name = state instanceof String text ? text.toLowerCase(Locale.ROOT) : "";
    return switch (name) {
      case "sent" -> DeliveryState.SENT;
      case "delivered" -> DeliveryState.DELIVERED;
      case "failed" -> DeliveryState.FAILED;
      default -> DeliveryState.QUEUED;
    };
  }

  /** The app's message id for an idempotency key: the key itself when it fits, else a digest of it. */
  static String messageId(String idempotencyKey) {
    if (idempotencyKey.length() <= LONGEST_ID && idempotencyKey.matches("[A-Za-z0-9_.:-]+")) {
      return idempotencyKey;
    }
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(digest).substring(0, LONGEST_ID);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JVM", e);
    }
  }
}
