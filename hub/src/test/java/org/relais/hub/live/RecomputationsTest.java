package org.relais.hub.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Requests from event loops and plain threads at once, computations that succeed, fail, throw or
 * hang: each session's last request is always answered, and later requests still are.
 */
class RecomputationsTest {
  private static final int REQUESTS = 3_000;
  private static final int HAMMERED = 200_000;
  private final Vertx vertx = Vertx.vertx();
  private final ExecutorService threads = Executors.newFixedThreadPool(4);

  @AfterEach
  void close() {
    threads.shutdownNow();
    vertx.close().await();
  }

  /** A session's figures: a version that every change moves on; some versions cannot be computed. */
  private static final class Figures {
    final AtomicInteger version = new AtomicInteger();
    final Set<Integer> failing = ConcurrentHashMap.newKeySet();
    final List<Integer> delivered = new CopyOnWriteArrayList<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostAtOnce = new AtomicInteger();
    final Map<Integer, Promise<Void>> awaited = new ConcurrentHashMap<>();

    Future<Void> delivery(int wanted) {
      return awaited.computeIfAbsent(wanted, v -> Promise.promise()).future();
    }

    void deliver(int seen) {
      delivered.add(seen);
      awaited.computeIfAbsent(seen, v -> Promise.promise()).tryComplete();
    }
  }

  /** Reads the version when it starts, then answers at once or a moment later, or fails either way. */
  private Future<Integer> compute(Figures figures) {
    int seen = figures.version.get();
    figures.mostAtOnce.accumulateAndGet(figures.running.incrementAndGet(), Math::max);
    boolean fails = figures.failing.contains(seen);
    if (fails && seen % 2 == 0) {
      figures.running.decrementAndGet();
      throw new IllegalStateException("the database is away");
    }
    Promise<Integer> answer = Promise.promise();
    Runnable finish = () -> {
      figures.running.decrementAndGet();
      if (fails) {
        answer.fail("no figures for version " + seen);
      } else {
        answer.complete(seen);
      }
    };
    if (ThreadLocalRandom.current().nextBoolean()) {
      finish.run();
    } else {
      vertx.setTimer(1, fired -> finish.run());
    }
    return answer.future();
  }

  @Test
  void theLastRequestIsAlwaysAnsweredWhateverFailsMeanwhileAndLaterOnesStillAre() throws Exception {
    Map<UUID, Figures> sessions = Map.of(UUID.randomUUID(), new Figures(), UUID.randomUUID(), new Figures(),
        UUID.randomUUID(), new Figures());
    Recomputations<Integer> recomputations = new Recomputations<>("figures",
        id -> compute(sessions.get(id)), (id, seen) -> sessions.get(id).deliver(seen), Duration.ofSeconds(10));
    List<UUID> ids = new ArrayList<>(sessions.keySet());
    List<Context> eventLoops = List.of(vertx.getOrCreateContext(), vertx.getOrCreateContext(),
        vertx.getOrCreateContext());
    sessions.values().forEach(figures -> {
      for (int version = 1; version < REQUESTS; version++) {
        if (ThreadLocalRandom.current().nextInt(3) == 0) {
          figures.failing.add(version);
        }
      }
    });

    List<Future<Void>> asked = new ArrayList<>();
    for (int i = 0; i < REQUESTS * ids.size(); i++) {
      UUID id = ids.get(i % ids.size());
      Runnable change = () -> {
        sessions.get(id).version.incrementAndGet();
        recomputations.request(id);
      };
      Promise<Void> done = Promise.promise();
      if (i % 2 == 0) {
        eventLoops.get(i % eventLoops.size()).runOnContext(go -> {
          change.run();
          done.complete();
        });
      } else {
        threads.execute(() -> {
          change.run();
          done.complete();
        });
      }
      asked.add(done.future());
    }
    Future.all(asked).await(30, TimeUnit.SECONDS);

    for (UUID id : ids) {
      Figures figures = sessions.get(id);
      assertThat(figures.version.get()).isEqualTo(REQUESTS);
      figures.delivery(REQUESTS).await(30, TimeUnit.SECONDS);
      assertThat(figures.failing).isNotEmpty().doesNotContain(REQUESTS);
      assertThat(figures.delivered).doesNotContainAnyElementsOf(figures.failing).isSorted();
      assertThat(figures.mostAtOnce.get()).isEqualTo(1);

      figures.version.incrementAndGet();
      recomputations.request(id);
      figures.delivery(REQUESTS + 1).await(30, TimeUnit.SECONDS);
      assertThat(figures.delivered).endsWith(REQUESTS, REQUESTS + 1);
    }
  }

  @Test
  void requestsHammeredFromManyThreadsAtOnceNeverLeaveASessionStuck() throws Exception {
    UUID session = UUID.randomUUID();
    AtomicInteger version = new AtomicInteger();
    Map<Integer, Promise<Void>> deliveries = new ConcurrentHashMap<>();
    Recomputations<Integer> recomputations = new Recomputations<>("figures",
        id -> Future.succeededFuture(version.get()),
        (id, seen) -> deliveries.computeIfAbsent(seen, v -> Promise.promise()).tryComplete(), Duration.ofSeconds(10));
    CompletableFuture<?>[] hammers = new CompletableFuture<?>[4];
    for (int t = 0; t < hammers.length; t++) {
      hammers[t] = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < HAMMERED; i++) {
          version.incrementAndGet();
          recomputations.request(session);
        }
      }, threads);
    }
    CompletableFuture.allOf(hammers).get(60, TimeUnit.SECONDS);
    int last = version.incrementAndGet();
    recomputations.request(session);
    deliveries.computeIfAbsent(last, v -> Promise.promise()).future().await(10, TimeUnit.SECONDS);
  }

  @Test
  void aHungComputationFreesItsSessionAfterTheLimitAndItsLateAnswerIsDropped() throws Exception {
    UUID session = UUID.randomUUID();
    List<Promise<Promise<String>>> started = List.of(Promise.promise(), Promise.promise(), Promise.promise());
    AtomicInteger computations = new AtomicInteger();
    List<String> delivered = new CopyOnWriteArrayList<>();
    Map<String, Promise<Void>> deliveries = new ConcurrentHashMap<>();
    Recomputations<String> recomputations = new Recomputations<>("figures", id -> {
      Promise<String> computation = Promise.promise();
      started.get(computations.getAndIncrement()).complete(computation);
      return computation.future();
    }, (id, answer) -> {
      delivered.add(answer);
      deliveries.computeIfAbsent(answer, a -> Promise.promise()).complete();
    }, Duration.ofMillis(200));

    recomputations.request(session);
    recomputations.request(session);
    recomputations.request(session);
    assertThat(computations.get()).isEqualTo(1);
    // The first never answers in time: the limit frees the session and the requests made meanwhile run once.
    started.get(1).future().await(10, TimeUnit.SECONDS).complete("fresh");
    deliveries.computeIfAbsent("fresh", a -> Promise.promise()).future().await(10, TimeUnit.SECONDS);
    started.get(0).future().await().complete("stale");

    recomputations.request(session);
    started.get(2).future().await(10, TimeUnit.SECONDS).complete("later");
    deliveries.computeIfAbsent("later", a -> Promise.promise()).future().await(10, TimeUnit.SECONDS);
    assertThat(delivered).containsExactly("fresh", "later");
    assertThat(computations.get()).isEqualTo(3);
  }
}
