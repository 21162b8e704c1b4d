package org.relais.hub.sites;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.relais.protocol.Addresses;
import org.relais.protocol.site.InvalidSiteMessage;
import org.relais.protocol.site.SiteEvent;
import org.relais.protocol.site.SiteMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's end of the relay-sites' links. Listens on {@code relais.hub.sites} for what relays send
 * (the bridge has stamped which site and socket each message came from): a hello marks the site online
 * and sends it its schedule; heartbeats keep it online; events are stored once each and acknowledged
 * by id. Sites linked through this node get their schedule again whenever sessions or bookings change, and
 * their centre's open family help calls whenever one changes.
 */
public final class SiteLink {
  private static final Logger LOG = LoggerFactory.getLogger(SiteLink.class);

  /** Who hears that a site's figures changed: the live view of its sessions. */
  public interface Listener {
    void siteChanged(UUID siteId);

    void sessionsChanged(Set<UUID> sessionIds);
  }

  private final Vertx vertx;
  private final SitePresence presence;
  private final SiteEventStore events;
  private final SiteSchedules schedules;
  private final SiteFamilyCalls familyCalls;
  private final Listener listener;
  private final Clock clock;
  /** Sites whose link ends on this node, by the socket that carries it. */
  private final Map<UUID, String> local = new ConcurrentHashMap<>();
  private final List<MessageConsumer<?>> consumers = new ArrayList<>();
  private final AtomicBoolean pushPending = new AtomicBoolean();

  public SiteLink(Vertx vertx, SitePresence presence, SiteEventStore events, SiteSchedules schedules,
      SiteFamilyCalls familyCalls, Listener listener, Clock clock) {
    this.vertx = vertx;
    this.presence = presence;
    this.events = events;
    this.schedules = schedules;
    this.familyCalls = familyCalls;
    this.listener = listener;
    this.clock = clock;
  }

  public Future<Void> start() {
    MessageConsumer<JsonObject> links = vertx.eventBus().consumer(Addresses.hubSites(), this::handle);
    consumers.add(links);
    consumers.add(vertx.eventBus().consumer(Addresses.scheduleChanged(), changed -> pushSoon()));
    consumers.add(vertx.eventBus().consumer(Addresses.joinSubjectChanged(), changed -> pushSoon()));
    return links.completion();
  }

  /** Wraps what a site's socket sent with who sent it, as the bridge forwards it. */
  public static JsonObject stamped(UUID siteId, String socketId, Object body) {
    return new JsonObject().put("siteId", siteId.toString()).put("socketId", socketId).put("message", body);
  }

  public void connected(UUID siteId, String socketId) {
    local.put(siteId, socketId);
  }

  public void disconnected(UUID siteId, String socketId) {
    if (local.remove(siteId, socketId)) {
      familyCalls.unlinked(siteId);
    }
    presence.disconnected(siteId, socketId).onSuccess(removed -> {
      if (removed) {
        LOG.info("Relay-site {} went offline", siteId);
        listener.siteChanged(siteId);
      }
    });
  }

  public int linkedHere() {
    return local.size();
  }

  /** Publishes the relay-sites linked to this node as {@code relais_sites_linked}: summed over nodes, those online. */
  public void measure(MeterRegistry registry) {
    Gauge.builder("relais.sites.linked", local, Map::size)
        .description("Relay-sites whose live link ends on this node").register(registry);
  }

  private void handle(Message<JsonObject> delivered) {
    JsonObject body = delivered.body();
    UUID siteId = UUID.fromString(body.getString("siteId"));
    String socketId = body.getString("socketId");
    SiteMessage message;
    try {
      message = SiteMessage.parse(body.getValue("message"));
    } catch (InvalidSiteMessage e) {
      LOG.warn("Relay-site {} sent a message refused: {}", siteId, e.getMessage());
      return;
    }
    if (message instanceof SiteMessage.Hello hello) {
      presence.connected(siteId, socketId, hello.version())
          .onSuccess(done -> {
            LOG.info("Relay-site {} online (version {}, journal at {})", siteId, hello.version(),
                hello.journalPosition());
            listener.siteChanged(siteId);
          })
          .compose(done -> push(siteId))
          .onComplete(pushed -> familyCalls.linked(siteId));
    } else if (message instanceof SiteMessage.Heartbeat beat) {
      presence.heard(siteId, socketId, beat.pending()).onSuccess(held -> {
        if (!held) {
          // The entry expired (a long pause) or its node went: the site is back.
          presence.connected(siteId, socketId, "unknown").onSuccess(done -> listener.siteChanged(siteId));
        }
      });
    } else if (message instanceof SiteMessage.Events batch) {
      record(siteId, batch);
    } else {
      LOG.warn("Relay-site {} sent a {} message, which only the hub sends", siteId, message.type());
    }
  }

  private void record(UUID siteId, SiteMessage.Events batch) {
    events.record(siteId, batch.events(), clock.instant())
        .onSuccess(done -> {
          vertx.eventBus().publish(Addresses.siteInbox(siteId.toString()),
              new SiteMessage.Ack(batch.events().stream().map(SiteEvent::id).toList()).toJson());
          Set<UUID> sessions = new LinkedHashSet<>();
          batch.events().stream().map(SiteEvent::sessionId).filter(Objects::nonNull).forEach(sessions::add);
          listener.sessionsChanged(sessions);
        })
        .onFailure(e -> LOG.warn("Could not store {} events of relay-site {}; it will send them again",
            batch.events().size(), siteId, e));
  }

  /** Sends the site its schedule as it stands. */
  public Future<Void> push(UUID siteId) {
    return schedules.of(siteId)
        .onSuccess(schedule -> vertx.eventBus().publish(Addresses.siteInbox(siteId.toString()),
            new SiteMessage.ScheduleUpdate(schedule).toJson()))
        .onFailure(e -> LOG.warn("Could not send relay-site {} its schedule", siteId, e))
        .mapEmpty();
  }

  /** Tells the site its credential is gone; the bridge then cuts its socket. */
  public void revoked(UUID siteId) {
    vertx.eventBus().publish(Addresses.siteInbox(siteId.toString()), new SiteMessage.Revoked().toJson());
  }

  /** Changes come in bursts (a series edited, ten bookings made): one push per site for the burst. */
  private void pushSoon() {
    if (local.isEmpty() || !pushPending.compareAndSet(false, true)) {
      return;
    }
    vertx.setTimer(300, fire -> {
      pushPending.set(false);
      local.keySet().forEach(this::push);
    });
  }

  public Future<Void> stop() {
    return Future.all(consumers.stream().map(MessageConsumer::unregister).toList())
        .compose(done -> familyCalls.stop());
  }
}
