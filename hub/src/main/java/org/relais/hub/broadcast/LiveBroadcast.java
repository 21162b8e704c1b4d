package org.relais.hub.broadcast;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One sitting's broadcast on its ingest node: the source sending it (one at a time: a newer one takes over),
 * the ffmpeg run making its HLS, and the playlists composed from the runs. ffmpeg is supervised: if it dies
 * while the source still sends, another run starts after a short backoff, reads the stream's header again,
 * then the media from the next resume point; it is stopped when the source stops (the sitting goes on,
 * paused) and when the sitting ends or the hub stops. Used on one Vert.x context.
 */
final class LiveBroadcast {
  private static final Logger LOG = LoggerFactory.getLogger(LiveBroadcast.class);
  static final long POLL_MILLIS = 200;
  private static final long[] BACKOFF_MILLIS = {100, 500, 1000, 2000, 5000};
  /** A run that lasted this long was healthy: the next failure starts the backoff again. */
  private static final Duration HEALTHY = Duration.ofSeconds(30);
  private static final int MAX_RESTARTS = 8;
  static final long FINISH_MILLIS = 5000;

  record Settings(Path ffmpeg, int segmentSeconds, List<String> restream) {}

  private final Vertx vertx;
  private final Context context;
  private final UUID sessionId;
  private final LocalDate date;
  private final Path dir;
  private final Settings settings;
  private final Clock clock;
  private final Function<LiveBroadcast, Future<Void>> onAir;
  final LiveRenditions renditions;
  private final String name;

  private Source source;
  private FfmpegRun run;
  private int runNumber;
  private Instant runStartedAt;
  private int restarts;
  private long pollTimer = -1;
  private boolean polling;
  private boolean stopped;
  /** System.nanoTime() when ffmpeg last died unasked; a real duration, whatever the hub's clock says. */
  private long diedAt = -1;
  private int diedRun;
  private Duration lastGap;

  LiveBroadcast(Vertx vertx, Context context, UUID sessionId, LocalDate date, Path dir, Settings settings,
      SegmentSigner signer, Instant expires, Function<LiveBroadcast, Future<Void>> onAir, Clock clock) {
    this.vertx = vertx;
    this.onAir = onAir;
    this.context = context;
    this.sessionId = sessionId;
    this.date = date;
    this.dir = dir;
    this.settings = settings;
    this.clock = clock;
    this.renditions = new LiveRenditions(vertx, sessionId, date, dir, signer, settings.segmentSeconds(), expires);
    this.name = sessionId.toString().substring(0, 8) + "/" + date;
  }

  UUID sessionId() {
    return sessionId;
  }

  LocalDate date() {
    return date;
  }

  Path dir() {
    return dir;
  }

  boolean receiving() {
    return source != null && !stopped;
  }

  /** The ffmpeg of the current run, if one runs: for tests that kill it. */
  long ffmpegPid() {
    return run == null || !run.alive() ? -1 : run.pid();
  }

  /** The time from ffmpeg's death to the first segment of the run that followed it, last time. */
  Duration lastGap() {
    return lastGap;
  }

  /** Finds the runs already on disk (the hub restarted during the sitting). Blocking. */
  void resumeNumbering() throws IOException {
    Files.createDirectories(dir);
    try (Stream<Path> runs = Files.list(dir)) {
      runNumber = runs.map(path -> path.getFileName().toString()).filter(n -> n.matches("run-\\d+"))
          .mapToInt(n -> Integer.parseInt(n.substring(4))).max().orElse(0);
    }
    if (runNumber > 0) {
      renditions.followsEarlierRuns();
    }
  }

  /** A new source: the one sending before is told it was replaced, and its run ends. */
  IngestSink attach(IngestFormat format) {
    if (source != null) {
      source.tell(new JsonObject().put("type", "error").put("reason", "replaced"));
      source.detach();
    }
    source = new Source(format);
    startPolling();
    return source;
  }

  /** Stops everything: the source is told, ffmpeg ends (killed if it lingers), the last segments listed. */
  Future<Void> stop(String reason) {
    if (stopped) {
      return Future.succeededFuture();
    }
    // The source hears why before anything it writes fails: it is not to dial again.
    if (source != null) {
      source.tell(new JsonObject().put("type", "error").put("reason", reason));
    }
    stopped = true;
    if (source != null) {
      source.detach();
    }
    FfmpegRun last = run;
    run = null;
    Future<Void> ended = last == null ? Future.succeededFuture()
        : vertx.executeBlocking(() -> {
          last.finish(FINISH_MILLIS);
          return null;
        }, false);
    return ended.compose(done -> pollNow(runNumber)).onComplete(done -> stopPolling()).mapEmpty();
  }

  /**
   * Kills ffmpeg outright, as the hub does when it stops: nothing waits for it. The source is not told it was
   * refused: it dials again, and a node (this one started again, or another) takes the stream.
   */
  void killNow() {
    stopped = true;
    if (run != null) {
      run.kill();
    }
    stopPolling();
  }

  private void startPolling() {
    if (pollTimer < 0) {
      pollTimer = vertx.setPeriodic(POLL_MILLIS, id -> context.runOnContext(v -> poll()));
    }
  }

  private void stopPolling() {
    if (pollTimer >= 0) {
      vertx.cancelTimer(pollTimer);
      pollTimer = -1;
    }
  }

  private void poll() {
    if (runNumber > 0 && !polling) {
      pollNow(runNumber);
    }
  }

