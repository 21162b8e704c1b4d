package org.relais.hub.myday;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.centres.Centre;
import org.relais.hub.centres.CentreService;
import org.relais.hub.centres.Site;
import org.relais.hub.pages.Messages;
import org.relais.hub.sites.SitePresence;
import org.relais.hub.sites.SiteSchedules;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.staffapp.StaffArea;
import org.relais.hub.staffapp.StaffPages;
import org.relais.protocol.Role;
import org.relais.protocol.SittingState;
import org.relais.protocol.site.SiteSchedule;
import org.relais.protocol.site.Sitting;

/**
 * {@code /staff/my-centre}: for the animators of a centre (and its coordinators), today's sittings booked for
 * the centre's rooms with the links the room needs (its big screen's, the animator's), each room's relay-site
 * online or not, and the centre's family help calls, followed live by the page's script (the same queue the
 * kiosks show), each opening the call's room.
 */
public final class MyCentrePages implements StaffArea.Section {
  private final StaffPages pages;
  private final CentreService centres;
  private final SiteSchedules schedules;
  private final SitePresence presence;
  private final ZoneId zone;
  private final Clock clock;

  public MyCentrePages(StaffPages pages, CentreService centres, SiteSchedules schedules, SitePresence presence,
      ZoneId zone, Clock clock) {
    this.pages = pages;
    this.centres = centres;
    this.schedules = schedules;
    this.presence = presence;
    this.zone = zone;
    this.clock = clock;
  }

  @Override
  public void mount(Router staff) {
    staff.get("/my-centre").handler(this::page);
  }

  private void page(RoutingContext ctx) {
    StaffPrincipal me = StaffPages.principal(ctx);
    me.requireRole(Role.ANIMATOR, Role.COORDINATOR);
    List<Future<Map<String, Object>>> ofEach = me.centreIds().stream().sorted()
        .map(centreId -> centre(ctx, centreId)).toList();
    Future.all(ofEach)
        .map(done -> ofEach.stream().map(Future::result)
            .sorted(Comparator.comparing(centre -> (String) centre.get("name"))).toList())
        .compose(all -> pages.render(ctx, 200, "staff-my-centre", Map.of("centres", all,
            "today", StaffDates.day(clock.instant(), zone, locale(ctx)), "meId", me.id().toString())))
        .onFailure(ctx::fail);
  }

  private Future<Map<String, Object>> centre(RoutingContext ctx, UUID centreId) {
    Future<Centre> centre = centres.get(centreId);
    Future<List<Map<String, Object>>> rooms = centres.sites(centreId).compose(sites -> {
      List<Future<Map<String, Object>>> each = sites.stream().map(site -> room(ctx, site)).toList();
      return Future.all(each).map(done -> each.stream().map(Future::result).toList());
    });
    return Future.all(centre, rooms).map(done -> Map.of("id", centreId.toString(), "name", centre.result().name(),
        "rooms", rooms.result()));
  }

  private Future<Map<String, Object>> room(RoutingContext ctx, Site site) {
    Future<Optional<SitePresence.Online>> online = presence.get(site.id());
    Future<SiteSchedule> schedule = schedules.of(site.id());
    return Future.all(online, schedule).map(done -> {
      LocalDate today = clock.instant().atZone(zone).toLocalDate();
      List<Map<String, Object>> sittings = schedule.result().sittings().stream()
          .filter(s -> s.start().atZone(zone).toLocalDate().equals(today))
          .sorted(Comparator.comparing(Sitting::start))
          .map(s -> sitting(ctx, s)).toList();
      Map<String, Object> room = new HashMap<>();
      room.put("id", site.id().toString());
      room.put("name", site.name());
      room.put("online", online.result().isPresent());
      online.result().ifPresent(o -> room.put("version", o.version()));
      room.put("sittings", sittings);
      return room;
    });
  }

  private Map<String, Object> sitting(RoutingContext ctx, Sitting s) {
    Map<String, Object> sitting = new HashMap<>();
    sitting.put("sessionId", s.sessionId().toString());
    sitting.put("title", s.title());
    sitting.put("time", StaffDates.hours(s.start(), s.end(), zone, locale(ctx)));
    sitting.put("state", s.state().name());
    sitting.put("status", pages.text(ctx, "status_" + s.state().name()));
    sitting.put("expected", s.expectedHeadCount());
    boolean open = s.state() == SittingState.SCHEDULED || s.state() == SittingState.LIVE;
    // On this hub's own address: the hub may be reached by another name than the one it gives out.
    sitting.put("screenPath", open && s.screenUrl() != null ? URI.create(s.screenUrl()).getRawPath() : null);
    sitting.put("animatorPath", open && s.animatorUrl() != null ? URI.create(s.animatorUrl()).getRawPath() : null);
    return sitting;
  }

  private Locale locale(RoutingContext ctx) {
    return Messages.locale(pages.language(ctx));
  }
}
