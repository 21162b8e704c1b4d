package org.relais.loadtest;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Runs an asynchronous step over every item of a list, a few at a time (seeding through the hub's
 * services, checking answers): the first failure stops it. Answers the results in the items' order.
 */
public final class InFlight {
  private InFlight() {}

  /**
   * Applies {@code step} to every item, at most {@code lanes} at once; {@code progress} hears the count
   * done after each item.
   */
  public static <T, R> Future<List<R>> each(List<T> items, int lanes, Function<T, Future<R>> step,
      IntConsumer progress) {
    Queue<Integer> next = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < items.size(); i++) {
      next.add(i);
    }
    AtomicReferenceArray<R> results = new AtomicReferenceArray<>(items.size());
    AtomicInteger done = new AtomicInteger();
    List<Future<Void>> running = new ArrayList<>();
    for (int lane = 0; lane < lanes; lane++) {
      Promise<Void> finished = Promise.promise();
      lane(next, i -> step.apply(items.get(i)).map(result -> {
        results.set(i, result);
        progress.accept(done.incrementAndGet());
        return null;
      }), finished);
      running.add(finished.future());
    }
    return Future.all(running).map(all -> {
      List<R> ordered = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        ordered.add(results.get(i));
      }
      return ordered;
    });
  }

  private static void lane(Queue<Integer> next, Function<Integer, Future<Void>> step, Promise<Void> finished) {
    Integer i = next.poll();
    if (i == null) {
      finished.complete();
      return;
    }
    Future<Void> one;
    try {
      one = step.apply(i);
    } catch (RuntimeException e) {
      one = Future.failedFuture(e);
    }
    one.onComplete(result -> {
      if (result.failed()) {
        next.clear();
        finished.fail(result.cause());
      } else {
        lane(next, step, finished);
      }
    });
  }
}
