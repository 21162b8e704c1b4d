package org.relais.hub.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.protocol.Role;

/**
 * Attendance reports for those who run the network: an admin sees every centre, a coordinator only the
 * centres they coordinate (asking for another is refused; asking for none gives theirs), nobody else any.
 */
public final class Reports {
  private final ReportStore store;
  private final ReportsConfig config;
  private final ZoneId zone;
  private final Clock clock;

  public Reports(Pool pool, ReportsConfig config, ZoneId zone, Clock clock) {
    this.store = new ReportStore(pool);
    this.config = config;
    this.zone = zone;
    this.clock = clock;
  }

  public ReportsConfig config() {
    return config;
  }

  public LocalDate today() {
    return LocalDate.now(clock.withZone(zone));
  }

  /** A query from request parameters; see {@link ReportQuery#parse}. */
  public ReportQuery query(String from, String to, String centre, String by) {
    return ReportQuery.parse(from, to, centre, by, today(), config.maxDays());
  }

  public Future<Report> report(StaffPrincipal viewer, ReportQuery query) {
    // A sitting two days past is over (any stay still open counts a full sitting by then): it is summed once.
    return store.report(query, centresOf(viewer, query.centreId()), config.presentShare(), clock.instant(),
        today().minusDays(2));
  }

  /** The centres {@code viewer} may see a report of, narrowed to {@code centreId}; null: every centre. */
  static Set<UUID> centresOf(StaffPrincipal viewer, UUID centreId) {
    viewer.requireRole(Role.ADMIN, Role.COORDINATOR);
    if (centreId != null) {
      if (!viewer.coordinates(centreId)) {
        throw ProblemException.forbidden("You do not coordinate this centre");
      }
      return Set.of(centreId);
    }
    return viewer.isAdmin() ? null : viewer.centreIds();
  }
}
