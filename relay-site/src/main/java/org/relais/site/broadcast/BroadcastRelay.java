package org.relais.site.broadcast;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.relais.protocol.site.Sitting;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A centre's room follows a broadcast through its relay: while a booked {@code BROADCAST} sitting is on, the
 * relay pulls it from the hub once (one {@link BroadcastPuller} per site, with the room screen's token) and serves
 * it to every player on its LAN, the room screen and the visitors' PCs alike:
 * {@code /broadcast/{sessionId}/{rendition}.m3u8}, its segments beside it, and {@code status} for the screen.
 */
public final class BroadcastRelay extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastRelay.class);
  /** The room screen's rendition, and sound alone for a visitor who only listens. */
  public static final List<String> RENDITIONS = List.of("720p", "audio");
  private static final Duration CHECK_EVERY = Duration.ofSeconds(1);

  /** What the kiosk and the room screen are told: which sitting the room follows, and how the pull goes. */
  public record Status(UUID sessionId, BroadcastState state) {
    public JsonObject toJson() {
      return new JsonObject().put("sessionId", sessionId.toString()).put("state", state.name());
    }
  }

  private final URI hub;
  private final Supplier<List<Sitting>> sittings;
  private final Clock clock;
  private final BroadcastRelayConfig config;
  private final SegmentStore store;
  private volatile Runnable changed = () -> { };
  private volatile BroadcastPuller current;
  private String currentToken;
  private WebClient http;
  private long checkTimer = -1;

  public BroadcastRelay(URI hub, Supplier<List<Sitting>> sittings, Clock clock, BroadcastRelayConfig config) {
    this.hub = hub;
    this.sittings = sittings;
    this.clock = clock;
    this.config = config;
    this.store = new SegmentStore(config.cacheBytes());
  }

  /** Who hears that the pull changed state (the kiosk's board). */
  public void whenChanged(Runnable listener) {
    this.changed = listener;
  }

  @Override
  public Future<?> start() {
    // A few connections to one host are plenty: the renditions' playlists and their segments, one at a time each.
    http = WebClient.create(vertx, new WebClientOptions().setKeepAlive(true).setConnectTimeout(3_000)
        .setUserAgent("relais-relay-site"), new PoolOptions().setHttp1MaxSize(4));
    checkTimer = vertx.setPeriodic(CHECK_EVERY.toMillis(), id -> check());
    check();
    return Future.succeededFuture();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(checkTimer);
    stopCurrent();
    http.close();
    return Future.succeededFuture();
  }

  /** The schedule changed: a broadcast may have started or ended. */
  public void scheduleChanged() {
    if (context != null) {
      context.runOnContext(v -> check());
    }
  }

  /** The broadcast the room follows now, if any. */
  public Optional<Status> status() {
    BroadcastPuller puller = current;
    return puller == null ? Optional.empty() : Optional.of(new Status(puller.sessionId(), puller.state()));
  }

  /** Segments fetched from the hub by the current pull. */
  public long segmentsFetched() {
    BroadcastPuller puller = current;
    return puller == null ? 0 : puller.segmentsFetched();
  }

  /** The LAN's routes: playlists, segments, and the pull's state for the room screen. */
  public void mount(Router router) {
    router.get("/broadcast/:sessionId/status").handler(this::statusJson);
    router.get("/broadcast/:sessionId/:playlist").handler(this::playlist);
    router.get("/broadcast/:sessionId/:rendition/:segment").handler(this::segment);
  }

  private void check() {
    Instant now = clock.instant();
    Optional<Sitting> on = sittings.get().stream().filter(Sitting::isBroadcast).filter(s -> s.isOn(now)).findFirst();
    BroadcastPuller puller = current;
    if (puller != null && (on.isEmpty() || !on.get().sessionId().equals(puller.sessionId())
        || !on.get().screenToken().equals(currentToken))) {
      LOG.info("The room stops following the broadcast of {}", puller.sessionId());
      stopCurrent();
    }
    if (current == null && on.isPresent()) {
      Sitting sitting = on.get();
      LOG.info("The room follows the broadcast of {} ({})", sitting.sessionId(), sitting.title());
      currentToken = sitting.screenToken();
      current = new BroadcastPuller(vertx, http, hub, sitting.sessionId(), sitting.screenToken(), RENDITIONS, store,
          config.retryCap(), () -> changed.run());
      current.start();
      changed.run();
    }
  }

  private void stopCurrent() {
    BroadcastPuller puller = current;
    if (puller != null) {
      current = null;
      currentToken = null;
      puller.stop();
      changed.run();
    }
  }

  private Optional<BroadcastPuller> pullerOf(RoutingContext ctx) {
    BroadcastPuller puller = current;
    return puller != null && puller.sessionId().toString().equals(ctx.pathParam("sessionId"))
        ? Optional.of(puller) : Optional.empty();
  }

  private void statusJson(RoutingContext ctx) {
    Optional<BroadcastPuller> puller = pullerOf(ctx);
    JsonObject body = new JsonObject().put("state", puller.map(p -> p.state().name()).orElse("NONE"));
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store").end(body.toBuffer());
  }

  private void playlist(RoutingContext ctx) {
    String file = ctx.pathParam("playlist");
    String rendition = file.endsWith(".m3u8") ? file.substring(0, file.length() - 5) : "";
    Optional<String> text = pullerOf(ctx).flatMap(p -> p.rendition(rendition)).flatMap(LocalRendition::playlist);
    if (text.isEmpty()) {
      notFound(ctx, "This room follows no such broadcast, or it has not started");
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/vnd.apple.mpegurl")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache").end(text.get());
  }

  private void segment(RoutingContext ctx) {
    String rendition = ctx.pathParam("rendition");
    String file = ctx.pathParam("segment");
    int dot = file.indexOf('.');
    long wanted = dot < 1 || !file.substring(0, dot).chars().allMatch(Character::isDigit) || dot > 18 ? -1
        : Long.parseLong(file.substring(0, dot));
    Optional<Buffer> segment = wanted < 0 ? Optional.empty()
        : pullerOf(ctx).filter(p -> p.rendition(rendition).isPresent())
            .flatMap(p -> store.get(BroadcastPuller.key(p.sessionId(), rendition, wanted)));
    if (segment.isEmpty()) {
      notFound(ctx, "No such segment here (any more)");
      return;
    }
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType(file.substring(dot + 1)))
        .putHeader(HttpHeaders.CACHE_CONTROL, "max-age=60").end(segment.get());
  }

  private static String contentType(String extension) {
    return switch (extension) {
      case "aac" -> "audio/aac";
      case "m4s", "mp4" -> "video/mp4";
      default -> "video/mp2t";
    };
  }

  private static void notFound(RoutingContext ctx, String detail) {
    ctx.response().setStatusCode(404).putHeader(HttpHeaders.CONTENT_TYPE, "application/problem+json")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(new JsonObject().put("type", "about:blank").put("title", detail).put("status", 404).toBuffer());
  }
}
