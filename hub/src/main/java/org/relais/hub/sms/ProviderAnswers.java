package org.relais.hub.sms;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.Optional;

/**
 * What a provider's HTTP answer means for the outbox: a refusal that no retry can change (a bad number, bad
 * credentials, a rejected text) is {@link SmsRefused}; anything the provider may get over (a timeout, its own
 * failure, too many requests) is an ordinary failure, retried later.
 */
final class ProviderAnswers {
  private static final int LONGEST_REASON = 200;

  private ProviderAnswers() {}

  /** A provider that did not accept the message this time. */
  static final class NotAccepted extends RuntimeException {
    NotAccepted(String reason) {
      super(reason, null, false, false);
    }
  }

  static <T> Future<T> failure(String provider, HttpResponse<Buffer> response) {
    int status = response.statusCode();
    String reason = provider + " answered HTTP " + status + reason(response).map(text -> ": " + text).orElse("");
    // 402 is Brevo's "not enough credits": the centre can buy more, so the message waits rather than dies.
    boolean passing = status >= 500 || status == 402 || status == 408 || status == 425 || status == 429
        || status < 400;
    return Future.failedFuture(passing ? new NotAccepted(reason) : new SmsRefused(reason));
  }

  /** The provider's own words on a refusal ({@code message} in both APIs), kept short: they end up on pages. */
  static Optional<String> reason(HttpResponse<Buffer> response) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      String message = body == null ? null : body.getValue("message") instanceof String text ? text : null;
      if (message == null || message.isBlank()) {
        return Optional.empty();
      }
      String line = message.strip().replaceAll("\\s+", " ");
      return Optional.of(line.length() > LONGEST_REASON ? line.substring(0, LONGEST_REASON) + "…" : line);
    } catch (DecodeException | ClassCastException e) {
      return Optional.empty();
    }
  }

  static boolean accepted(HttpResponse<Buffer> response) {
    return response.statusCode() >= 200 && response.statusCode() < 300;
  }

  /** A 2xx answer whose body is not what the provider documents: it may have sent, so it is not refused. */
  static JsonObject body(String provider, HttpResponse<Buffer> response) {
    try {
      JsonObject body = response.bodyAsJsonObject();
      if (body == null) {
        throw new NotAccepted(provider + " answered without a body");
      }
      return body;
    } catch (DecodeException | ClassCastException e) {
      throw new NotAccepted(provider + " answered something other than JSON");
    }
  }
}
