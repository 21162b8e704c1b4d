package org.relais.hub.sms;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.relais.hub.http.ProblemException;

/**
 * The providers' callbacks, one address per centre and provider:
 * <ul>
 *   <li>{@code POST /hooks/sms/android/{centreId}}: the Android app's webhooks ({@code sms:sent}, {@code
 *   sms:delivered}, {@code sms:failed}, {@code sms:received}), signed with the app's signing key: HMAC-SHA256
 *   of the raw body followed by {@code X-Timestamp}, hex in {@code X-Signature};</li>
 *   <li>{@code POST /hooks/sms/brevo/{centreId}?key=…}: Brevo's status callbacks, carrying the centre's webhook
 *   key in the address the hub gave Brevo with each message (or as {@code Authorization: Bearer}).</li>
 * </ul>
 * Anything not proven to come from the centre's line (an unknown centre, another provider, no key, a wrong
 * signature, a timestamp out of the window) gets the same 403 and changes nothing. Reports go to the outbox;
 * a family's "STOP" opts its number out.
 */
public final class SmsWebhooks {
  static final String ANDROID_PATH = "/hooks/sms/android/";
  static final String BREVO_PATH = "/hooks/sms/brevo/";
  /** How far an Android webhook's timestamp may be from the hub's clock: its docs advise five minutes. */
  static final Duration SIGNATURE_WINDOW = Duration.ofMinutes(5);
  private static final int MOST_BYTES = 64 * 1024;

  private final SmsSettingsStore store;
  private final DeliveryReports reports;
  private final Clock clock;

  SmsWebhooks(SmsSettingsStore store, DeliveryReports reports, Clock clock) {
    this.store = store;
    this.reports = reports;
    this.clock = clock;
  }

  public void mount(Router root) {
    root.post("/hooks/sms/*").handler(BodyHandler.create(false).setBodyLimit(MOST_BYTES));
    root.post(ANDROID_PATH + ":centreId").handler(ctx -> handle(ctx, SmsProvider.ANDROID_GATEWAY));
    root.post(BREVO_PATH + ":centreId").handler(ctx -> handle(ctx, SmsProvider.BREVO));
  }

