package org.relais.hub.sites;

import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.relais.hub.centres.RoomPanel;
import org.relais.hub.centres.Site;
import org.relais.hub.staffapp.StaffPages;

/**
 * A room's relay-site on its staff page: on line or not (and when it was last heard from, running which
 * version), whether one is enrolled, and until when an enrolment code not yet used still works.
 */
public final class RelayPanel implements RoomPanel {
  private final StaffPages pages;
  private final SiteCredentials credentials;
  private final SitePresence presence;
  private final ZoneId zone;

  public RelayPanel(StaffPages pages, SiteCredentials credentials, SitePresence presence, ZoneId zone) {
    this.pages = pages;
    this.credentials = credentials;
    this.presence = presence;
    this.zone = zone;
  }

  @Override
  public Future<Void> fill(RoutingContext ctx, Site site, Map<String, Object> model) {
    Future<SiteCredentials.Standing> standing = credentials.standing(StaffPages.principal(ctx), site);
    Future<Optional<SitePresence.Online>> online = presence.get(site.id());
    return Future.all(standing, online).map(done -> {
      Map<String, Object> relay = new HashMap<>();
      // A relay revoked a moment ago may still be in the presence map until its link is cut: not on line.
      Optional<SitePresence.Online> linked = online.result().filter(o -> standing.result().enrolledAt().isPresent());
      relay.put("online", linked.isPresent());
      linked.ifPresent(o -> {
        relay.put("lastSeen", pages.dateTime(ctx, o.lastSeen(), zone));
        relay.put("version", o.version());
      });
      standing.result().enrolledAt().ifPresent(at -> relay.put("enrolledAt", pages.dateTime(ctx, at, zone)));
      standing.result().codeExpiresAt().ifPresent(at -> relay.put("codeExpiresAt", pages.dateTime(ctx, at, zone)));
      model.put("relay", relay);
      return null;
    });
  }
}
