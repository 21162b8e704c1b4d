package org.relais.loadtest.broadcast;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import org.HdrHistogram.Histogram;

/**
 * The viewers of the {@code broadcast} benchmark, in a process of their own so that the hub's CPU and heap are
 * the hub's alone. Each viewer follows one live media playlist as a player does: it reads it once per target
 * duration, starts three segments from the live edge, and fetches each new segment once, in order, one at a
 * time; its {@link Playback} says whether a segment came too late to be played on time. All viewers share one
 * HTTP client on one event loop, so every count below is kept without locks.
 *
 * <p>Argument: the plan (JSON file: port, warmupMs, durationMs, viewers [{playlist, rendition}]). Speaks on
 * standard output: {@code window-start}, {@code window-end}, then {@code result JSON}; exits when standard input
 * closes.
 */
public final class ViewerClients {
  /** Segments a player starts behind the live edge (hls.js's liveSyncDurationCount). */
  static final int START_BEHIND = 3;
  private static final long TIMEOUT_MS = 10_000;

  private final Vertx vertx;
  private final HttpClient http;
  private final int port;
  private final List<Viewer> viewers = new ArrayList<>();
  private boolean measuring;
  private final Histogram segmentLatency = new Histogram(60_000_000L, 3);
  private final Histogram playlistLatency = new Histogram(60_000_000L, 3);
  private final Histogram glassToGlass = new Histogram(600_000L, 3);
  private final Histogram lowestBuffer = new Histogram(600_000L, 3);
  private final Map<String, Long> segmentsByRendition = new TreeMap<>();
  /** 360p sequence -> [sum of shown-at ms, viewers]: when the picture of each segment was on the screens. */
  private final Map<Long, long[]> shown = new TreeMap<>();
  private long bytes;
  private long segments;
  private long playlists;
  private long failures;
  private long skipped;
  private long stallsListing;
  private long stallsServing;
  private String firstFailure;

