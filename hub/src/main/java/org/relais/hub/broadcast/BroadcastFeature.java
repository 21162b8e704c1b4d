package org.relais.hub.broadcast;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.relais.hub.schedule.SessionSitting;
import org.relais.protocol.SittingState;
import org.relais.protocol.VideoMode;
import java.time.ZoneId;
import java.util.UUID;
import java.util.function.Consumer;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.JoinService;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.signalling.RoomsConfig;
import org.relais.hub.signalling.Tickets;
import org.relais.hub.validation.InvalidFieldException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broadcast feature as the hub wires it: the broadcasts of this node, their viewers, their routes, the
 * replays' daily retention. Built from the services it needs; started after them, stopped before them.
 */
public final class BroadcastFeature {
  private static final Logger LOG = LoggerFactory.getLogger(BroadcastFeature.class);
  private static final Duration RETENTION_CHECK = Duration.ofHours(24);
  private static final Duration UNFINISHED_CHECK = Duration.ofMinutes(15);

  private final Vertx vertx;
  private final BroadcastService service;
  private final Viewers viewers;
  private final BroadcastRoutes routes;
  private final ZoneId zone;
  private final BroadcastService.SittingLookup sittingLookup;
  private final ScheduleService schedule;
  private final SittingService sittings;
  private final Clock clock;
  private long retentionTimer = -1;
  private long unfinishedTimer = -1;

  private BroadcastFeature(Vertx vertx, BroadcastService service, Viewers viewers, BroadcastRoutes routes,
      ZoneId zone, BroadcastService.SittingLookup sittingLookup, ScheduleService schedule, SittingService sittings,
      Clock clock) {
    this.schedule = schedule;
    this.sittings = sittings;
    this.clock = clock;
    this.vertx = vertx;
    this.service = service;
    this.viewers = viewers;
    this.routes = routes;
    this.zone = zone;
    this.sittingLookup = sittingLookup;
  }

  /** {@code viewersChanged}: a session's viewers came or went (the console's figures). */
  public static BroadcastFeature wire(Vertx vertx, Path dataDir, BroadcastConfig config, String segmentSecret,
      JoinService join, ScheduleService schedule, SittingService sittings, Tickets tickets, Attendance attendance,
      PublicAddress address, RoomsConfig rooms, Consumer<UUID> viewersChanged, Clock clock) {
    BroadcastService service = new BroadcastService(vertx, dataDir, config, new SegmentSigner(segmentSecret), clock);
    Viewers viewers = new Viewers(vertx, attendance, Duration.ofSeconds(3L * config.segmentSeconds() + 2),
        viewersChanged, clock);
    BroadcastRoutes routes = new BroadcastRoutes(service, join, schedule, sittings, tickets, attendance, viewers,
        address, config, rooms, clock);
    BroadcastService.SittingLookup lookup = (sessionId, date) -> schedule.get(sessionId)
        .compose(session -> session.draft().videoMode() != VideoMode.BROADCAST
            ? Future.succeededFuture(Optional.<Instant>empty())
            : sittings.of(session).map(all -> all.stream()
                .filter(sitting -> sitting.date().equals(date) && sitting.state() == SittingState.LIVE
                    && clock.instant().isBefore(sitting.closesAt()))
                .findFirst().map(SessionSitting::closesAt)))
        .recover(missing -> Future.succeededFuture(Optional.empty()));
    return new BroadcastFeature(vertx, service, viewers, routes, schedule.zone(), lookup, schedule, sittings, clock);
  }

  /**
   * The schedule's rule for a session's video, with the broadcast's: a BROADCAST class is refused, on its
   * videoMode field, while ffmpeg is missing (saying how to install it); then {@code seats} has its say.
   */
  public static ScheduleService.CapacityRule requiringFfmpeg(ScheduleService.CapacityRule seats,
      java.util.function.BooleanSupplier ffmpegFound) {
    return (sessionId, draft) -> {
      if (draft.videoMode() == VideoMode.BROADCAST && !ffmpegFound.getAsBoolean()) {
        return Future.failedFuture(new InvalidFieldException("videoMode", Ffmpeg.HOW_TO_INSTALL));
      }
      return seats.check(sessionId, draft);
    };
  }

  /** The name of the shared secret that signs segment URIs and stream keys. */
  public static String secretName() {
    return SegmentSigner.SECRET_NAME;
  }

  public BroadcastService service() {
    return service;
  }

  /** Whether a sitting is live now, and when its doors close: what the RTMP ingest asks of a stream key. */
  public BroadcastService.SittingLookup sittingLookup() {
    return sittingLookup;
  }

  /** Opens the ingest of the sitting a stream key stands for, if it is live now (the RTMP ingest's entry). */
  public Future<IngestSink> openIngestByKey(String streamKey, IngestFormat format) {
    return service.openIngestByKey(streamKey, format, sittingLookup);
  }

  /** The replay each join link opens, for the family's pages. */
  public org.relais.hub.join.JoinReplays replays() {
    return routes::shownReplay;
  }

  public ApiRouter.Feature api() {
    return routes;
  }

  public void mount(Router router) {
    routes.mount(router);
  }

  public Future<Void> start() {
    viewers.start();
    retentionTimer = vertx.setPeriodic(RETENTION_CHECK.toMillis(), id -> eraseExpiredReplays());
    unfinishedTimer = vertx.setPeriodic(UNFINISHED_CHECK.toMillis(), id -> finishUnfinished());
    return service.start().compose(started -> eraseExpiredReplays()).compose(erased -> finishUnfinished())
        .mapEmpty();
  }

  /**
   * Makes the replays of the sittings this node took the stream of but could not finish (the hub stopped during
   * them), once they are over; answers how many. Done at start and every quarter of an hour.
   */
  public Future<Integer> finishUnfinished() {
    return vertx.executeBlocking(service::unfinished, false).compose(all -> {
      Future<Integer> done = Future.succeededFuture(0);
      for (BroadcastService.Unfinished sitting : all) {
        done = done.compose(count -> schedule.get(sitting.sessionId()).compose(sittings::of)
            .map(list -> list.stream().anyMatch(s -> s.date().equals(sitting.date()) && s.isDoneAt(clock.instant())))
            .compose(over -> over ? service.finish(sitting).map(count + 1) : Future.succeededFuture(count))
            .recover(failure -> {
              LOG.warn("Cannot finish the broadcast of {} on {}: {}", sitting.sessionId(), sitting.date(),
                  failure.toString());
              return Future.succeededFuture(count);
            }));
      }
      return done;
    }).onSuccess(count -> {
      if (count > 0) {
        LOG.info("Replays made for {} sitting(s) left unfinished by a hub that stopped", count);
      }
    });
  }

  /** Erases the replays past {@code broadcast.replayDays}; answers how many sittings' files went. */
  public Future<Integer> eraseExpiredReplays() {
    return vertx.executeBlocking(() -> service.replays().eraseExpired(zone), false)
        .onSuccess(erased -> LOG.info("Replay retention: {} sitting(s) past their replay days erased", erased))
        .onFailure(failure -> LOG.warn("Replay retention failed: {}", failure.toString()));
  }

  public Future<Void> stop() {
    if (retentionTimer >= 0) {
      vertx.cancelTimer(retentionTimer);
    }
    if (unfinishedTimer >= 0) {
      vertx.cancelTimer(unfinishedTimer);
    }
    return service.stop().compose(done -> viewers.stop());
  }
}
