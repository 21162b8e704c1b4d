package org.relais.hub.sms;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.Optional;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;

/**
 * The centres' SMS lines, wired: their settings, the line each centre sends from ({@link #lines()}, for the
 * outbox), the providers' webhooks (mounted once the outbox takes their reports) and the staff pages.
 */
public record SmsFeature(WebClient client, CentreSmsLines lines, SmsSettingsService settings, SmsSettingsStore store,
    PublicAddress address, Optional<DeliveryReports> reports, Clock clock) {

  /**
   * @param shared the line of a centre that has set none up (the local outbox file)
   * @param reports where the providers' reports go; without it the webhooks are not mounted
   */
  public static SmsFeature start(Vertx vertx, Pool pool, CentreService centres, PublicAddress address,
      SmsLines shared, Optional<DeliveryReports> reports, Clock clock) {
    WebClient client = WebClient.create(vertx, new WebClientOptions().setUserAgent("Relais")
        .setFollowRedirects(false));
    SmsSettingsStore store = new SmsSettingsStore(pool);
    CentreSmsLines lines = new CentreSmsLines(store, new SmsGateways(client, address), shared);
    lines.listen(vertx.eventBus());
    return new SmsFeature(client, lines, new SmsSettingsService(store, centres, lines, vertx.eventBus(), clock),
        store, address, reports, clock);
  }

  /** The providers' webhooks, on the hub's root router. */
  public void mount(Router root) {
    reports.ifPresent(to -> new SmsWebhooks(store, to, clock).mount(root));
  }

  public StaffArea.Section pages(StaffPages pages, CentreService centres) {
    return new SmsSettingsPages(pages, centres, settings, lines, address);
  }

  public Future<Void> stop() {
    return lines.stop().onComplete(done -> client.close());
  }
}
