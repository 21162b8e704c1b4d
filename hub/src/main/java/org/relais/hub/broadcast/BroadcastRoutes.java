package org.relais.hub.broadcast;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.http.Api;
import org.relais.hub.http.FailureHandler;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.Problem;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.JoinRoutes;
import org.relais.hub.join.JoinService;
import org.relais.hub.join.JoinView;
import org.relais.hub.join.Video;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.SessionSitting;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.signalling.BridgeRoutes;
import org.relais.hub.signalling.RoomsConfig;
import org.relais.hub.signalling.Tickets;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.protocol.JoinRole;
import org.relais.protocol.JoinState;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;

/**
 * The broadcast over HTTP. For the studio (staff): a ticket to send the stream, and the broadcast's state. For
 * whoever holds a join link: the master and media playlists under {@code /b/{token}/}, only while the link
 * opens the sitting (then the replay, for a registered family); segments under {@code /b/seg/}, signed.
 */
public final class BroadcastRoutes implements ApiRouter.Feature {
  static final String TICKETS = "broadcast";
  private static final String MPEGURL = "application/vnd.apple.mpegurl";
  /** How long a link's answer is trusted between two polls: a revoked link stops within this. */
  private static final Duration LINK_CACHE = Duration.ofSeconds(2);
  private static final Set<JoinState> REPLAY_STATES = EnumSet.of(JoinState.EARLY, JoinState.OPEN,
      JoinState.ENDED, JoinState.FULL);

  private final BroadcastService broadcasts;
  private final JoinService join;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final Tickets tickets;
  private final Attendance attendance;
  private final Viewers viewers;
  private final PublicAddress address;
  private final BroadcastConfig config;
  private final RoomsConfig rooms;
  private final Clock clock;
  private final Cache<String, Future<JoinView>> links;

  BroadcastRoutes(BroadcastService broadcasts, JoinService join, ScheduleService schedule, SittingService sittings,
      Tickets tickets, Attendance attendance, Viewers viewers, PublicAddress address, BroadcastConfig config,
      RoomsConfig rooms, Clock clock) {
    this.rooms = rooms;
    this.broadcasts = broadcasts;
    this.join = join;
    this.schedule = schedule;
    this.sittings = sittings;
    this.tickets = tickets;
    this.attendance = attendance;
    this.viewers = viewers;
    this.address = address;
    this.config = config;
    this.clock = clock;
    // On the hub's clock: a test that moves it sees a revoked link go.
    this.links = Caffeine.newBuilder().expireAfterWrite(LINK_CACHE).maximumSize(50_000)
        .ticker(() -> clock.millis() * 1_000_000L).build();
  }