  private ViewerClients(Vertx vertx, int port, int pool) {
    this.vertx = vertx;
    this.port = port;
    this.http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
        new PoolOptions().setHttp1MaxSize(pool));
  }

  public static void main(String[] args) throws IOException {
    JsonObject plan = new JsonObject(Files.readString(Path.of(args[0])));
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    JsonArray list = plan.getJsonArray("viewers");
    vertx.runOnContext(v -> {
      ViewerClients clients = new ViewerClients(vertx, plan.getInteger("port"), list.size() * 2 + 8);
      clients.run(list, plan.getLong("warmupMs"), plan.getLong("durationMs"));
    });
    // Until the benchmark closes our standard input: it reads our CPU time after the window, while we live.
    while (System.in.read() >= 0) {
      // Nothing is said on standard input.
    }
    System.exit(0);
  }

  private void run(JsonArray list, long warmupMs, long durationMs) {
    for (Object entry : list) {
      JsonObject viewer = (JsonObject) entry;
      Viewer created = new Viewer(viewer.getString("playlist"), viewer.getString("rendition"));
      viewers.add(created);
      // Families do not all press play in the same millisecond: spread over the first second.
      vertx.setTimer(1 + ThreadLocalRandom.current().nextInt(1000), id -> created.poll());
    }
    vertx.setTimer(warmupMs, start -> {
      measuring = true;
      long now = System.currentTimeMillis();
      viewers.forEach(viewer -> viewer.windowStart(now));
      say("window-start");
      vertx.setTimer(durationMs, end -> {
        measuring = false;
        say("window-end");
        say("result " + result(System.currentTimeMillis()).encode());
      });
    });
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }

  private JsonObject result(long now) {
    int stalledViewers = 0;
    int neverStarted = 0;
    int stalledServing = 0;
    long stalls = 0;
    long stalledMillis = 0;
    for (Viewer viewer : viewers) {
      viewer.playback.end(now);
      int own = viewer.playback.stalls() - viewer.stallsBefore;
      if (!viewer.playback.started()) {
        neverStarted++;
      }
      if (own > 0 || !viewer.playback.started()) {
        stalledViewers++;
      }
      stalls += own;
      stalledServing += viewer.stalledServing ? 1 : 0;
      stalledMillis += viewer.playback.stalledMillis() - viewer.stalledBefore;
      if (viewer.playback.lowestBufferMillis() >= 0) {
        lowestBuffer.recordValue(viewer.playback.lowestBufferMillis());
      }
    }
    JsonObject shownAt = new JsonObject();
    shown.forEach((sequence, sum) -> shownAt.put(String.valueOf(sequence), sum[0] / sum[1]));
    return new JsonObject().put("viewers", viewers.size()).put("segments", segments).put("playlists", playlists)
        .put("bytes", bytes).put("failures", failures).put("firstFailure", firstFailure).put("skipped", skipped)
        .put("stalledViewers", stalledViewers).put("neverStarted", neverStarted).put("stalls", stalls)
        .put("stallsListing", stallsListing)
        .put("stallsServing", stallsServing).put("stalledServingViewers", stalledServing)
        .put("stalledMillis", stalledMillis).put("byRendition", new JsonObject(new TreeMap<>(segmentsByRendition)))
        .put("segmentLatency", encode(segmentLatency)).put("playlistLatency", encode(playlistLatency))
        .put("glassToGlass", encode(glassToGlass)).put("lowestBuffer", encode(lowestBuffer))
        .put("shown360p", shownAt);
  }

  static String encode(Histogram histogram) {
    java.nio.ByteBuffer buffer = java.nio.ByteBuffer.allocate(histogram.getNeededByteBufferCapacity());
    int length = histogram.encodeIntoCompressedByteBuffer(buffer);
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOf(buffer.array(), length));
  }

  static Histogram decode(String encoded) {
    try {
      return Histogram.decodeFromCompressedByteBuffer(java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(encoded)),
          0);
    } catch (java.util.zip.DataFormatException e) {
      throw new IllegalArgumentException(e);
    }
  }

  private void failed(String what) {
    failures++;
    if (firstFailure == null) {
      firstFailure = what;
    }
  }

  private Future<Long> get(String path) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
            .setURI(path).setIdleTimeout(TIMEOUT_MS))
        .compose(request -> request.send())
        .compose(response -> {
          long[] length = {0};
          response.handler(chunk -> length[0] += chunk.length());
          return response.end().map(done -> {
            if (response.statusCode() != 200) {
              throw new IllegalStateException("HTTP " + response.statusCode() + " on " + path.replaceAll("\\?.*", ""));
            }
            return length[0];
          });
        });
  }

  private Future<String> text(String path) {
    return http.request(new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port)
            .setURI(path).setIdleTimeout(TIMEOUT_MS))
        .compose(request -> request.send())
        .compose(response -> response.body().map(body -> {
          if (response.statusCode() != 200) {
            throw new IllegalStateException("HTTP " + response.statusCode() + " on " + path);
          }
          return body.toString();
        }));
  }

  /** A segment as a viewer queued it, and when (epoch ms). */
  private record Queued(MediaPlaylist.Segment segment, long at) {}

  /** One family's player. */
  private final class Viewer {
    final String playlist;
    final String rendition;
    final Deque<Queued> queue = new ArrayDeque<>();
    final Playback playback = new Playback();
    long lastQueued = -1;
    boolean fetching;
    int stallsBefore;
    long stalledBefore;
    boolean stalledServing;

    Viewer(String playlist, String rendition) {
      this.playlist = playlist;
      this.rendition = rendition;
    }

    void windowStart(long now) {
      playback.end(now);
      stallsBefore = playback.stalls();
      stalledBefore = playback.stalledMillis();
      playback.resetLowest();
    }

    void poll() {
      long started = System.nanoTime();
      text(playlist).onComplete(done -> {
        int target = 1;
        if (done.succeeded()) {
          if (measuring) {
            playlists++;
            playlistLatency.recordValue((System.nanoTime() - started) / 1000);
          }
          MediaPlaylist parsed = MediaPlaylist.parse(done.result());
          target = parsed.targetSeconds();
          List<MediaPlaylist.Segment> listed = parsed.segments();
          int from = 0;
          if (lastQueued < 0) {
            from = Math.max(0, listed.size() - START_BEHIND);
          } else {
            while (from < listed.size() && listed.get(from).sequence() <= lastQueued) {
              from++;
            }
            if (from < listed.size() && listed.get(from).sequence() > lastQueued + 1 && measuring) {
              skipped += listed.get(from).sequence() - lastQueued - 1;
            }
          }
          for (int i = from; i < listed.size(); i++) {
            queue.addLast(new Queued(listed.get(i), System.currentTimeMillis()));
            lastQueued = listed.get(i).sequence();
          }
          fetchNext();
        } else if (measuring) {
          failed(done.cause().getMessage());
        }
        // As players do: the next reload one target duration after this one began.
        long wait = Math.max(1, target * 1000L - (System.nanoTime() - started) / 1_000_000);
        vertx.setTimer(wait, id -> poll());
      });
    }

    void fetchNext() {
      if (fetching || queue.isEmpty()) {
        return;
      }
      fetching = true;
      Queued queued = queue.pollFirst();
      MediaPlaylist.Segment segment = queued.segment();
      long started = System.nanoTime();
      get(MediaPlaylist.resolve(playlist, segment.uri())).onComplete(done -> {
        fetching = false;
        long now = System.currentTimeMillis();
        if (done.succeeded()) {
          long dryAt = playback.dryAt();
          if (measuring && dryAt >= 0 && now > dryAt) {
            // Frozen: for want of a segment not yet listed when the buffer ran dry, or listed but not yet served.
            if (queued.at() > dryAt) {
              stallsListing++;
            } else {
              stallsServing++;
              stalledServing = true;
            }
          }
          long shownAt = playback.arrived(segment.duration(), now);
          if (measuring) {
            segments++;
            bytes += done.result();
            segmentsByRendition.merge(rendition, 1L, Long::sum);
            segmentLatency.recordValue((System.nanoTime() - started) / 1000);
            if (segment.programDateTime() != null) {
              glassToGlass.recordValue(Math.max(0, shownAt - segment.programDateTime().toEpochMilli()));
            }
            if ("360p".equals(rendition)) {
              long[] sum = shown.computeIfAbsent(segment.sequence(), k -> new long[2]);
              sum[0] += shownAt;
              sum[1]++;
            }
          }
        } else if (measuring) {
          failed(done.cause().getMessage());
        }
        fetchNext();
      });
    }
  }
}