  private Future<Integer> pollNow(int number) {
    if (number <= 0) {
      return Future.succeededFuture(0);
    }
    polling = true;
    return renditions.poll(number).onComplete(done -> polling = false).onSuccess(added -> {
      if (added == 0) {
        return;
      }
      boolean back = diedAt >= 0 && number > diedRun;
      if (back) {
        lastGap = Duration.ofNanos(System.nanoTime() - diedAt);
        LOG.info("broadcast {}: back on air {} ms after ffmpeg died", name, lastGap.toMillis());
        diedAt = -1;
      }
      // The source's first segment, or the first after a restart: its studio and its links say so at once. The
      // last segments of an earlier source's run, listed after a new source came, are not the new one's.
      Source current = source;
      if (current != null && current.firstRun > 0 && number >= current.firstRun && (!current.onAir || back)) {
        current.onAir = true;
        long firstSegmentAt = clock.millis();
        onAir.apply(this).onComplete(announced -> current.tell(new JsonObject().put("type", "onAir")
            .put("firstSegmentAt", firstSegmentAt)));
      }
    }).onFailure(failure -> LOG.warn("broadcast {}: cannot read ffmpeg's playlists: {}", name, failure.toString()));
  }

  /** Starts a run reading {@code header} first; completes once it takes input. */
  private Future<FfmpegRun> startRun(Source from) {
    int number = ++runNumber;
    if (from.firstRun == 0) {
      from.firstRun = number;
    }
    Path runDir = LiveRenditions.runDir(dir, number);
    List<String> command = Ffmpeg.command(settings.ffmpeg(), from.format, runDir, settings.segmentSeconds(),
        settings.restream());
    String runName = name + "#" + number;
    return vertx.executeBlocking(() -> {
      for (String rendition : LiveRenditions.RENDITIONS) {
        Files.createDirectories(runDir.resolve(rendition));
      }
      return FfmpegRun.start(runName, context, command, code -> ended(from, number, code));
    }, false).onSuccess(started -> {
      if (from != source || stopped) {
        started.kill();
        return;
      }
      run = started;
      runStartedAt = clock.instant();
      started.write(from.header);
    });
  }

  private void ended(Source from, int number, int code) {
    pollNow(number);
    if (from != source || stopped || from.detached || number != runNumber) {
      LOG.info("ffmpeg {}#{} ended (exit {})", name, number, code);
      return;
    }
    LOG.warn("ffmpeg {}#{} died (exit {}) while the stream came in: restarting", name, number, code);
    run = null;
    diedAt = System.nanoTime();
    diedRun = number;
    if (runStartedAt != null && Duration.between(runStartedAt, clock.instant()).compareTo(HEALTHY) > 0) {
      restarts = 0;
    }
    if (restarts >= MAX_RESTARTS) {
      LOG.error("broadcast {}: ffmpeg died {} times in a row; giving up until the source reconnects", name, restarts);
      from.tell(new JsonObject().put("type", "error").put("reason", "ffmpeg"));
      from.detach();
      return;
    }
    long delay = BACKOFF_MILLIS[Math.min(restarts, BACKOFF_MILLIS.length - 1)];
    restarts++;
    from.tell(new JsonObject().put("type", "restarting"));
    from.awaitingResume = true;
    from.running = Promise.<FfmpegRun>promise();
    Promise<FfmpegRun> next = from.running;
    vertx.setTimer(delay, id -> context.runOnContext(v -> {
      if (from == source && !stopped && !from.detached) {
        startRun(from).onComplete(next);
      } else {
        next.tryFail("stopped");
      }
    }));
  }

  /** The sink a source writes to. */
  private final class Source implements IngestSink {
    final IngestFormat format;
    Buffer header;
    Promise<FfmpegRun> running;
    boolean awaitingResume;
    /** The number of the first ffmpeg run that read this source's stream; 0 before its header came. */
    int firstRun;
    boolean onAir;
    boolean detached;
    private Consumer<JsonObject> listener = event -> { };

    Source(IngestFormat format) {
      this.format = format;
    }

    void tell(JsonObject event) {
      listener.accept(event);
    }

    @Override
    public void onEvent(Consumer<JsonObject> listener) {
      this.listener = listener;
    }

    @Override
    public void header(Buffer bytes) {
      if (header != null || detached) {
        return;
      }
      header = bytes.copy();
      running = Promise.promise();
      startRun(this).onComplete(running);
      tell(new JsonObject().put("type", "receiving"));
    }

    @Override
    public Future<Void> write(Buffer bytes, boolean resumePoint) {
      if (detached || stopped) {
        return Future.failedFuture("the broadcast stopped taking this stream");
      }
      if (running == null) {
        return Future.failedFuture("no header yet");
      }
      return running.future().compose(current -> {
        if (awaitingResume && !resumePoint) {
          return Future.succeededFuture();
        }
        awaitingResume = false;
        return current.write(bytes).recover(failure -> {
          if (detached || stopped) {
            return Future.failedFuture(failure);
          }
          // ffmpeg died under this write: the stream stays attached, and the next run starts from the header
          // and the next resume point.
          awaitingResume = true;
          return Future.succeededFuture();
        });
      });
    }

    @Override
    public Future<Void> close() {
      detach();
      return Future.succeededFuture();
    }

    void detach() {
      if (detached) {
        return;
      }
      detached = true;
      if (source == this) {
        source = null;
        FfmpegRun last = run;
        run = null;
        if (last != null) {
          // ffmpeg writes its last segment once its input ends; listed by the poll that follows its exit.
          vertx.executeBlocking(() -> {
            last.finish(FINISH_MILLIS);
            return null;
          }, false);
        }
      }
    }
  }
}
