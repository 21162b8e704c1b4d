package org.relais.hub.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.schedule.Occurrence;
import org.relais.hub.schedule.Occurrences;
import org.relais.hub.schedule.ScheduleService;
import org.relais.hub.staff.StaffPrincipal;

/**
 * One sitting's attendance for those who run the network: an admin any sitting, a coordinator the sittings of
 * their centres' classes (another's is as unknown), nobody else. A sitting is named by its class and the day it
 * is held on, as every channel files its figures.
 */
public final class SittingReports {
  private final SittingReportStore store;
  private final ScheduleService schedule;
  private final ReportsConfig config;
  private final ZoneId zone;
  private final Clock clock;

  public SittingReports(Pool pool, ScheduleService schedule, ReportsConfig config, Clock clock) {
    this.store = new SittingReportStore(pool);
    this.schedule = schedule;
    this.config = config;
    this.zone = schedule.zone();
    this.clock = clock;
  }

  public ReportsConfig config() {
    return config;
  }

  public ZoneId zone() {
    return zone;
  }

  public Future<SittingReport> report(StaffPrincipal viewer, UUID sessionId, LocalDate date) {
    Set<UUID> centres = Reports.centresOf(viewer, null);
    return store.classOf(sessionId).compose(found -> {
      SittingReportStore.ClassFacts facts = found.filter(f -> centres == null || centres.contains(f.centreId()))
          .orElseThrow(() -> ProblemException.notFound("No such sitting"));
      return schedule.get(sessionId).compose(session -> {
        Occurrence sitting = Occurrences.all(session, zone).stream()
            .filter(o -> o.start().atZone(zone).toLocalDate().equals(date)).findFirst()
            .orElseThrow(() -> ProblemException.notFound("No such sitting"));
        Duration planned = Duration.between(sitting.start(), sitting.end());
        var families = store.heldFor(sessionId, date, planned)
            .compose(held -> store.families(sessionId, date, held, config.presentShare(), clock.instant()));
        var rooms = store.rooms(sessionId, date);
        var checkIns = store.checkIns(sessionId, date);
        var help = store.helpCalls(sessionId, date);
        return Future.all(families, rooms, checkIns, help).map(done -> {
          List<SittingReport.Family> all = families.result();
          return new SittingReport(sessionId, date, facts.title(), facts.category(), facts.centreId(),
              facts.centreName(), sitting.start(), sitting.end(), all, rooms.result(), checkIns.result(),
              help.result(), facts.registered());
        });
      });
    });
  }
}
