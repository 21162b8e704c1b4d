package org.relais.loadtest.http;

import com.sun.management.OperatingSystemMXBean;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Timer;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpConnectOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.TrustOptions;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop HTTP load generator: a fixed number of keep-alive connections, each of its own, each
 * sending its next request as soon as the previous answer is read. Runs in a Vert.x instance of its
 * own, so the server under test keeps its event loops. Latency is measured from sending a request to
 * reading the last byte of its answer; only answers completed within the measured span count. A run
 * asks for one URI or walks a {@link UriCycle}, each connection from its own offset.
 */
public final class ClosedLoopLoad implements AutoCloseable {
  private static final int PROBLEMS_KEPT = 5;
  private static final long PAUSE_AFTER_FAILURE_MS = 10;

  private final LoadSettings settings;
  private final String host;
  private final int port;
  private final boolean tls;
  private final Vertx vertx;
  private final HttpClientAgent client;

  public ClosedLoopLoad(LoadSettings settings, String host, int port) {
    this(settings, host, port, null);
  }

  /** Over TLS, trusting {@code trust} (a reverse proxy's certificate); {@code null}: plain HTTP. */
  public ClosedLoopLoad(LoadSettings settings, String host, int port, TrustOptions trust) {
    this.settings = settings;
    this.host = host;
    this.port = port;
    this.tls = trust != null;
    this.vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(settings.clientThreads())).build();
    HttpClientOptions options = new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
        .setKeepAlive(true).setPipelining(false).setTcpNoDelay(true);
    if (tls) {
      options.setSsl(true).setTrustOptions(trust);
    }
    this.client = vertx.createHttpClient(options);
  }

  public LoadSettings settings() {
    return settings;
  }

  /**
   * One request outside any measurement, answered whole (to capture a response or check a route), or
   * failed after the request timeout.
   */
  public Future<HttpAnswer> fetch(String uri) {
    Promise<HttpAnswer> answer = Promise.promise();
    onEventLoop(() -> client.request(request(uri, false)).compose(HttpClientRequest::send)
        .compose(response -> response.body().map(body -> new HttpAnswer(response.statusCode(),
            MultiMap.caseInsensitiveMultiMap().addAll(response.headers()), body)))
        .onComplete(answer));
    return answer.future().timeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Runs {@code work} on an event loop of the load generator. Asked from another thread (the
   * command's), a request's callbacks are chained after the answer may have arrived: a short answer
   * could end before its reader was in place, and its future never completed.
   */
  private void onEventLoop(Runnable work) {
    vertx.runOnContext(v -> work.run());
  }

  /**
   * Loads {@code uri} for the warm-up and then the measured span, and answers what was measured. Fails
   * if a connection is still waiting well after the end, rather than wait for ever.
   */
  public Future<LoadResult> run(String label, String uri) {
    return run(label, UriCycle.of(uri));
  }

  /** Like {@link #run(String, String)}, each connection walking through {@code uris} from its own offset. */
  public Future<LoadResult> run(String label, UriCycle uris) {
    return load(label, uris, settings.warmup(), settings.duration());
  }

  /** Loads {@code uri} without measuring anything, so the JIT has compiled both ends before a run counts. */
  public Future<Void> warmUp(String uri, Duration duration) {
    return warmUp(UriCycle.of(uri), duration);
  }

  /** Loads {@code uris} without measuring anything, as a run would walk them. */
  public Future<Void> warmUp(UriCycle uris, Duration duration) {
    return load("warm-up", uris, Duration.ZERO, duration).mapEmpty();
  }

  private Future<LoadResult> load(String label, UriCycle uris, Duration warmup, Duration duration) {
    long now = System.nanoTime();
    long measureFrom = now + warmup.toNanos();
    Span span = new Span(measureFrom, measureFrom + duration.toNanos(), uris.size());
    // Built once per run and shared by the connections, as a single URI's options always were.
    List<RequestOptions> options = uris.uris().stream().map(uri -> request(uri, settings.gzip())).toList();
    List<Future<Void>> connections = new ArrayList<>(settings.connections());
    for (int i = 0; i < settings.connections(); i++) {
      Promise<Void> finished = Promise.promise();
      Walk walk = new Walk(options, uris.start(i, settings.connections()));
      onEventLoop(() -> connect(walk, span, finished));
      connections.add(finished.future());
    }
    Promise<LoadResult> result = Promise.promise();
    long deadline = warmup.plus(duration).plus(settings.requestTimeout()).toMillis() + 5_000;
    Timer watchdog = vertx.timer(deadline, TimeUnit.MILLISECONDS);
    watchdog.onSuccess(expired -> result.tryFail(new IllegalStateException(
        connections.stream().filter(c -> !c.isComplete()).count() + " connection(s) of " + label
            + " still had a request outstanding " + deadline / 1000 + " s after the run started")));
    vertx.timer(Math.max(1, warmup.toMillis()), TimeUnit.MILLISECONDS)
        .onSuccess(t -> span.cpuAtStart.compareAndSet(-1, cpuNanos()));
    Future.all(connections).onComplete(done -> {
      result.tryComplete(span.result(label, uris.description(), duration));
      watchdog.cancel();
    });
    return result.future();
  }

  private void connect(Walk walk, Span span, Promise<Void> finished) {
    if (System.nanoTime() >= span.end) {
      span.cpuAtEnd.compareAndSet(-1, cpuNanos());
      finished.complete();
      return;
    }
    long started = System.nanoTime();
    client.connect(new HttpConnectOptions().setHost(host).setPort(port).setSsl(tls)
            .setConnectTimeout(settings.requestTimeout().toMillis()))
        .onComplete(connected -> {
          if (connected.succeeded()) {
            next(connected.result(), walk, span, finished);
          } else {
            span.record(started, System.nanoTime(), -1, Future.failedFuture(connected.cause()));
            pauseThen(() -> connect(walk, span, finished));
          }
        });
  }

  private void next(HttpClientConnection connection, Walk walk, Span span, Promise<Void> finished) {
    long sent = System.nanoTime();
    if (sent >= span.end) {
      span.cpuAtEnd.compareAndSet(-1, cpuNanos());
      connection.close().onComplete(closed -> finished.complete());
      return;
    }
    int uri = walk.next();
    connection.request(walk.options(uri))
        .compose(HttpClientRequest::send)
        .compose(ClosedLoopLoad::drain)
        .onComplete(outcome -> {
          span.record(sent, System.nanoTime(), uri, outcome);
          if (outcome.succeeded()) {
            next(connection, walk, span, finished);
          } else {
            connection.close();
            pauseThen(() -> connect(walk, span, finished));
          }
        });
  }

  /** Reads an answer to its end counting its bytes: gathering them would double the client's work and garbage. */
  private static Future<Outcome> drain(HttpClientResponse response) {
    long[] bytes = {0};
    response.handler(chunk -> bytes[0] += chunk.length());
    return response.end().map(done -> new Outcome(response.statusCode(), bytes[0]));
  }

  /** CPU time of this whole process (hub and load generator), or -1 where the JVM does not say. */
  private static long cpuNanos() {
    return ManagementFactory.getOperatingSystemMXBean() instanceof OperatingSystemMXBean os
        ? os.getProcessCpuTime() : -1;
  }

  /** A refused connection fails at once: pausing keeps a dead server from spinning the loop. */
  private void pauseThen(Runnable retry) {
    vertx.timer(PAUSE_AFTER_FAILURE_MS, TimeUnit.MILLISECONDS).onComplete(paused -> retry.run());
  }

  private RequestOptions request(String uri, boolean gzip) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.GET).setURI(uri)
        .setIdleTimeout(settings.requestTimeout().toMillis());
    if (gzip) {
      options.putHeader(HttpHeaders.ACCEPT_ENCODING, "gzip");
    }
    return options;
  }

  @Override
  public void close() {
    try {
      client.close().transform(closed -> vertx.close()).await(30, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      System.err.println("The load generator did not stop within 30 s");
    }
  }

  private record Outcome(int status, long bytes) {}

  /**
   * One connection's place in the run's URIs. Used by one request at a time (a connection and the one
   * that replaces it after a failure never overlap), so it needs no synchronisation of its own.
   */
  private static final class Walk {
    private final List<RequestOptions> options;
    private int next;

    Walk(List<RequestOptions> options, int start) {
      this.options = options;
      this.next = start;
    }

    int next() {
      int current = next;
      next = current + 1 == options.size() ? 0 : current + 1;
      return current;
    }

    RequestOptions options(int uri) {
      return options.get(uri);
    }
  }

  /** The counters of one run, written concurrently by every connection. */
  private static final class Span {
    final long start;
    final long end;
    final Recorder latency = new Recorder(3);
    final LongAdder ok = new LongAdder();
    final LongAdder otherStatus = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder bytes = new LongAdder();
    final Set<String> problems = ConcurrentHashMap.newKeySet();
    final AtomicLong cpuAtStart = new AtomicLong(-1);
    final AtomicLong cpuAtEnd = new AtomicLong(-1);
    /** Which URIs got a 200 within the span (1) or not (0). */
    final AtomicIntegerArray answered;

    Span(long start, long end, int uris) {
      this.start = start;
      this.end = end;
      this.answered = new AtomicIntegerArray(uris);
    }

    /** Counts one outcome; {@code uri} is its index in the run's URIs, -1 for a failed connection. */
    void record(long sent, long done, int uri, AsyncResult<Outcome> outcome) {
      if (done < start || done >= end) {
        return;
      }
      if (outcome.failed()) {
        failed.increment();
        problem(outcome.cause().getClass().getSimpleName() + ": " + outcome.cause().getMessage());
        return;
      }
      if (outcome.result().status() != 200) {
        otherStatus.increment();
        problem("HTTP " + outcome.result().status());
        return;
      }
      ok.increment();
      if (answered.get(uri) == 0) {
        answered.set(uri, 1);
      }
      bytes.add(outcome.result().bytes());
      latency.recordValue(Math.max(1, (done - sent) / 1_000));
    }

    private void problem(String text) {
      if (problems.size() < PROBLEMS_KEPT) {
        problems.add(text);
      }
    }

    LoadResult result(String label, String uri, Duration measured) {
      long cpu = cpuAtStart.get() < 0 || cpuAtEnd.get() < 0 ? -1 : cpuAtEnd.get() - cpuAtStart.get();
      int distinct = 0;
      for (int i = 0; i < answered.length(); i++) {
        distinct += answered.get(i);
      }
      return new LoadResult(label, uri, measured, ok.sum(), otherStatus.sum(), failed.sum(), bytes.sum(),
          latency.getIntervalHistogram(), cpu, List.copyOf(problems), answered.length(), distinct);
    }
  }
}
