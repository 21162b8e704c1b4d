package org.relais.hub.households;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link Retention} when deployed and then every {@code every} (a day by default). Needs nothing but
 * the database, so it can be deployed on its own, on one node or on each (a second run finds nothing left).
 */
public final class RetentionVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(RetentionVerticle.class);

  private final Retention retention;
  private final Duration every;
  private long timer = -1;

  public RetentionVerticle(Retention retention, Duration every) {
    this.retention = retention;
    this.every = every;
  }

  /** Deployed once the first run is over (a failed run is logged, not fatal: the next one tries again). */
  @Override
  public Future<?> start() {
    timer = vertx.setPeriodic(every.toMillis(), id -> run());
    return run();
  }

  private Future<Void> run() {
    return retention.runOnce().<Void>mapEmpty()
        .recover(failure -> {
          LOG.warn("Retention run failed; the next one tries again", failure);
          return Future.succeededFuture();
        });
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return Future.succeededFuture();
  }
}
