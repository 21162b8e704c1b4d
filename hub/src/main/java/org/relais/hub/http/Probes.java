package org.relais.hub.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.healthchecks.HealthCheckHandler;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.Supplier;

/**
 * Liveness and readiness for the load balancer, open to all; metrics for Prometheus, only with the bearer
 * token of {@code metrics.bearerToken} (they tell who is connected and how busy the hub is). Without a token
 * configured, {@code /metrics} does not exist (404).
 */
public final class Probes {
  private static final String BEARER = "bearer ";

  private Probes() {}

  public static void mount(Router router, Vertx vertx, Supplier<Future<Void>> databasePing,
      PrometheusMeterRegistry registry, MetricsConfig metrics) {
    router.get("/health").handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("event-loop", promise -> promise.complete(Status.OK()))));
    router.get("/ready").handler(HealthCheckHandler.createWithHealthChecks(HealthChecks.create(vertx)
        .register("database", 2_000, promise -> databasePing.get()
            .onSuccess(ok -> promise.complete(Status.OK()))
            .onFailure(e -> promise.complete(Status.KO())))));
    metrics.bearerToken().ifPresent(token -> router.get("/metrics").handler(scraperOnly(token))
        .handler(PrometheusScrapingHandler.create(registry)));
  }

  private static Handler<RoutingContext> scraperOnly(String token) {
    byte[] expected = token.getBytes(StandardCharsets.UTF_8);
    return ctx -> {
      String header = ctx.request().getHeader(HttpHeaders.AUTHORIZATION);
      boolean bearer = header != null && header.regionMatches(true, 0, BEARER, 0, BEARER.length());
      if (bearer && MessageDigest.isEqual(expected,
          header.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8))) {
        ctx.next();
      } else {
        ctx.fail(new ProblemException(new Problem("unauthorized", "Authentication required", 401,
            "The metrics bearer token is required", "Authorization")));
      }
    };
  }
}
