package org.relais.hub.households;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.ZoneId;
import org.relais.hub.outbox.Outbox;
import org.relais.hub.pages.Messages;
import org.relais.hub.pages.Pages;
import org.relais.hub.privacy.PrivacyConfig;
import org.relais.hub.privacy.PrivacyLog;
import org.relais.hub.registrations.RegistrationService;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;

/**
 * The hub's wiring of households and privacy: off the radar and invitations, a household's rights, the retention
 * job. Built from the services it needs; {@link #start} deploys the retention job, {@link #stop} undeploys it.
 */
public final class HouseholdsFeature {
  private final Vertx vertx;
  private final PrivacyConfig config;
  private final PrivacyLog log;
  private final OffRadar offRadar;
  private final HouseholdRights rights;
  private final Retention retention;
  private final Invitations invitations;
  private String deployment;

  public HouseholdsFeature(Vertx vertx, Pool pool, RegistrationService registrations, Outbox outbox,
      PrivacyConfig config, ZoneId zone, Clock clock) {
    HouseholdStore store = new HouseholdStore(pool);
    this.vertx = vertx;
    this.config = config;
    this.log = new PrivacyLog(pool, clock);
    this.offRadar = new OffRadar(store, log, clock);
    this.rights = new HouseholdRights(store, registrations, log, config.retentionMonths(), new Messages(),
        clock);
    this.retention = new Retention(store, log, config.retentionMonths(), config.logMonths(), clock);
    this.invitations = new Invitations(store, outbox, log, zone, clock);
  }

  /** Where reading personal data is logged (exports of other features too). */
  public PrivacyLog log() {
    return log;
  }

  public OffRadar offRadar() {
    return offRadar;
  }

  public Retention retention() {
    return retention;
  }

  /** The family's download and erase pages, under its manage link. */
  public void mount(Router root, Pages pages, int maxBodyBytes) {
    new FamilyPrivacyPages(rights, pages).mount(root, maxBodyBytes);
  }

  public StaffArea.Section staffPages(StaffPages pages, ZoneId zone) {
    return new StaffHouseholdPages(offRadar, rights, invitations, log, pages, zone);
  }

  /** The privacy page: how long data is kept, the retention runs, the privacy log. */
  public StaffArea.Section privacyPages(StaffPages pages, ZoneId zone) {
    return new StaffPrivacyPages(log, retention, pages, zone);
  }

  public Future<Void> start() {
    return vertx.deployVerticle(new RetentionVerticle(retention, config.retentionEvery()))
        .map(id -> {
          deployment = id;
          return null;
        });
  }

  public Future<Void> stop() {
    return deployment == null ? Future.succeededFuture() : vertx.undeploy(deployment);
  }
}
