package org.relais.loadtest.http;

import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * A closed-loop HTTP load generator: a fixed number of keep-alive connections, each sending its next
 * request as soon as the previous answer is read. Runs in a Vert.x instance of its own, so the server
 * under test keeps its event loops. Latency is measured from sending a request to reading the last
 * byte of its answer; only answers completed within the measured span count.
 */
public final class ClosedLoopLoad implements AutoCloseable {
  private static final int PROBLEMS_KEPT = 5;
  private static final long PAUSE_AFTER_FAILURE_MS = 10;

  private final LoadSettings settings;
  private final Vertx vertx;
  private final HttpClientAgent client;

  public ClosedLoopLoad(LoadSettings settings, String host, int port) {
    this.settings = settings;
    this.vertx = Vertx.builder().with(new VertxOptions().setEventLoopPoolSize(settings.clientThreads())).build();
    this.client = vertx.httpClientBuilder()
        .with(new HttpClientOptions().setDefaultHost(host).setDefaultPort(port)
            .setKeepAlive(true).setPipelining(false).setTcpNoDelay(true))
        .with(new PoolOptions().setHttp1MaxSize(settings.connections()).setEventLoopSize(settings.clientThreads()))
        .build();
  }

  public LoadSettings settings() {
    return settings;
  }

  /** One request outside any measurement, answered whole (to capture a response or check a route). */
  public Future<HttpAnswer> fetch(String uri) {
    return client.request(request(uri, false)).compose(HttpClientRequest::send)
        .compose(response -> response.body().map(body -> new HttpAnswer(response.statusCode(),
            MultiMap.caseInsensitiveMultiMap().addAll(response.headers()), body)));
  }

  /** Loads {@code uri} for the warm-up and then the measured span, and answers what was measured. */
  public Future<LoadResult> run(String label, String uri) {
    long now = System.nanoTime();
    long measureFrom = now + settings.warmup().toNanos();
    Span span = new Span(measureFrom, measureFrom + settings.duration().toNanos());
    RequestOptions options = request(uri, settings.gzip());
    List<Future<Void>> connections = new ArrayList<>(settings.connections());
    for (int i = 0; i < settings.connections(); i++) {
      Promise<Void> finished = Promise.promise();
      next(options, span, finished);
      connections.add(finished.future());
    }
    return Future.all(connections).map(done -> span.result(label, uri, settings.duration()));
  }

  private void next(RequestOptions options, Span span, Promise<Void> finished) {
    long sent = System.nanoTime();
    if (sent >= span.end) {
      finished.complete();
      return;
    }
    client.request(options)
        .compose(HttpClientRequest::send)
        .compose(response -> response.body().map(body -> new Outcome(response.statusCode(), body.length())))
        .onComplete(outcome -> {
          span.record(sent, System.nanoTime(), outcome);
          if (outcome.succeeded()) {
            next(options, span, finished);
          } else {
            // A failed request may fail at once: pause so a refused connection does not spin the loop.
            vertx.timer(PAUSE_AFTER_FAILURE_MS, TimeUnit.MILLISECONDS)
                .onComplete(paused -> next(options, span, finished));
          }
        });
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

  private record Outcome(int status, int bytes) {}

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

    Span(long start, long end) {
      this.start = start;
      this.end = end;
    }

    void record(long sent, long done, AsyncResult<Outcome> outcome) {
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
      bytes.add(outcome.result().bytes());
      latency.recordValue(Math.max(1, (done - sent) / 1_000));
    }

    private void problem(String text) {
      if (problems.size() < PROBLEMS_KEPT) {
        problems.add(text);
      }
    }

    LoadResult result(String label, String uri, Duration measured) {
      return new LoadResult(label, uri, measured, ok.sum(), otherStatus.sum(), failed.sum(), bytes.sum(),
          latency.getIntervalHistogram(), List.copyOf(problems));
    }
  }
}
