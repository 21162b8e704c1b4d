package org.relais.hub.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Writes access-log lines on a thread of its own, through a bounded queue. Event loops only offer a line:
 * a slow reader of the log (a pipe, journald) fills the queue, and further lines are dropped and counted
 * ({@code relais_access_log_dropped_total}) instead of stalling every request.
 */
public final class AccessLogWriter {
  public static final int DEFAULT_CAPACITY = 10_000;

  private final BlockingQueue<String> queue;
  private final Consumer<String> sink;
  private final Counter dropped;
  private final Thread thread;

  public AccessLogWriter(int capacity, Consumer<String> sink, MeterRegistry registry) {
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.sink = sink;
    this.dropped = Counter.builder("relais.access.log.dropped")
        .description("Access-log lines dropped because the log was not read fast enough")
        .register(registry);
    this.thread = new Thread(this::drain, "relais-access-log");
    thread.setDaemon(true);
  }

  public void start() {
    thread.start();
  }

  /** Queues {@code line}, or drops it at once when the queue is full. Never blocks. */
  public void write(String line) {
    if (!queue.offer(line)) {
      dropped.increment();
    }
  }

  /** Writes what is queued, then ends the thread; a reader stalled for good holds up only that thread. */
  public void stop() {
    thread.interrupt();
  }

  private void drain() {
    try {
      while (!Thread.currentThread().isInterrupted()) {
        sink.accept(queue.take());
      }
    } catch (InterruptedException stopping) {
      // Asked to stop while waiting: what is queued is still written below.
    }
    List<String> rest = new ArrayList<>();
    queue.drainTo(rest);
    rest.forEach(sink);
  }
}
