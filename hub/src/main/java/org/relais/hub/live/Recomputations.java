package org.relais.hub.live;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Recomputes something of a session, one computation at a time per session however many ask, from
 * whichever thread: asking while one runs makes it run once more when it ends, so the last request is
 * always answered by a computation that began after it. Only what a computation gives within the limit
 * is delivered; one that fails, throws or hangs frees its session all the same, and the late answer of
 * a hung one is dropped rather than delivered after a newer one. The state is this node's own: nothing
 * another node does can hold it.
 */
final class Recomputations<T> {
  private static final Logger LOG = LoggerFactory.getLogger(Recomputations.class);

  /** A session absent from the map is idle. */
  private enum State { RUNNING, RUN_AGAIN }

  private final String what;
  private final Function<UUID, Future<T>> compute;
  private final BiConsumer<UUID, T> deliver;
  private final Duration limit;
  private final Map<UUID, State> sessions = new ConcurrentHashMap<>();

  Recomputations(String what, Function<UUID, Future<T>> compute, BiConsumer<UUID, T> deliver, Duration limit) {
    this.what = what;
    this.compute = compute;
    this.deliver = deliver;
    this.limit = limit;
  }

  void request(UUID sessionId) {
    // Atomic per session: either this request starts a run, or the running one will run again.
    if (sessions.merge(sessionId, State.RUNNING, (running, asked) -> State.RUN_AGAIN) == State.RUNNING) {
      run(sessionId);
    }
  }

  /**
   * Runs computations for the session until nobody asks again. A loop, not a recursion: a computation
   * that completes at once, rerun while others keep asking, would otherwise nest a frame per run.
   */
  private void run(UUID sessionId) {
    while (true) {
      // Whichever comes second, this loop or the computation's end, decides whether to run again.
      AtomicBoolean oneDone = new AtomicBoolean();
      computeOnce(sessionId).onComplete(result -> {
        report(sessionId, result);
        if (!oneDone.compareAndSet(false, true) && runAgain(sessionId)) {
          run(sessionId);
        }
      });
      if (oneDone.compareAndSet(false, true) || !runAgain(sessionId)) {
        return;
      }
    }
  }

  private Future<T> computeOnce(UUID sessionId) {
    Future<T> computed;
    try {
      computed = compute.apply(sessionId);
    } catch (RuntimeException e) {
      computed = Future.failedFuture(e);
    }
    return computed.timeout(limit.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void report(UUID sessionId, AsyncResult<T> result) {
    try {
      if (result.succeeded()) {
        deliver.accept(sessionId, result.result());
      } else {
        LOG.warn("Could not compute {} of session {}", what, sessionId, result.cause());
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not deliver {} of session {}", what, sessionId, e);
    }
  }

  /** True when someone asked while the last run went on: the session stays running for one more. */
  private boolean runAgain(UUID sessionId) {
    return sessions.computeIfPresent(sessionId, (id, state) -> state == State.RUN_AGAIN ? State.RUNNING : null)
        != null;
  }
}
