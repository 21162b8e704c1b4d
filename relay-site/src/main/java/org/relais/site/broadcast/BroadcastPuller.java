package org.relais.site.broadcast;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relay's one pull of one live broadcast: for each rendition, the hub's media playlist read once per target
 * duration with the room screen's token, and each segment it newly lists fetched once, in order, into the
 * {@link SegmentStore}. When the hub does not answer, the LAN keeps what it has and the pull tries again after a
 * pause that doubles up to {@link BroadcastRelayConfig#retryCap()}, with jitter; it carries on from the hub's
 * newest segment when the hub answers again. Runs on the event loop of the verticle that made it.
 */
final class BroadcastPuller {
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastPuller.class);
  /** Joining a broadcast, the relay fetches the newest few segments, as a player starts near the live edge. */
  static final int JOIN_SEGMENTS = 3;
  private static final Duration NOT_LIVE_RETRY = Duration.ofSeconds(2);
  private static final long RETRY_BASE_MS = 250;

  private final Vertx vertx;
  private final WebClient http;
  private final UUID sessionId;
  private final SegmentStore store;
  private final Duration retryCap;
  private final Runnable changed;
  private final Map<String, Follower> followers = new TreeMap<>();
  private final AtomicLong segmentsFetched = new AtomicLong();
  private volatile boolean stopped;

  BroadcastPuller(Vertx vertx, WebClient http, URI hub, UUID sessionId, String screenToken, List<String> renditions,
      SegmentStore store, Duration retryCap, Runnable changed) {
    this.vertx = vertx;
    this.http = http;
    this.sessionId = sessionId;
    this.store = store;
    this.retryCap = retryCap;
    this.changed = changed;
    String token = URLEncoder.encode(screenToken, StandardCharsets.UTF_8);
    for (String rendition : renditions) {
      followers.put(rendition, new Follower(new LocalRendition(rendition),
          hub.resolve("/b/" + token + "/" + rendition + ".m3u8")));
    }
  }

  void start() {
    followers.values().forEach(Follower::poll);
  }

  void stop() {
    stopped = true;
    followers.values().forEach(f -> vertx.cancelTimer(f.timer));
    store.removeStartingWith(sessionId + "/");
  }

  UUID sessionId() {
    return sessionId;
  }

  Optional<LocalRendition> rendition(String name) {
    return Optional.ofNullable(followers.get(name)).map(f -> f.local);
  }

  long segmentsFetched() {
    return segmentsFetched.get();
  }

  /** The pull's state: the worst of its renditions' (one reconnecting makes the pull reconnecting). */
  BroadcastState state() {
    List<BroadcastState> states = followers.values().stream().map(f -> f.state).toList();
    for (BroadcastState state : List.of(BroadcastState.RECONNECTING, BroadcastState.WAITING,
        BroadcastState.RECEIVING)) {
      if (states.contains(state)) {
        return state;
      }
    }
    return BroadcastState.ENDED;
  }

  static String key(UUID sessionId, String rendition, long sequence) {
    return sessionId + "/" + rendition + "/" + sequence;
  }

  /** One rendition's loop: read the playlist, fetch what is new, wait for the next turn. */
  private final class Follower {
    final LocalRendition local;
    final URI playlist;
    volatile BroadcastState state = BroadcastState.WAITING;
    long timer = -1;
    int failures;
    int targetMillis = 1000;

    Follower(LocalRendition local, URI playlist) {
      this.local = local;
      this.playlist = playlist;
    }

    void poll() {
      if (stopped) {
        return;
      }
      long began = System.nanoTime();
      http.getAbs(playlist.toString()).timeout(Math.max(3_000, 3L * targetMillis)).send()
          .compose(this::read)
          .compose(this::fetchNew)
          .onComplete(done -> {
            if (stopped) {
              return;
            }
            if (done.succeeded()) {
              failures = 0;
              if (done.result().ended()) {
                move(BroadcastState.ENDED);
                return;
              }
              move(local.held() > 0 ? BroadcastState.RECEIVING : BroadcastState.WAITING);
              long spent = (System.nanoTime() - began) / 1_000_000;
              again(Math.max(50, targetMillis - spent));
            } else if (done.cause() instanceof NotLive) {
              failures = 0;
              move(local.held() > 0 ? BroadcastState.RECONNECTING : BroadcastState.WAITING);
              again(NOT_LIVE_RETRY.toMillis());
            } else {
              failures++;
              if (failures == 1) {
                LOG.info("The hub did not give the broadcast of {} ({}): retrying", sessionId, local.name(),
                    done.cause() instanceof MediaPlaylist.Unreadable ? done.cause() : null);
              }
              move(local.held() > 0 ? BroadcastState.RECONNECTING : BroadcastState.WAITING);
              long ceiling = Math.min(retryCap.toMillis(), RETRY_BASE_MS << Math.min(failures, 10));
              again(ceiling / 2 + ThreadLocalRandom.current().nextLong(ceiling / 2 + 1));
            }
          });
    }

    private Future<MediaPlaylist> read(HttpResponse<Buffer> answer) {
      if (answer.statusCode() == 404 || answer.statusCode() == 410) {
        return Future.failedFuture(new NotLive());
      }
      if (answer.statusCode() != 200 || answer.body() == null) {
        return Future.failedFuture(new HubTrouble(answer.statusCode()));
      }
      MediaPlaylist parsed = MediaPlaylist.parse(answer.bodyAsString(), playlist);
      targetMillis = parsed.targetDuration() * 1000;
      local.targetDuration(parsed.targetDuration());
      return Future.succeededFuture(parsed);
    }

    /** Fetches, one after the other, the segments the relay does not hold yet; the newest few when joining. */
    private Future<MediaPlaylist> fetchNew(MediaPlaylist parsed) {
      long last = local.lastHubSequence();
      List<MediaPlaylist.Segment> segments = parsed.segments();
      List<MediaPlaylist.Segment> fresh = last < 0
          ? segments.subList(Math.max(0, segments.size() - JOIN_SEGMENTS), segments.size())
          : segments.stream().filter(s -> s.sequence() > last).toList();
      Future<Void> chain = Future.succeededFuture();
      for (MediaPlaylist.Segment segment : fresh) {
        chain = chain.compose(previous -> stopped ? Future.succeededFuture() : fetch(segment));
      }
      return chain.map(parsed);
    }

    private Future<Void> fetch(MediaPlaylist.Segment segment) {
      return http.getAbs(segment.uri().toString()).timeout(Math.max(5_000, 4L * targetMillis)).send()
          .compose(answer -> {
            if (answer.statusCode() == 200 && answer.body() != null) {
              long sequence = local.sequenceOfNext();
              store.put(key(sessionId, local.name(), sequence), answer.body());
              local.add(segment);
              segmentsFetched.incrementAndGet();
              return Future.succeededFuture();
            }
            if (answer.statusCode() == 404) {
              // Gone from the hub (its window moved on): the next one follows a gap, marked as a discontinuity.
              local.skip(segment);
              return Future.succeededFuture();
            }
            return Future.failedFuture(new HubTrouble(answer.statusCode()));
          });
    }

    private void again(long delayMs) {
      if (!stopped) {
        timer = vertx.setTimer(delayMs, id -> poll());
      }
    }

    private void move(BroadcastState next) {
      if (state != next) {
        state = next;
        LOG.info("Broadcast of {} ({}): {}", sessionId, local.name(), next);
        changed.run();
      }
    }
  }

  /** The hub lists no segment for the link yet (or any more): not a trouble of the line. */
  private static final class NotLive extends RuntimeException {
    NotLive() {
      super("not live", null, false, false);
    }
  }

  private static final class HubTrouble extends RuntimeException {
    HubTrouble(int status) {
      super("the hub answered " + status, null, false, false);
    }
  }
}