  @Override
  public void bind(ApiRouter api) {
    api.staffOperation("openBroadcastIngest", ctx -> Api.respond(ctx, 200, () ->
            ingestTicket(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId"))))
        .staffOperation("getBroadcast", ctx -> Api.respond(ctx, 200, () ->
            state(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId"))));
  }

  public void mount(Router router) {
    router.get("/b/ingest").handler(ctx -> {
      // Against cross-site WebSocket hijacking, as for the bridges: a page of ours, or a program.
      if (!BridgeRoutes.originAllowed(ctx, rooms, address)) {
        ctx.fail(ProblemException.forbidden("This origin may not send a broadcast"));
      } else {
        new IngestSocket(broadcasts, tickets).accept(ctx);
      }
    });
    router.get("/b/seg/:sessionId/:date/:rendition/:name").handler(this::segment);
    router.get("/b/:token/replay/audio.m4a").handler(this::replayAudio);
    router.get("/b/:token/replay/:file").handler(this::replayPlaylist);
    router.get("/b/:token/:file").handler(this::livePlaylist);
  }

  private ZoneId zone() {
    return schedule.zone();
  }

  /** The sitting the studio sends to: the session's current one, which must be live. */
  private Future<SessionSitting> liveSitting(StaffPrincipal actor, UUID sessionId) {
    return schedule.get(sessionId).compose(session -> {
      ScheduleService.requireMayEdit(actor, session.draft());
      if (session.draft().videoMode() != VideoMode.BROADCAST) {
        throw ProblemException.conflict("videoMode", "This class is not broadcast (its video mode is "
            + session.draft().videoMode() + ")");
      }
      return sittings.of(session).map(all -> SittingService.current(all, clock.instant(), zone())
          .orElseThrow(() -> ProblemException.conflict("state", "This class has no sitting now")));
    });
  }

  private Future<JsonObject> ingestTicket(StaffPrincipal actor, UUID sessionId) {
    if (!broadcasts.available()) {
      return Future.failedFuture(new ProblemException(new Problem("ffmpeg-missing", "Broadcasting unavailable", 409,
          Ffmpeg.HOW_TO_INSTALL, "videoMode")));
    }
    return liveSitting(actor, sessionId).compose(sitting -> {
      if (sitting.state() != SittingState.LIVE) {
        throw ProblemException.conflict("state", "Start the sitting of " + sitting.date()
            + " first (it is " + sitting.state() + ")");
      }
      JsonObject grant = new JsonObject().put("sessionId", sessionId.toString())
          .put("date", sitting.date().toString()).put("closesAt", sitting.closesAt().toEpochMilli());
      return tickets.describedGrant(TICKETS, grant, webSocketUrl("/b/ingest")).map(described -> described
          .put("sittingDate", sitting.date().toString())
          .put("rtmp", rtmp(sessionId, sitting.date())));
    });
  }

  private Future<JsonObject> state(StaffPrincipal actor, UUID sessionId) {
    return liveSitting(actor, sessionId).compose(sitting -> {
      Future<Boolean> live = broadcasts.live(sessionId);
      Future<Long> watching = attendance.goingOn(Attendance.Source.BROADCAST).map(stays -> stays.stream()
          .filter(stay -> stay.sessionId().equals(sessionId) && sitting.date().equals(stay.sittingDate())).count());
      return Future.all(live, watching).map(done -> {
        JsonObject state = new JsonObject().put("live", live.result()).put("viewers", watching.result())
            .put("sittingDate", sitting.date().toString()).put("sittingState", sitting.state().name())
            .put("available", broadcasts.available())
            .put("rtmp", rtmp(sessionId, sitting.date()));
        broadcasts.here(sessionId).map(LiveBroadcast::lastGap).ifPresent(gap ->
            state.put("lastRestartGapMs", gap.toMillis()));
        // How old the newest segment's last frame is when listed: ffmpeg's part of the delay (on the ingest node).
        broadcasts.here(sessionId).map(broadcast -> broadcast.renditions.latestLatency()).filter(ms -> ms >= 0)
            .ifPresent(ms -> state.put("latencyMs", ms));
        return state;
      });
    });
  }

  /** Where OBS pushes, when the hub listens for RTMP: the port it really listens on. */
  private JsonObject rtmp(UUID sessionId, LocalDate date) {
    OptionalInt port = broadcasts.rtmpPort();
    if (port.isEmpty()) {
      return null;
    }
    String host = address.base().getHost();
    return new JsonObject().put("url", "rtmp://" + host + ":" + port.getAsInt() + "/live")
        .put("key", broadcasts.signer().streamKey(sessionId, date));
  }

  private String webSocketUrl(String path) {
    String http = address.link(path);
    return http.startsWith("https:") ? "wss:" + http.substring(6) : "ws:" + http.substring(5);
  }

  private Future<JoinView> view(String token) {
    Future<JoinView> cached = links.getIfPresent(token);
    if (cached != null && (!cached.isComplete() || cached.succeeded())) {
      return cached;
    }
    Future<JoinView> read = JoinRoutes.readable(join.open(token));
    links.put(token, read);
    return read;
  }

  /** The link opens a live BROADCAST sitting now, else the one 404 of any link that is not ours. */
  private Future<JoinView> openBroadcast(String token) {
    return view(token).map(view -> {
      if (view.state() != JoinState.OPEN || !(view.video() instanceof Video.Broadcast)) {
        throw JoinRoutes.unknownLink();
      }
      return view;
    });
  }

  private static ProblemException notLive() {
    return new ProblemException(new Problem("not-live", "Not live", 404,
        "The broadcast has not started, or is paused: try again in a few seconds", null));
  }

  private void livePlaylist(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    boolean master = "index.m3u8".equals(file);
    String rendition = file.endsWith(".m3u8") ? file.substring(0, file.length() - 5) : "";
    if (!master && !LiveRenditions.RENDITIONS.contains(rendition)) {
      ctx.next();
      return;
    }
    openBroadcast(ctx.pathParam("token")).compose(view -> broadcasts.playlist(view.session().id(),
            master ? "360p" : rendition).map(found -> {
              String playlist = found.orElseThrow(BroadcastRoutes::notLive);
              if (!master) {
                viewers.polled(view, view.window().sitting().start().atZone(zone()).toLocalDate());
              }
              return master ? LiveRenditions.master("") : playlist;
            }))
        .onSuccess(text -> sendPlaylist(ctx, text))
        .onFailure(ctx::fail);
  }

  private static void sendPlaylist(RoutingContext ctx, String text) {
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, MPEGURL).putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
        .end(text);
  }

  private void segment(RoutingContext ctx) {
    String rendition = ctx.pathParam("rendition");
    String name = ctx.pathParam("name");
    UUID sessionId;
    LocalDate date;
    try {
      sessionId = UUID.fromString(ctx.pathParam("sessionId"));
      date = LocalDate.parse(ctx.pathParam("date"));
    } catch (RuntimeException e) {
      ctx.fail(ProblemException.notFound("No such segment"));
      return;
    }
    String path = LiveRenditions.segmentPath(sessionId, date, rendition, name);
    boolean replay = "1".equals(ctx.request().getParam("replay"));
    if (!broadcasts.signer().valid(path, ctx.request().getParam("exp"), replay, ctx.request().getParam("sig"),
        clock.instant()) || BroadcastService.localSegment(broadcasts.sittingDir(sessionId, date), rendition, name) == null) {
      ctx.fail(ProblemException.notFound("No such segment"));
      return;
    }
    Path here = BroadcastService.localSegment(broadcasts.sittingDir(sessionId, date), rendition, name);
    // A live segment's URI goes with the live broadcast: once the sitting's broadcast ended, only the replay's do.
    Path ended = broadcasts.sittingDir(sessionId, date).resolve(Replays.ENDED);
    ctx.vertx().fileSystem().exists(ended.toString())
        .compose(over -> over && !replay ? Future.succeededFuture(false)
            : serveSegment(ctx, here, sessionId, date, rendition, name, replay))
        .onSuccess(served -> {
          if (!served) {
            ctx.fail(ProblemException.notFound("No such segment"));
          }
        }).onFailure(ctx::fail);
  }

  /** Sends the segment from this node's files, else from the node holding them; false if neither has it. */
  private Future<Boolean> serveSegment(RoutingContext ctx, Path here, UUID sessionId, LocalDate date, String rendition,
      String name, boolean replay) {
    return ctx.vertx().fileSystem().exists(here.toString()).compose(exists -> {
      if (exists) {
        segmentHeaders(ctx);
        return sent(ctx, ctx.response().sendFile(here.toString())).map(true);
      }
      return broadcasts.segmentElsewhere(sessionId, date, rendition, name, replay).compose(found -> {
        if (found.isEmpty()) {
          return Future.succeededFuture(false);
        }
        segmentHeaders(ctx);
        return ctx.response().end(found.get()).map(true);
      });
    });
  }

  /** A file sent, or a player gone mid-file (it moved on, or switched rendition): not the hub's failure. */
  private static Future<Void> sent(RoutingContext ctx, Future<Void> sending) {
    return sending.recover(failure -> FailureHandler.goneMidAnswer(ctx, failure) ? Future.succeededFuture()
        : Future.failedFuture(failure));
  }

  private static void segmentHeaders(RoutingContext ctx) {
    // A segment never changes; its URI is signed, so a shared cache may keep it as long as the URI holds.
    ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "video/mp2t")
        .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=3600");
  }

  /**
   * The replay a link opens: a registered family's (or the instructor's), of the class's latest sitting that
   * ended within the replay days and was broadcast.
   */
  private Future<Replay> replay(RoutingContext ctx) {
    return replayOf(ctx.pathParam("token"));
  }

  /** What the pages show of a link's replay: nothing where the routes above would answer 404. */
  Future<java.util.Optional<org.relais.hub.join.JoinReplays.Replay>> shownReplay(String token) {
    return replayOf(token)
        .map(replay -> java.util.Optional.of(new org.relais.hub.join.JoinReplays.Replay(replay.date(),
            replay.date().plusDays(config.replayDays()), replay.linkKey())))
        .otherwise(java.util.Optional.empty());
  }

  private Future<Replay> replayOf(String token) {
    return view(token).compose(view -> {
      JoinRole role = view.claims().role();
      if (!REPLAY_STATES.contains(view.state()) || (role != JoinRole.PARTICIPANT && role != JoinRole.INSTRUCTOR)
          || view.session().draft().videoMode() != VideoMode.BROADCAST) {
        throw JoinRoutes.unknownLink();
      }
      UUID sessionId = view.session().id();
      Instant now = clock.instant();
      return sittings.of(view.session()).compose(all -> {
        java.util.List<LocalDate> dates = all.stream().filter(sitting -> sitting.isDoneAt(now)
                && sitting.state() != SittingState.CANCELLED && broadcasts.replays().shown(sitting.date(), now, zone()))
            .map(SessionSitting::date).sorted(java.util.Comparator.reverseOrder()).toList();
        return firstReplay(sessionId, dates, 0, view.claims().peerId());
      });
    });
  }

  private Future<Replay> firstReplay(UUID sessionId, java.util.List<LocalDate> dates, int index, String linkKey) {
    if (index >= dates.size()) {
      return Future.failedFuture(ProblemException.notFound("This class has no replay to watch"));
    }
    LocalDate date = dates.get(index);
    return broadcasts.replayPlaylist(sessionId, date, "audio").compose(found -> found.isPresent()
        ? Future.succeededFuture(new Replay(sessionId, date, linkKey))
        : firstReplay(sessionId, dates, index + 1, linkKey));
  }

  private record Replay(UUID sessionId, LocalDate date, String linkKey) {}

  private void replayPlaylist(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    boolean master = "index.m3u8".equals(file);
    String rendition = file.endsWith(".m3u8") ? file.substring(0, file.length() - 5) : "";
    if (!master && !LiveRenditions.RENDITIONS.contains(rendition)) {
      ctx.next();
      return;
    }
    replay(ctx).compose(replay -> master ? Future.succeededFuture(LiveRenditions.master(""))
            : broadcasts.replayPlaylist(replay.sessionId(), replay.date(), rendition)
                .map(found -> found.orElseThrow(() -> ProblemException.notFound("This class has no replay to watch"))))
        .onSuccess(text -> sendPlaylist(ctx, text))
        .onFailure(ctx::fail);
  }

  private void replayAudio(RoutingContext ctx) {
    replay(ctx).compose(replay -> broadcasts.replayAudio(replay.sessionId(), replay.date()).compose(found -> {
      if (found.isEmpty()) {
        throw ProblemException.notFound("This class has no replay to listen to");
      }
      ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "audio/mp4")
          .putHeader(HttpHeaders.CACHE_CONTROL, "private, max-age=3600")
          .putHeader("Content-Disposition", "inline; filename=\"replay-" + replay.date() + ".m4a\"");
      return found.get() instanceof Path file ? sent(ctx, ctx.response().sendFile(file.toString()))
          : ctx.response().end((Buffer) found.get());
    })).onFailure(ctx::fail);
  }
}
