package org.relais.hub.sites;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.relais.hub.centres.CentreService;
import org.relais.protocol.Addresses;
import org.relais.protocol.site.FamilyCall;
import org.relais.protocol.site.SiteMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the kiosks of the sites linked through this node up to date with their centre's open family help
 * calls: the whole queue after a site says hello, and again each time one of the centre's calls is made,
 * taken or ended (heard on the centre's help address, from whichever node changed it).
 */
public final class SiteFamilyCalls {
  private static final Logger LOG = LoggerFactory.getLogger(SiteFamilyCalls.class);

  private final Vertx vertx;
  private final CentreService centres;
  private final Function<UUID, Future<List<FamilyCall>>> openCallsOf;
  /** The centre of each site linked here, and one listener per centre while one of its sites is. */
  private final Map<UUID, UUID> centreOfSite = new ConcurrentHashMap<>();
  private final Map<UUID, MessageConsumer<Object>> listeners = new ConcurrentHashMap<>();
  /** Per centre, the latest queue asked for: an answer to an older request is dropped, never sent after it. */
  private final Map<UUID, AtomicLong> asked = new ConcurrentHashMap<>();

  public SiteFamilyCalls(Vertx vertx, CentreService centres, Function<UUID, Future<List<FamilyCall>>> openCallsOf) {
    this.vertx = vertx;
    this.centres = centres;
    this.openCallsOf = openCallsOf;
  }

  /** A site said hello: it hears of its centre's calls from now on, starting with the queue as it stands. */
  void linked(UUID siteId) {
    centres.site(siteId).onSuccess(site -> {
      centreOfSite.put(siteId, site.centreId());
      listeners.computeIfAbsent(site.centreId(), centre -> vertx.eventBus()
          .consumer(Addresses.centreHelp(centre.toString()), changed -> send(centre)));
      send(site.centreId());
    }).onFailure(e -> LOG.warn("Could not find the centre of relay-site {} to send it its help calls", siteId, e));
  }

  void unlinked(UUID siteId) {
    UUID centre = centreOfSite.remove(siteId);
    if (centre != null && !centreOfSite.containsValue(centre)) {
      MessageConsumer<Object> listener = listeners.remove(centre);
      if (listener != null) {
        listener.unregister();
      }
    }
  }

  private void send(UUID centreId) {
    long request = asked.computeIfAbsent(centreId, c -> new AtomicLong()).incrementAndGet();
    openCallsOf.apply(centreId).onSuccess(calls -> {
      if (asked.get(centreId).get() != request) {
        return;
      }
      JsonObject message = new SiteMessage.FamilyCalls(calls).toJson();
      sitesOf(centreId).forEach(siteId -> vertx.eventBus().publish(Addresses.siteInbox(siteId.toString()), message));
    }).onFailure(e -> LOG.warn("Could not send centre {}'s help calls to its relay-sites", centreId, e));
  }

  private Set<UUID> sitesOf(UUID centreId) {
    return centreOfSite.entrySet().stream().filter(e -> e.getValue().equals(centreId)).map(Map.Entry::getKey)
        .collect(Collectors.toSet());
  }

  Future<Void> stop() {
    return Future.all(listeners.values().stream().map(MessageConsumer::unregister).toList()).mapEmpty();
  }
}
