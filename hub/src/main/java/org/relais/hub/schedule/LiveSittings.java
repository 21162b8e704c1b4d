package org.relais.hub.schedule;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.concurrent.atomic.AtomicInteger;
import org.relais.protocol.SittingState;

/**
 * The sittings live now, as {@code relais_sittings_live}: counted in the database every
 * {@link #REFRESH} (every node counts the same sittings, so a dashboard takes the largest of the nodes'
 * figures), and read by the scraper from the last count, so a scrape never waits for the database. A sitting
 * is counted from its start until it is ended, on its day or, for one that runs past midnight, the next.
 */
public final class LiveSittings {
  static final Duration REFRESH = Duration.ofSeconds(15);

  private final SittingStore store;
  private final ZoneId zone;
  private final Clock clock;
  private final AtomicInteger live = new AtomicInteger();
  private long timer = -1;

  public LiveSittings(SittingStore store, ZoneId zone, Clock clock, MeterRegistry registry) {
    this.store = store;
    this.zone = zone;
    this.clock = clock;
    Gauge.builder("relais.sittings.live", live, AtomicInteger::get)
        .description("Sittings started and not yet ended").register(registry);
  }

  /** Counts now, then every {@link #REFRESH}. */
  public void start(Vertx vertx) {
    refresh();
    timer = vertx.setPeriodic(REFRESH.toMillis(), tick -> refresh());
  }

  public void stop(Vertx vertx) {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }

  /** Counts the live sittings again; a failed count keeps the last figure (the database alerts say why). */
  public Future<Integer> refresh() {
    LocalDate today = clock.instant().atZone(zone).toLocalDate();
    return store.between(today.minusDays(1), today)
        .map(bySession -> (int) bySession.values().stream().flatMap(byDate -> byDate.values().stream())
            .filter(stored -> stored.state() == SittingState.LIVE).count())
        .onSuccess(live::set);
  }
}
