package org.relais.hub.calendars;

import io.vertx.ext.web.Router;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import org.relais.hub.centres.CentreService;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.pages.Pages;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.schedule.SittingService;

/** The calendar subscriptions as the hub wires them: the feeds with their routes, and the pages' links to them. */
public record Calendars(CalendarRoutes routes, CalendarLinks links) {
  public static Calendars wire(Pool pool, ScheduleService schedule, SittingService sittings, CentreService centres,
      PublicAddress address, Pages pages, Clock clock) {
    return new Calendars(new CalendarRoutes(new CalendarFeeds(pool, schedule, sittings, centres, address, clock),
        centres), new CalendarLinks(address, pages));
  }

  public void mount(Router router) {
    routes.mount(router);
  }
}
