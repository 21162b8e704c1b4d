package org.relais.hub.http;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
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
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.LongStream;

/**
 * Liveness and readiness for the load balancer, open to all; metrics for Prometheus, only with the bearer
 * token of {@code metrics.bearerToken} (they tell who is connected and how busy the hub is). Without a token
 * configured, {@code /metrics} does not exist (404).
 */
public final class Probes {
  private static final String BEARER = "bearer ";

  /**
   * Bounds of the response-time histogram, in nanoseconds as a timer's configuration takes them: enough for
   * a latency percentile, few enough to stay cheap.
   */
  private static final double[] RESPONSE_TIME_BUCKETS = LongStream.of(5, 10, 25, 50, 100, 250, 500, 1_000, 2_500,
      5_000, 10_000).mapToDouble(millis -> Duration.ofMillis(millis).toNanos()).toArray();

  private Probes() {}

  /**
   * The registry the hub's meters go to, read by {@code /metrics}. HTTP response times get histogram
   * buckets, so a dashboard can show their percentiles across nodes ({@code histogram_quantile}).
   */
  public static PrometheusMeterRegistry registry() {
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().meterFilter(new MeterFilter() {
      @Override
      public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        return id.getName().equals("vertx.http.server.response.time")
            ? DistributionStatisticConfig.builder().serviceLevelObjectives(RESPONSE_TIME_BUCKETS).build().merge(config)
            : config;
      }
    });
    return registry;
  }

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
