package org.relais.hub.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.util.function.Supplier;

/** Liveness, readiness and metrics, for the load balancer and Prometheus. */
public final class Probes {
  private Probes() {}

  public static void mount(Router router, Vertx vertx, Supplier<Future<Void>> databasePing,
      PrometheusMeterRegistry registry) {
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()))));
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("database", 2_000, promise -> databasePing.get()
            .onSuccess(ok -> promise.complete(Status.OK()))
            .onFailure(e -> promise.complete(Status.KO())))));
    router.get("/metrics").handler(PrometheusScrapingHandler.create(registry));
  }
}
