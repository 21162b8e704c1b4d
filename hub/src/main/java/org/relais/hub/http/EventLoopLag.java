package org.relais.hub.http;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.vertx.core.Vertx;
import io.vertx.core.internal.VertxInternal;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * How late each event loop runs a task due now: a probe scheduled on every loop once a second, and the
 * time between when it was due and when it ran, as {@code relais_event_loop_lag_seconds}. A loop kept busy
 * by blocking code or a flood of work shows a lag long before requests time out.
 */
public final class EventLoopLag {
  static final Duration INTERVAL = Duration.ofSeconds(1);

  private final Iterable<EventExecutor> loops;
  private final Timer lag;
  private volatile boolean stopped;

  public EventLoopLag(Vertx vertx, MeterRegistry registry) {
    // The loops are Netty's, reached through Vert.x's integration interface: the public one hides them.
    this.loops = ((VertxInternal) vertx).nettyEventLoopGroup();
    this.lag = Timer.builder("relais.event.loop.lag")
        .description("Delay between when a task was due on an event loop and when the loop ran it")
        .register(registry);
  }

  public void start() {
    loops.forEach(this::probe);
  }

  public void stop() {
    stopped = true;
  }

  private void probe(EventExecutor loop) {
    if (stopped || loop.isShuttingDown()) {
      return;
    }
    long due = System.nanoTime() + INTERVAL.toNanos();
    try {
      loop.schedule(() -> {
        lag.record(Math.max(0, System.nanoTime() - due), TimeUnit.NANOSECONDS);
        probe(loop);
      }, INTERVAL.toNanos(), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      // Vert.x is closing: the loop takes no more tasks, and there is nothing left to measure.
    }
  }
}