  private void handle(RoutingContext ctx, SmsProvider provider) {
    Optional<UUID> centreId = uuid(ctx.pathParam("centreId"));
    if (centreId.isEmpty()) {
      ctx.fail(refused());
      return;
    }
    Buffer body = ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    store.find(centreId.get())
        .compose(settings -> {
          boolean authentic = settings.filter(found -> found.provider() == provider)
              .flatMap(SmsSettings::webhookKey)
              .map(key -> provider == SmsProvider.ANDROID_GATEWAY ? signedByApp(ctx, body, key) : carriesKey(ctx, key))
              .orElse(false);
          if (!authentic) {
            return Future.failedFuture(refused());
          }
          JsonObject event = json(body);
          return provider == SmsProvider.ANDROID_GATEWAY ? androidEvent(event) : brevoEvent(event);
        })
        .onSuccess(done -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private boolean signedByApp(RoutingContext ctx, Buffer body, String key) {
    String timestamp = ctx.request().getHeader("X-Timestamp");
    String signature = ctx.request().getHeader("X-Signature");
    if (timestamp == null || signature == null || !timestamp.matches("[0-9]{1,12}")) {
      return false;
    }
    Instant signedAt = Instant.ofEpochSecond(Long.parseLong(timestamp));
    if (Duration.between(signedAt, clock.instant()).abs().compareTo(SIGNATURE_WINDOW) > 0) {
      return false;
    }
    byte[] expected = HexFormat.of().formatHex(hmac(key, Buffer.buffer().appendBuffer(body)
        .appendString(timestamp, "UTF-8").getBytes())).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.strip().toLowerCase(Locale.ROOT)
        .getBytes(StandardCharsets.US_ASCII));
  }

  private static boolean carriesKey(RoutingContext ctx, String key) {
    String sent = ctx.request().getParam("key");
    String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
    if (sent == null && header != null && header.startsWith("Bearer ")) {
      sent = header.substring("Bearer ".length()).strip();
    }
    return sent != null && MessageDigest.isEqual(key.getBytes(StandardCharsets.UTF_8),
        sent.getBytes(StandardCharsets.UTF_8));
  }

  /** The app's events; others ({@code system:ping}, MMS, data SMS) are acknowledged and ignored. */
  private Future<Void> androidEvent(JsonObject event) {
    JsonObject payload = object(event, "payload");
    String type = text(event, "event").orElse("");
    return switch (type) {
      case "sms:sent" -> report(payload, DeliveryState.SENT, Optional.empty(), "sentAt");
      case "sms:delivered" -> report(payload, DeliveryState.DELIVERED, Optional.empty(), "deliveredAt");
      case "sms:failed" -> report(payload, DeliveryState.FAILED,
          Optional.of(text(payload, "reason").orElse("failed")), "failedAt");
      case "sms:received" -> StopWords.asksToStop(text(payload, "message").orElse(null))
          ? optOut(text(payload, "phoneNumber")) : Future.succeededFuture();
      default -> Future.succeededFuture();
    };
  }

  private Future<Void> report(JsonObject payload, DeliveryState state, Optional<String> reason, String atField) {
    String id = text(payload, "messageId").orElseThrow(() -> invalid("payload.messageId is missing"));
    Instant at = text(payload, atField).flatMap(SmsWebhooks::instant).orElseGet(clock::instant);
    return reports.report(new DeliveryReport(id, state, reason.map(SmsWebhooks::shortened), at)).mapEmpty();
  }

  /**
   * Brevo's SMS events ({@code msg_status}: sent, delivered, soft_bounce, hard_bounce, and the replies and
   * unsubscriptions some accounts forward). A transactional text from a named sender cannot be answered, so a
   * STOP only reaches the hub from a numbered sender; Brevo's own STOP list covers its marketing texts.
   */
  private Future<Void> brevoEvent(JsonObject event) {
    String status = text(event, "msg_status").or(() -> text(event, "event")).orElse("")
        .toLowerCase(Locale.ROOT).replaceFirst("^sms_", "");
    Optional<String> to = Optional.ofNullable(event.getValue("to")).map(String::valueOf)
        .map(number -> number.startsWith("+") ? number : "+" + number);
    return switch (status) {
      case "sent", "accepted" -> brevoReport(event, DeliveryState.SENT, Optional.empty());
      case "delivered" -> brevoReport(event, DeliveryState.DELIVERED, Optional.empty());
      case "soft_bounce", "hard_bounce", "rejected", "blocked", "error" -> brevoReport(event, DeliveryState.FAILED,
          Optional.of(text(event, "description").map(text -> status + ": " + text).orElse(status)));
      case "unsubscribed", "unsubscription", "blacklisted" -> optOut(to);
      case "reply", "replied" -> StopWords.asksToStop(text(event, "reply").or(() -> text(event, "message"))
          .orElse(null)) ? optOut(to) : Future.succeededFuture();
      default -> Future.succeededFuture();
    };
  }

  private Future<Void> brevoReport(JsonObject event, DeliveryState state, Optional<String> reason) {
    Object id = event.getValue("messageId");
    if (!(id instanceof Number) && !(id instanceof String)) {
      return Future.failedFuture(invalid("messageId is missing"));
    }
    Instant at = event.getValue("ts_event") instanceof Number seconds ? Instant.ofEpochSecond(seconds.longValue())
        : clock.instant();
    return reports.report(new DeliveryReport(String.valueOf(id), state, reason.map(SmsWebhooks::shortened), at))
        .mapEmpty();
  }

  private Future<Void> optOut(Optional<String> number) {
    return number.flatMap(PhoneNumbers::e164).map(phone -> reports.optOut(phone, "sms"))
        .orElseGet(Future::succeededFuture);
  }

  private static JsonObject json(Buffer body) {
    try {
      Object parsed = body.length() == 0 ? null : Buffer.buffer(body.getBytes()).toJsonValue();
      if (parsed instanceof JsonObject object) {
        return object;
      }
    } catch (DecodeException e) {
      // Answered below, as any other body that is not an object.
    }
    throw invalid("The body is not a JSON object");
  }

  private static JsonObject object(JsonObject parent, String field) {
    return parent.getValue(field) instanceof JsonObject object ? object : new JsonObject();
  }

  private static Optional<String> text(JsonObject parent, String field) {
    return parent.getValue(field) instanceof String text && !text.isBlank() ? Optional.of(text.strip())
        : Optional.empty();
  }

  private static Optional<Instant> instant(String value) {
    try {
      return Optional.of(OffsetDateTime.parse(value).toInstant());
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String shortened(String reason) {
    return reason.length() > 200 ? reason.substring(0, 200) + "…" : reason;
  }

  private static Optional<UUID> uuid(String value) {
    try {
      return Optional.of(UUID.fromString(value));
    } catch (IllegalArgumentException | NullPointerException e) {
      return Optional.empty();
    }
  }

  private static byte[] hmac(String key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(message);
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 is part of every JVM", e);
    }
  }

  /** One answer for every webhook that cannot be proven to come from the centre's line. */
  private static ProblemException refused() {
    return ProblemException.forbidden("This webhook's signature or key is not valid");
  }

  private static ProblemException invalid(String detail) {
    return ProblemException.badRequest("body", detail);
  }
}
