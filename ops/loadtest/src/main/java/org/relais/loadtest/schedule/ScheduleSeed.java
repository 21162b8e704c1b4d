package org.relais.loadtest.schedule;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Function;
import org.relais.hub.HubApplication;

/**
 * Writes a {@link SeedPlan} through the hub's own services, so every rule of a real booking applies
 * (instructor clash check, series expansion), a few writes at a time.
 */
final class ScheduleSeed {
  private static final int IN_FLIGHT = 4;
  private static final int PROGRESS_EVERY = 500;

  private final HubApplication hub;
  private final PrintStream out;

  ScheduleSeed(HubApplication hub, PrintStream out) {
    this.hub = hub;
    this.out = out;
  }

  Future<Void> write(SeedPlan plan) {
    long started = System.nanoTime();
    List<UUID> instructorIds = new ArrayList<>();
    out.printf(Locale.ROOT, "  creating %d centres and %d instructor accounts (each with its password hash)...%n",
        plan.centres().size(), plan.instructors().size());
    return inFlight(plan.centres(), centre -> hub.centres().createTrusted(centre), false, started)
        .compose(v -> inFlight(plan.instructors(), draft -> hub.staff().createTrusted(draft), false, started))
        .map(members -> {
          members.forEach(member -> instructorIds.add(member.id()));
          out.printf(Locale.ROOT, "  centres and accounts done in %.1f s%n", (System.nanoTime() - started) / 1e9);
          return null;
        })
        .compose(v -> inFlight(plan.sessions(), s -> hub.schedule().createTrusted(s.draft(instructorIds)), true,
            started))
        .mapEmpty();
  }

  /** Writes every item, {@link #IN_FLIGHT} at a time; answers what was written, in the items' order. */
  private <T, R> Future<List<R>> inFlight(List<T> items, Function<T, Future<R>> writer, boolean progress,
      long started) {
    Queue<Integer> next = new ConcurrentLinkedQueue<>();
    for (int i = 0; i < items.size(); i++) {
      next.add(i);
    }
    AtomicReferenceArray<R> written = new AtomicReferenceArray<>(items.size());
    AtomicInteger done = new AtomicInteger();
    List<Future<Void>> lanes = new ArrayList<>();
    for (int lane = 0; lane < IN_FLIGHT; lane++) {
      Promise<Void> finished = Promise.promise();
      lane(next, i -> writer.apply(items.get(i)).map(result -> {
        written.set(i, result);
        int count = done.incrementAndGet();
        if (progress && (count % PROGRESS_EVERY == 0 || count == items.size())) {
          out.printf(Locale.ROOT, "  %,d/%,d sessions (%.1f s)%n", count, items.size(),
              (System.nanoTime() - started) / 1e9);
        }
        return null;
      }), finished);
      lanes.add(finished.future());
    }
    return Future.all(lanes).map(all -> {
      List<R> results = new ArrayList<>(items.size());
      for (int i = 0; i < items.size(); i++) {
        results.add(written.get(i));
      }
      return results;
    });
  }

  private static void lane(Queue<Integer> next, Function<Integer, Future<Void>> write, Promise<Void> finished) {
    Integer i = next.poll();
    if (i == null) {
      finished.complete();
      return;
    }
    Future<Void> one;
    try {
      one = write.apply(i);
    } catch (RuntimeException e) {
      one = Future.failedFuture(e);
    }
    one.onComplete(result -> {
      if (result.failed()) {
        next.clear();
        finished.fail(result.cause());
      } else {
        lane(next, write, finished);
      }
    });
  }
}
