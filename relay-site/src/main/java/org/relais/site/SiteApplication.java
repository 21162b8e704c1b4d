package org.relais.site;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import org.relais.protocol.site.SiteSchedule;
import org.relais.site.broadcast.BroadcastRelay;
import org.relais.site.config.SiteConfig;
import org.relais.site.journal.Journal;
import org.relais.site.kiosk.AnimatorLogins;
import org.relais.site.kiosk.FamilyCallTaker;
import org.relais.site.kiosk.KioskServer;
import org.relais.site.kiosk.Room;
import org.relais.site.link.Enrolment;
import org.relais.site.link.HubLink;
import org.relais.site.schedule.ScheduleSnapshot;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wires the relay-site by hand: journal and schedule snapshot from the data directory, the broadcast relay, the
 * room, the kiosk, then the link to the hub (the kiosk serves before the hub is reached). Stopped in reverse.
 */
public final class SiteApplication {
  private static final Logger LOG = LoggerFactory.getLogger(SiteApplication.class);
  public static final String VERSION = "0.1.0";

  private final Vertx vertx;
  private final Journal journal;
  private final Room room;
  private final BroadcastRelay broadcast;
  private final KioskServer kiosk;
  private final HubLink link;
  private final AnimatorLogins logins;
  private String broadcastDeployment;
  private String kioskDeployment;
  private String linkDeployment;

  private SiteApplication(Vertx vertx, Journal journal, Room room, BroadcastRelay broadcast, KioskServer kiosk,
      HubLink link, AnimatorLogins logins) {
    this.vertx = vertx;
    this.journal = journal;
    this.room = room;
    this.broadcast = broadcast;
    this.kiosk = kiosk;
    this.link = link;
    this.logins = logins;
  }

  /** Starts a relay-site already enrolled (its {@code site.json} in the data directory). */
  public static Future<SiteApplication> start(SiteConfig config, Clock clock) {
    Enrolment enrolment;
    try {
      enrolment = Enrolment.read(config.dataDir()).orElseThrow(() -> new IllegalStateException(
          "This relay-site is not enrolled: run `relay-site enrol --hub URL --code CODE` first"));
    } catch (IOException e) {
      return Future.failedFuture(e);
    }
    // A small machine: two event loops are plenty for a room's kiosk and one link.
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2).setWorkerPoolSize(4));
    Promise<SiteApplication> started = Promise.promise();
    Future.all(Journal.open(vertx, config.dataDir()), ScheduleSnapshot.load(vertx, config.dataDir()))
        .compose(opened -> {
          Journal journal = opened.resultAt(0);
          ScheduleSnapshot schedule = opened.resultAt(1);
          BroadcastRelay broadcast = new BroadcastRelay(enrolment.hub(),
              () -> schedule.current().map(SiteSchedule::sittings).orElse(List.of()), clock, config.broadcast());
          Room room = new Room(vertx, enrolment, journal, schedule, broadcast::status, clock);
          broadcast.whenChanged(room::publish);
          HubLink link = new HubLink(enrolment, journal, update -> {
            schedule.replace(update).onComplete(done -> room.publish());
            broadcast.scheduleChanged();
          }, room::familyCallsChanged, room::linkChanged, clock, VERSION);
          room.forwardWith(link::recorded);
          AnimatorLogins logins = new AnimatorLogins(vertx, enrolment, config.kiosk().signInFor(),
              config.kiosk().maxConcurrentHashes());
          SiteApplication app = new SiteApplication(vertx, journal, room, broadcast, new KioskServer(config.kiosk(),
              room, logins, new FamilyCallTaker(vertx, enrolment), broadcast), link, logins);
          return vertx.deployVerticle(broadcast).compose(broadcastId -> {
            app.broadcastDeployment = broadcastId;
            return vertx.deployVerticle(app.kiosk);
          }).compose(kioskId -> {
            app.kioskDeployment = kioskId;
            return vertx.deployVerticle(link);
          }).map(linkId -> {
            app.linkDeployment = linkId;
            LOG.info("Relay-site for {} ({}) running; hub {}", enrolment.siteName(), enrolment.centreName(),
                enrolment.hub());
            return app;
          });
        })
        .onComplete(result -> {
          if (result.succeeded()) {
            started.complete(result.result());
          } else {
            vertx.close();
            started.fail(result.cause());
          }
        });
    return started.future();
  }

  public Future<Void> stop() {
    Promise<Void> stopped = Promise.promise();
    Future<Void> linkDown = linkDeployment == null ? Future.succeededFuture() : vertx.undeploy(linkDeployment);
    linkDown.transform(done -> kioskDeployment == null ? Future.succeededFuture() : vertx.undeploy(kioskDeployment))
        .transform(done -> broadcastDeployment == null ? Future.succeededFuture()
            : vertx.undeploy(broadcastDeployment))
        .onComplete(done -> {
          logins.close();
          journal.close();
          vertx.close().onComplete(stopped);
        });
    return stopped.future();
  }

  public int kioskPort() {
    return kiosk.port();
  }

  public Room room() {
    return room;
  }

  public HubLink.Status linkStatus() {
    return link.status();
  }

  public BroadcastRelay broadcast() {
    return broadcast;
  }

  public Journal journal() {
    return journal;
  }
}
