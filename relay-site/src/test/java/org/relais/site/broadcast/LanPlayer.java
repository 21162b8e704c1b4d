package org.relais.site.broadcast;

import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A player on the room's LAN as an HTTP client: it reads the relay's live playlist every half target duration
 * and fetches each segment it has not had yet, once, noting when each arrived.
 */
public final class LanPlayer implements AutoCloseable {
  /** A segment as a player got it: the address it was listed at, its size, and when it arrived. */
  public record Got(String uri, int bytes, long atNanos) {
    public long sequence() {
      String file = uri.substring(uri.lastIndexOf('/') + 1);
      return Long.parseLong(file.substring(0, file.indexOf('.')));
    }
  }

  public final List<Got> got = new CopyOnWriteArrayList<>();
  public final List<Integer> failedSegments = new CopyOnWriteArrayList<>();
  private final Vertx vertx;
  private final WebClient http;
  private final URI playlist;
  private final long timer;
  private volatile boolean busy;

  public LanPlayer(Vertx vertx, URI playlist) {
    this.vertx = vertx;
    this.http = WebClient.create(vertx);
    this.playlist = playlist;
    this.timer = vertx.setPeriodic(500, id -> poll());
  }

  private void poll() {
    if (busy) {
      return;
    }
    busy = true;
    http.getAbs(playlist.toString()).timeout(3_000).send().compose(answer -> {
      if (answer.statusCode() != 200) {
        return io.vertx.core.Future.succeededFuture();
      }
      io.vertx.core.Future<Void> chain = io.vertx.core.Future.succeededFuture();
      for (String line : answer.bodyAsString().split("\n")) {
        if (!line.isBlank() && !line.startsWith("#")) {
          String uri = playlist.resolve(line.strip()).toString();
          if (got.stream().noneMatch(g -> g.uri().equals(uri))) {
            chain = chain.compose(v -> http.getAbs(uri).timeout(3_000).send().map(s -> {
              if (s.statusCode() == 200) {
                got.add(new Got(uri, s.body().length(), System.nanoTime()));
              } else {
                failedSegments.add(s.statusCode());
              }
              return null;
            }));
          }
        }
      }
      return chain;
    }).onComplete(done -> busy = false);
  }

  public long lastSequence() {
    return got.isEmpty() ? -1 : got.get(got.size() - 1).sequence();
  }

  @Override
  public void close() {
    vertx.cancelTimer(timer);
    http.close();
  }
}
