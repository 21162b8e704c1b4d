package org.relais.loadtest.broadcast;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * Watches one live media playlist far more often than a player (every 50 ms), to note when each segment is
 * first listed, with its duration and wall-clock time. One link's polls, on the benchmark's own event loop.
 */
final class ListingWatcher {
  static final long EVERY_MS = 50;

  /** A segment as first seen listed. */
  record Listed(long sequence, double duration, Instant programDateTime, long listedAt) {}

  private final Vertx vertx;
  private final HttpClient http;
  private final int port;
  private final String path;
  private final Map<Long, Listed> listed = new TreeMap<>();
  private long timer = -1;
  private boolean busy;

  ListingWatcher(Vertx vertx, HttpClient http, int port, String path) {
    this.vertx = vertx;
    this.http = http;
    this.port = port;
    this.path = path;
  }

  void start() {
    timer = vertx.setPeriodic(EVERY_MS, id -> poll());
  }

  void stop() {
    vertx.cancelTimer(timer);
  }

  private void poll() {
    if (busy) {
      return;
    }
    busy = true;
    http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(path))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> response.statusCode() == 200 ? body.toString() : null))
        .onComplete(done -> {
          busy = false;
          if (done.succeeded() && done.result() != null) {
            long now = System.currentTimeMillis();
            synchronized (listed) {
              for (MediaPlaylist.Segment segment : MediaPlaylist.parse(done.result()).segments()) {
                listed.putIfAbsent(segment.sequence(), new Listed(segment.sequence(), segment.duration(),
                    segment.programDateTime(), now));
              }
            }
          }
        });
  }

  /** Every segment seen, by media sequence. */
  Map<Long, Listed> listed() {
    synchronized (listed) {
      return new TreeMap<>(listed);
    }
  }
}
