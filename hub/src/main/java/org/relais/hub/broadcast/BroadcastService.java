package org.relais.hub.broadcast;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.AsyncMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.relais.hub.join.Broadcasts;
import org.relais.protocol.Addresses;
import org.relais.protocol.SittingState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcasts of the hub. The node a sitting's stream comes into holds its broadcast (ffmpeg, files,
 * playlists) and says so in the cluster-wide map {@value #LIVE_MAP}; any other node asks it over the event bus
 * for playlists and segments. A sitting's broadcast is stopped when the sitting ends (on whichever node it is
 * ended) or its doors close, and its replay made then.
 */
public final class BroadcastService implements Broadcasts {
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastService.class);
  static final String LIVE_MAP = "relais.broadcast.live";
  /** Which node holds a sitting's files ({@code sessionId/date}): its live segments, then its replay. */
  static final String FILES_MAP = "relais.broadcast.files";
  private static final String NODE_ADDRESS = "relais.broadcast.node.";

  /** No broadcast of this sitting comes in here, nor anywhere. */
  public static final class NotLive extends RuntimeException {
    NotLive() {
      super("not live", null, false, false);
    }
  }

  private final Vertx vertx;
  private final Path root;
  private final BroadcastConfig config;
  private final SegmentSigner signer;
  private final Clock clock;
  private final String nodeId = UUID.randomUUID().toString();
  private final Map<UUID, LiveBroadcast> here = new ConcurrentHashMap<>();
  private final Map<UUID, MessageConsumer<JsonObject>> endWatchers = new ConcurrentHashMap<>();
  private final Map<UUID, Long> closeTimers = new ConcurrentHashMap<>();
  private final Replays replays;
  private final com.github.benmanes.caffeine.cache.Cache<String, Future<Optional<Buffer>>> fetched =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().expireAfterWrite(java.time.Duration.ofSeconds(30))
          .maximumSize(600).build();
  private volatile Optional<Path> ffmpeg = Optional.empty();
  private Context context;
  private MessageConsumer<JsonObject> nodeConsumer;
  private volatile boolean stopping;
  private volatile OptionalInt rtmpPort = OptionalInt.empty();

  public BroadcastService(Vertx vertx, Path dataDir, BroadcastConfig config, SegmentSigner signer, Clock clock) {
    this.vertx = vertx;
    this.root = dataDir.resolve("broadcast");
    this.config = config;
    this.signer = signer;
    this.clock = clock;
    this.replays = new Replays(vertx, root, signer, config, clock);
  }

  /** Looks for ffmpeg and answers other nodes' requests from now on. */
  public Future<Void> start() {
    context = vertx.getOrCreateContext();
    nodeConsumer = vertx.eventBus().consumer(NODE_ADDRESS + nodeId, message -> {
      JsonObject request = message.body();
      UUID sessionId = UUID.fromString(request.getString("sessionId"));
      String op = request.getString("op");
      if ("segment".equals(op) || "replay".equals(op) || "audio".equals(op)) {
        answerFiles(message, sessionId, LocalDate.parse(request.getString("date")), op, request);
        return;
      }
      LiveBroadcast broadcast = here.get(sessionId);
      if (broadcast == null) {
        message.fail(404, "not here");
      } else if ("playlist".equals(op)) {
        String playlist = broadcast.renditions.playlist(request.getString("rendition"));
        if (playlist == null) {
          message.fail(404, "no segment yet");
        } else {
          message.reply(playlist);
        }
      } else {
        message.fail(400, "unknown request");
      }
    });
    return vertx.executeBlocking(() -> Ffmpeg.locate(config.ffmpeg(), System.getenv("PATH")), false)
        .onSuccess(found -> {
          ffmpeg = found;
          if (found.isEmpty()) {
            LOG.warn("{}: BROADCAST classes are refused until then", Ffmpeg.HOW_TO_INSTALL);
          } else {
            LOG.info("Broadcasts use {}", found.get());
          }
        }).mapEmpty();
  }

  public boolean available() {
    return ffmpeg.isPresent();
  }

  public SegmentSigner signer() {
    return signer;
  }

  Replays replays() {
    return replays;
  }

  Path root() {
    return root;
  }

  Path sittingDir(UUID sessionId, LocalDate date) {
    return root.resolve(sessionId.toString()).resolve(date.toString());
  }

  @Override
  public Future<Boolean> live(UUID sessionId) {
    return entry(sessionId).map(found -> found.map(json -> json.getBoolean("live", false)).orElse(false));
  }

  /** The live broadcast of this node for a session, for the tests that kill its ffmpeg. */
  Optional<LiveBroadcast> here(UUID sessionId) {
    return Optional.ofNullable(here.get(sessionId));
  }

  /**
   * Opens a sitting's ingest on this node: a stream for the sitting of {@code date}, whose doors close at
   * {@code closesAt}. A source already sending is replaced.
   */
  public Future<IngestSink> openIngest(UUID sessionId, LocalDate date, Instant closesAt, IngestFormat format) {
    if (ffmpeg.isEmpty()) {
      return Future.failedFuture(new IllegalStateException(Ffmpeg.HOW_TO_INSTALL));
    }
    if (stopping) {
      return Future.failedFuture(new IllegalStateException("the hub is stopping"));
    }
    return onContext(() -> {
      LiveBroadcast existing = here.get(sessionId);
      if (existing != null && existing.date().equals(date)) {
        return Future.succeededFuture(existing);
      }
      Future<Void> previous = existing == null ? Future.succeededFuture() : stopSitting(existing, "replaced", true);
      LiveBroadcast created = new LiveBroadcast(vertx, context, sessionId, date, sittingDir(sessionId, date),
          new LiveBroadcast.Settings(ffmpeg.get(), config.segmentSeconds(),
              config.restream().getOrDefault(sessionId, List.of())), signer, closesAt,
          onAir -> publish(onAir, true), clock);
      return previous.compose(done -> vertx.executeBlocking(() -> {
        created.resumeNumbering();
        return created;
      }, false)).compose(ready -> files().compose(map -> map.put(sessionId + "/" + date, nodeId)).map(ready))
          .map(ready -> {
        here.put(sessionId, ready);
        watchEnd(ready, closesAt);
        return ready;
      });
    }).compose(broadcast -> {
      IngestSink sink = broadcast.attach(format);
      // Its links say "live" once the stream's first segment is listed: a player never asks before there is one.
      return publish(broadcast, false).map(sink);
    }).map(sink -> (IngestSink) new Announcing(sink, sessionId));
  }

  /** The RTMP ingest listens on {@code port}: studios show it to instructors using OBS. */
  public void rtmpListening(int port) {
    rtmpPort = OptionalInt.of(port);
  }

  /** The port the RTMP ingest listens on, if it does. */
  public OptionalInt rtmpPort() {
    return rtmpPort;
  }

  /** Opens the ingest of the sitting a stream key stands for (the RTMP ingest); see {@link #openIngest}. */
  public Future<IngestSink> openIngestByKey(String streamKey, IngestFormat format, SittingLookup sittings) {
    Optional<SegmentSigner.Sitting> sitting = signer.sittingOf(streamKey);
    if (sitting.isEmpty()) {
      return Future.failedFuture(new NotLive());
    }
    UUID sessionId = sitting.get().sessionId();
    LocalDate date = sitting.get().date();
    return sittings.liveClosing(sessionId, date)
        .compose(closes -> closes.map(at -> openIngest(sessionId, date, at, format))
            .orElseGet(() -> Future.failedFuture(new NotLive())));
  }

  /** Which sitting is live now and when its doors close; the RTMP ingest asks it of a stream key's sitting. */
  @FunctionalInterface
  public interface SittingLookup {
    Future<Optional<Instant>> liveClosing(UUID sessionId, LocalDate date);
  }

  /** A sink that says when its source stopped, so the session's links stop saying "live". */
  private final class Announcing implements IngestSink {
    private final IngestSink sink;
    private final UUID sessionId;

    Announcing(IngestSink sink, UUID sessionId) {
      this.sink = sink;
      this.sessionId = sessionId;
    }

    @Override
    public void header(Buffer header) {
      onContext(() -> {
        sink.header(header);
        return Future.succeededFuture();
      });
    }

    @Override
    public Future<Void> write(Buffer bytes, boolean resumePoint) {
      return onContext(() -> sink.write(bytes, resumePoint));
    }

    @Override
    public Future<Void> close() {
      return onContext(() -> sink.close().compose(done -> {
        LiveBroadcast broadcast = here.get(sessionId);
        return broadcast == null ? Future.succeededFuture() : publish(broadcast, broadcast.receiving());
      }));
    }

    @Override
    public void onEvent(java.util.function.Consumer<JsonObject> listener) {
      sink.onEvent(listener);
    }
  }

  /** A rendition's live playlist, from this node or the ingest node; empty before its first segment. */
  public Future<Optional<String>> playlist(UUID sessionId, String rendition) {
    LiveBroadcast broadcast = here.get(sessionId);
    if (broadcast != null) {
      return onContext(() -> Future.succeededFuture(Optional.ofNullable(broadcast.renditions.playlist(rendition))));
    }
    return entry(sessionId).compose(found -> found.isEmpty() ? Future.succeededFuture(Optional.<String>empty())
        : vertx.eventBus().<String>request(NODE_ADDRESS + found.get().getString("node"), new JsonObject()
                .put("op", "playlist").put("sessionId", sessionId.toString()).put("rendition", rendition))
            .map(reply -> Optional.of(reply.body()))
            .recover(failure -> failure instanceof ReplyException ? Future.succeededFuture(Optional.empty())
                : Future.failedFuture(failure)));
  }

  /** A live segment's file on this node, or null when the sitting's broadcast is elsewhere. */
  Path segmentHere(UUID sessionId, LocalDate date, String rendition, String name) {
    Path dir = sittingDir(sessionId, date);
    return Files.isDirectory(dir) ? localSegment(dir, rendition, name) : null;
  }

  /**
   * A segment fetched from the node holding its sitting's files; empty if none does. Kept a little while here:
   * every viewer on this node asks for the same few segments, the holder sends each once.
   */
  Future<Optional<Buffer>> segmentElsewhere(UUID sessionId, LocalDate date, String rendition, String name,
      boolean replay) {
    String key = LiveRenditions.segmentPath(sessionId, date, rendition, name) + (replay ? "?replay" : "");
    Future<Optional<Buffer>> cached = fetched.getIfPresent(key);
    if (cached != null && (!cached.isComplete() || cached.succeeded())) {
      return cached;
    }
    Future<Optional<Buffer>> fetching = askHolder(sessionId, date, new JsonObject().put("op", "segment")
        .put("rendition", rendition).put("name", name).put("replay", replay));
    fetched.put(key, fetching);
    return fetching;
  }

  /** The replay's VOD playlist of a sitting, from this node's files or the node holding them. */
  Future<Optional<String>> replayPlaylist(UUID sessionId, LocalDate date, String rendition) {
    Path dir = sittingDir(sessionId, date);
    return vertx.fileSystem().exists(dir.resolve(Replays.ENDED).toString()).compose(mine -> mine
        ? replays.playlist(sessionId, date, rendition)
        : this.<Buffer>askHolder(sessionId, date, new JsonObject().put("op", "replay").put("rendition", rendition))
            .map(found -> found.map(Buffer::toString)));
  }

  /** The replay's sound: a file of this node, or the bytes from the node holding it. */
  Future<Optional<Object>> replayAudio(UUID sessionId, LocalDate date) {
    Path audio = replays.audio(sessionId, date);
    return vertx.fileSystem().exists(audio.toString()).compose(mine -> mine
        ? Future.succeededFuture(Optional.<Object>of(audio))
        : this.<Buffer>askHolder(sessionId, date, new JsonObject().put("op", "audio")).map(found -> found.map(b -> b)));
  }

  private <T> Future<Optional<T>> askHolder(UUID sessionId, LocalDate date, JsonObject request) {
    return files().compose(map -> map.get(sessionId + "/" + date)).compose(holder ->
        holder == null || nodeId.equals(holder) ? Future.succeededFuture(Optional.<T>empty())
            : vertx.eventBus().<T>request(NODE_ADDRESS + holder, request.put("sessionId", sessionId.toString())
                    .put("date", date.toString()))
                .map(reply -> Optional.of(reply.body()))
                .recover(failure -> failure instanceof ReplyException ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(failure)));
  }

  /** Another node asks for a file of a sitting this node holds. */
  private void answerFiles(io.vertx.core.eventbus.Message<JsonObject> message, UUID sessionId, LocalDate date,
      String op, JsonObject request) {
    Path dir = sittingDir(sessionId, date);
    Future<Optional<Buffer>> answer = switch (op) {
      case "segment" -> {
        Path file = localSegment(dir, request.getString("rendition"), request.getString("name"));
        boolean replay = request.getBoolean("replay", false);
        yield file == null ? Future.succeededFuture(Optional.empty())
            : vertx.fileSystem().exists(dir.resolve(Replays.ENDED).toString()).compose(ended -> ended && !replay
                ? Future.succeededFuture(Optional.<Buffer>empty())
                : vertx.fileSystem().readFile(file.toString()).map(Optional::of));
      }
      case "replay" -> vertx.fileSystem().exists(dir.resolve(Replays.ENDED).toString())
          .compose(ended -> ended ? replays.playlist(sessionId, date, request.getString("rendition"))
              : Future.succeededFuture(Optional.<String>empty()))
          .map(found -> found.map(Buffer::buffer));
      default -> vertx.fileSystem().readFile(replays.audio(sessionId, date).toString()).map(Optional::of);
    };
    answer.onSuccess(found -> {
      if (found.isPresent()) {
        message.reply(found.get());
      } else {
        message.fail(404, "no such file");
      }
    }).onFailure(missing -> message.fail(404, "no such file"));
  }

  /** {@code r3-seg-00012.ts} in run 3's directory; null for any other name. */
  static Path localSegment(Path sittingDir, String rendition, String name) {
    if (!LiveRenditions.RENDITIONS.contains(rendition) || name == null || !name.matches("r\\d{1,4}-seg-\\d{5,9}\\.ts")) {
      return null;
    }
    int dash = name.indexOf('-');
    return LiveRenditions.runDir(sittingDir, Integer.parseInt(name.substring(1, dash))).resolve(rendition)
        .resolve(name.substring(dash + 1));
  }

  /** Ends a sitting's broadcast if this node holds it (the sitting ended): ffmpeg stopped, the replay made. */
  public Future<Void> sittingEnded(UUID sessionId, LocalDate date) {
    return onContext(() -> {
      LiveBroadcast broadcast = here.get(sessionId);
      if (broadcast == null || !broadcast.date().equals(date)) {
        return Future.succeededFuture();
      }
      return stopSitting(broadcast, "ended", true);
    });
  }

  private Future<Void> stopSitting(LiveBroadcast broadcast, String reason, boolean replay) {
    here.remove(broadcast.sessionId(), broadcast);
    Optional.ofNullable(endWatchers.remove(broadcast.sessionId())).ifPresent(MessageConsumer::unregister);
    Optional.ofNullable(closeTimers.remove(broadcast.sessionId())).ifPresent(vertx::cancelTimer);
    return broadcast.stop(reason)
        .compose(done -> unpublish(broadcast.sessionId()))
        .compose(done -> replay && ffmpeg.isPresent()
            ? replays.make(ffmpeg.get(), broadcast.sessionId(), broadcast.date(), broadcast.dir())
                .onSuccess(made -> replayReady(broadcast))
            : Future.succeededFuture())
        .onFailure(failure -> LOG.warn("broadcast {} of {}: cannot finish: {}", broadcast.sessionId(),
            broadcast.date(), failure.toString()));
  }

  /** The pages of the sitting's links, which said it was over, now show its replay. */
  private void replayReady(LiveBroadcast broadcast) {
    String sessionId = broadcast.sessionId().toString();
    vertx.eventBus().publish(Addresses.sittingChanged(sessionId), new JsonObject().put("sessionId", sessionId)
        .put("date", broadcast.date().toString()).put("state", SittingState.ENDED.name()).put("replay", true));
  }

  private void watchEnd(LiveBroadcast broadcast, Instant closesAt) {
    UUID sessionId = broadcast.sessionId();
    endWatchers.put(sessionId, vertx.eventBus().<JsonObject>consumer(Addresses.sittingChanged(sessionId.toString()),
        message -> {
          JsonObject change = message.body();
          SittingState state = SittingState.valueOf(change.getString("state"));
          if (state.isFinal() && broadcast.date().toString().equals(change.getString("date"))) {
            sittingEnded(sessionId, broadcast.date());
          }
        }));
    long delay = Math.max(1, closesAt.toEpochMilli() - clock.millis());
    closeTimers.put(sessionId, vertx.setTimer(delay, id -> {
      closeTimers.remove(sessionId);
      sittingEnded(sessionId, broadcast.date());
    }));
  }

  /** A sitting whose files are on this node, with no replay made and no broadcast going on here. */
  record Unfinished(UUID sessionId, LocalDate date) {}

  /** The sittings left unfinished here (the hub stopped during them). Blocking. */
  List<Unfinished> unfinished() throws java.io.IOException {
    List<Unfinished> found = new ArrayList<>();
    if (!Files.isDirectory(root)) {
      return found;
    }
    try (var sessions = Files.list(root)) {
      for (Path session : sessions.toList()) {
        UUID sessionId;
        try {
          sessionId = UUID.fromString(session.getFileName().toString());
        } catch (IllegalArgumentException e) {
          continue;
        }
        try (var dates = Files.list(session)) {
          for (Path sitting : dates.toList()) {
            String name = sitting.getFileName().toString();
            if (!name.matches("\\d{4}-\\d{2}-\\d{2}") || Files.exists(sitting.resolve(Replays.ENDED))) {
              continue;
            }
            LocalDate date = LocalDate.parse(name);
            LiveBroadcast live = here.get(sessionId);
            if (live == null || !live.date().equals(date)) {
              found.add(new Unfinished(sessionId, date));
            }
          }
        }
      }
    }
    return found;
  }

  /** Makes the replay of a sitting left unfinished here, now that it is over. */
  Future<Void> finish(Unfinished sitting) {
    return ffmpeg.map(found -> replays.make(found, sitting.sessionId(), sitting.date(),
        sittingDir(sitting.sessionId(), sitting.date()))).orElseGet(Future::succeededFuture);
  }

  /** Kills every ffmpeg of this node now; the hub is stopping. */
  public Future<Void> stop() {
    stopping = true;
    Optional.ofNullable(nodeConsumer).ifPresent(MessageConsumer::unregister);
    List<Future<Void>> all = new ArrayList<>();
    for (LiveBroadcast broadcast : List.copyOf(here.values())) {
      broadcast.killNow();
      here.remove(broadcast.sessionId());
      all.add(unpublish(broadcast.sessionId()).recover(failure -> Future.succeededFuture()));
    }
    endWatchers.values().forEach(MessageConsumer::unregister);
    closeTimers.values().forEach(vertx::cancelTimer);
    replays.stop();
    return Future.all(all).mapEmpty();
  }

  private Future<Optional<JsonObject>> entry(UUID sessionId) {
    return map().compose(map -> map.get(sessionId.toString())).map(Optional::ofNullable);
  }

  private Future<Void> publish(LiveBroadcast broadcast, boolean live) {
    return map().compose(map -> map.put(broadcast.sessionId().toString(), new JsonObject().put("node", nodeId)
        .put("date", broadcast.date().toString()).put("live", live)));
  }

  private Future<Void> unpublish(UUID sessionId) {
    // Only this node's own entry: another node may have taken the sitting over meanwhile.
    return map().compose(map -> map.get(sessionId.toString()).compose(found -> found != null
        && nodeId.equals(found.getString("node")) ? map.remove(sessionId.toString()).mapEmpty()
        : Future.succeededFuture()));
  }

  private Future<AsyncMap<String, JsonObject>> map() {
    return vertx.sharedData().getAsyncMap(LIVE_MAP);
  }

  private Future<AsyncMap<String, String>> files() {
    return vertx.sharedData().getAsyncMap(FILES_MAP);
  }

  /** Runs {@code work} on the broadcasts' own context, where every broadcast of this node lives. */
  private <T> Future<T> onContext(java.util.function.Supplier<Future<T>> work) {
    if (Vertx.currentContext() == context) {
      return work.get();
    }
    io.vertx.core.Promise<T> promise = io.vertx.core.Promise.promise();
    context.runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }
}
