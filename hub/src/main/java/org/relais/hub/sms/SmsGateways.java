package org.relais.hub.sms;

import io.vertx.ext.web.client.WebClient;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.relais.hub.http.PublicAddress;

/** Builds the gateway a centre's settings describe; the local outbox file is not built here but given. */
final class SmsGateways {
  /** A provider that has not answered by then may still send: the outbox retries, the provider's id deduplicates. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

  private final WebClient client;
  private final PublicAddress address;

  SmsGateways(WebClient client, PublicAddress address) {
    this.client = client;
    this.address = address;
  }

  SmsGateway of(SmsSettings settings) {
    return switch (settings.provider()) {
      case ANDROID_GATEWAY -> new AndroidGateway(client, settings.baseUrl().orElseThrow(),
          settings.username().orElseThrow(), settings.secret().orElseThrow(), REQUEST_TIMEOUT);
      case BREVO -> new BrevoGateway(client, settings.baseUrl().orElse(BrevoGateway.PUBLIC_API),
          settings.secret().orElseThrow(), settings.sender().orElseThrow(), brevoCallback(settings), REQUEST_TIMEOUT);
      case LOCAL_FILE -> throw new IllegalArgumentException("the local outbox file is the outbox's own gateway");
    };
  }

  /** Brevo's status callbacks for this centre, carrying its webhook key (query strings are kept out of the logs). */
  String brevoCallback(SmsSettings settings) {
    return address.link(SmsWebhooks.BREVO_PATH + settings.centreId() + "?key="
        + URLEncoder.encode(settings.webhookKey().orElse(""), StandardCharsets.UTF_8));
  }
}
