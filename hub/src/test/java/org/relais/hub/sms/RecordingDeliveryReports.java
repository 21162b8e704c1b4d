package org.relais.hub.sms;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for the outbox at the package's boundary: keeps every report and opt-out it is given. */
final class RecordingDeliveryReports implements DeliveryReports {
  final List<DeliveryReport> reports = new CopyOnWriteArrayList<>();
  final List<String> optOuts = new CopyOnWriteArrayList<>();

  @Override
  public Future<Boolean> report(DeliveryReport report) {
    reports.add(report);
    return Future.succeededFuture(true);
  }

  @Override
  public Future<Void> optOut(String phoneNumber, String via) {
    optOuts.add(phoneNumber + " via " + via);
    return Future.succeededFuture();
  }
}
