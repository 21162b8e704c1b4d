package org.relais.hub.testing;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A stand-in for the SMS providers, which lie outside Relais, speaking their documented shapes: the "SMS Gateway
 * for Android" app ({@code POST …/messages}, answering the message's id and state; a second message with an id it
 * already holds answers 409) and Brevo ({@code POST …/transactionalSMS/sms}, answering a message id). It records
 * every request, can be told to answer otherwise or not at all, and sends the providers' webhooks: the app's
 * signed with HMAC-SHA256 over body and timestamp, Brevo's to the callback URL it was given.
 */
public final class FakeSmsProvider implements AutoCloseable {
  /** A request as the provider received it. */
  public record Received(String path, Map<String, String> headers, JsonObject body) {
    public String header(String name) {
      return headers.get(name.toLowerCase());
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final WebClient client;
  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> androidIds = new CopyOnWriteArrayList<>();
  private final AtomicLong brevoIds = new AtomicLong(1_511_882_900_176_220L);
  private volatile Integer status;
  private volatile JsonObject answer;
  private volatile boolean silent;

  private FakeSmsProvider(Vertx vertx) {
    this.vertx = vertx;
    Router router = Router.router(vertx);
    router.route().handler(BodyHandler.create(false));
    router.post().handler(this::answer);
    this.server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
    this.client = WebClient.create(vertx);
  }

  public static FakeSmsProvider start() {
    return new FakeSmsProvider(Vertx.vertx());
  }

  /** {@code http://127.0.0.1:<port>}: the Android app's local address, or Brevo's API root. */
  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  public List<Received> received() {
    return List.copyOf(received);
  }

  /** From now on, answers every request with {@code status} and {@code body}. */
  public void answer(int status, JsonObject body) {
    this.status = status;
    this.answer = body;
  }

  /** From now on, answers nothing: a phone that went off the network mid-request. */
  public void silence() {
    this.silent = true;
  }

  private void answer(RoutingContext ctx) {
    Map<String, String> headers = new TreeMap<>();
    ctx.request().headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
    JsonObject body;
    try {
      body = ctx.body().asJsonObject();
    } catch (RuntimeException e) {
      body = new JsonObject();
    }
    received.add(new Received(ctx.request().path(), headers, body));
    if (silent) {
      return;
    }
    if (status != null) {
      ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json").end(answer.encode());
      return;
    }
    if (ctx.request().path().endsWith("/messages")) {
      String id = body.getString("id", UUID.randomUUID().toString());
      if (androidIds.contains(id)) {
        ctx.response().setStatusCode(409).putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("message", "message with such ID already exists").encode());
        return;
      }
      androidIds.add(id);
      JsonArray recipients = new JsonArray();
      body.getJsonArray("phoneNumbers", new JsonArray()).forEach(number -> recipients.add(new JsonObject()
          .put("phoneNumber", number).put("state", "Pending")));
      ctx.response().setStatusCode(202).putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("id", id).put("state", "Pending").put("isHashed", false).put("isEncrypted", false)
          .put("recipients", recipients).encode());
      return;
    }
    if (ctx.request().path().endsWith("/transactionalSMS/sms")) {
      ctx.response().setStatusCode(201).putHeader("Content-Type", "application/json").end(new JsonObject()
          .put("reference", "ab1cde2fgh3i4jklmno").put("messageId", brevoIds.getAndIncrement()).put("smsCount", 1)
          .put("usedCredits", 0.7).put("remainingCredits", 82.85).encode());
      return;
    }
    ctx.response().setStatusCode(404).end();
  }

  /** The app's webhook body: {@code {deviceId, event, id, payload, webhookId}}. */
  public static JsonObject androidEvent(String event, JsonObject payload) {
    return new JsonObject().put("deviceId", "ffffffffceb0b1db0000018e937c815b").put("event", event)
        .put("id", UUID.randomUUID().toString().substring(0, 21)).put("payload", payload)
        .put("webhookId", "relais-" + event);
  }

  /** Posts an app webhook as the app does, signed with {@code signingKey} at {@code timestamp} (Unix seconds). */
  public HttpResponse<Buffer> androidWebhook(String url, String signingKey, JsonObject event, long timestamp) {
    String body = event.encode();
    return androidWebhookSigned(url, body, String.valueOf(timestamp), sign(signingKey, body + timestamp));
  }

  /** Posts {@code body} with exactly the given signature headers. */
  public HttpResponse<Buffer> androidWebhookSigned(String url, String body, String timestamp, String signature) {
    return client.postAbs(url).putHeader("Content-Type", "application/json").putHeader("X-Timestamp", timestamp)
        .putHeader("X-Signature", signature).sendBuffer(Buffer.buffer(body)).await();
  }

  /** Posts a Brevo SMS event to the callback URL a message carried. */
  public HttpResponse<Buffer> brevoCallback(String webUrl, JsonObject event) {
    return client.postAbs(webUrl).putHeader("Content-Type", "application/json").sendJsonObject(event).await();
  }

  /** Brevo's SMS event for a message: {@code {id, to, sms_count, credits_used, messageId, msg_status, …}}. */
  public static JsonObject brevoEvent(Object messageId, String to, String status) {
    return new JsonObject().put("id", 26570).put("to", to).put("sms_count", 1).put("credits_used", 0.7)
        .put("messageId", messageId).put("remaining_credit", 82.15).put("msg_status", status)
        .put("date", "2026-11-23 09:00:00").put("type", "transactional").put("reference", "ab1cde2fgh3i4jklmno")
        .put("ts_event", 1_795_424_400L);
  }

  public static String sign(String key, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(message.getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.close();
    vertx.close().await();
  }
}
