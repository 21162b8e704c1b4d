package org.relais.hub.live;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.bookings.BookingService;
import org.relais.hub.bookings.BookingStore;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.join.Attendance;
import org.relais.hub.join.JoinLinks;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.SittingService;
import org.relais.hub.signalling.Tickets;
import org.relais.protocol.site.FamilyCall;
import org.relais.hub.sites.SiteCredentials;
import org.relais.hub.sites.SiteEventStore;
import org.relais.hub.sites.SiteFamilyCalls;
import org.relais.hub.sites.SiteLink;
import org.relais.hub.sites.SitePresence;
import org.relais.hub.sites.SiteSchedules;
import org.relais.hub.sites.SiteSightings;
import org.relais.hub.sites.SitesConfig;

/**
 * The live side of the network as the hub wires it: relay-sites' links (presence, events, schedules, credentials),
 * the consoles' live view of a sitting, and the live bridge both connect through. Built from the services it needs;
 * its link starts before the hub listens, its bridge once it does; stopped before the services.
 */
public final class LiveFeature {
  private final SiteSightings sightings;
  private final SitePresence presence;
  private final SiteEventStore events;
  private final LiveView view;
  private final SiteSchedules schedules;
  private final SiteLink link;
  private final LiveBridge bridge;
  private final SiteCredentials credentials;

  private LiveFeature(SiteSightings sightings, SitePresence presence, SiteEventStore events, LiveView view,
      SiteSchedules schedules, SiteLink link, LiveBridge bridge, SiteCredentials credentials) {
    this.sightings = sightings;
    this.presence = presence;
    this.events = events;
    this.view = view;
    this.schedules = schedules;
    this.link = link;
    this.bridge = bridge;
    this.credentials = credentials;
  }

  /** {@code familyCallsOf}: the help calls of a centre's families still open, for its kiosks. */
  public static LiveFeature wire(Vertx vertx, Pool pool, SitesConfig config, LiveConfig limits,
      ScheduleService schedule, SittingService sittings, CentreService centres, BookingStore bookingStore,
      BookingService bookings, Attendance attendance, JoinLinks joinLinks, Tickets tickets, PublicAddress address,
      Function<UUID, Future<List<FamilyCall>>> familyCallsOf, MeterRegistry metrics, Clock clock) {
    SiteSightings sightings = new SiteSightings(pool);
    SitePresence presence = new SitePresence(vertx, config.silenceLimit(), sightings, clock);
    SiteEventStore events = new SiteEventStore(pool, schedule.zone());
    LiveView view = new LiveView(vertx, schedule, sittings, bookingStore, centres, presence, events, attendance,
        clock);
    SiteSchedules schedules = new SiteSchedules(centres, bookings, sittings, joinLinks, address,
        config.scheduleHorizon(), clock);
    SiteLink link = new SiteLink(vertx, presence, events, schedules, new SiteFamilyCalls(vertx, centres,
        familyCallsOf), view, clock);
    LiveBridge bridge = new LiveBridge(vertx, tickets, link, config, limits);
    SiteCredentials credentials = new SiteCredentials(pool, centres, siteId -> {
      link.revoked(siteId);
      bridge.cut(siteId);
    }, clock);
    view.start();
    // What Prometheus reads of them (ops/prometheus, ops/grafana).
    bridge.measure(metrics);
    link.measure(metrics);
    return new LiveFeature(sightings, presence, events, view, schedules, link, bridge, credentials);
  }

  /** Relay-sites may link in from now on (before the hub listens: their first frames find the link ready). */
  public Future<Void> startLink() {
    return link.start();
  }

  /** Once the hub listens. */
  public void startBridge() {
    bridge.start();
  }

  /** The bridge stops taking sockets and tells those here to go elsewhere; the relay-sites' link closes. */
  public void stop() {
    bridge.stop();
    bridge.drain();
    link.stop();
  }

  public SiteSightings sightings() {
    return sightings;
  }

  public SitePresence presence() {
    return presence;
  }

  public SiteEventStore events() {
    return events;
  }

  public LiveView view() {
    return view;
  }

  public SiteSchedules schedules() {
    return schedules;
  }

  public SiteLink link() {
    return link;
  }

  public LiveBridge bridge() {
    return bridge;
  }

  public SiteCredentials credentials() {
    return credentials;
  }
}
