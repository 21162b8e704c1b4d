package org.relais.hub.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.households.HouseholdKeys;
import org.relais.hub.storage.Columns;

/**
 * Reads reports out of what every channel stored: the families' stays at home ({@code attendance}: built-in
 * rooms, Jitsi, join pages), the relay-sites' head counts and check-ins ({@code site_events}) and the help
 * calls, each under its sitting. The figures of each sitting are read by plain queries, one per channel (see
 * {@link ReportSittings}), and the households counted in the database (see {@link ReportHouseholds}), whatever
 * the number of stays. The queries that sum sittings carry their values as literals made from typed values
 * (dates, ids, an instant, a number), never from text a user typed.
 *
 * <p>Sittings two days past are summed once into {@code sitting_attendance} (families at home) and
 * {@code sitting_households} / {@code household_firsts} (households seen, first sitting of each), by the
 * first report that needs them; a report reads those rows and the stays of the recent sittings only. A stay
 * written for a summed sitting, or a contact erased, marks its row dirty and the next report sums it again.
 */
final class ReportStore {
  private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Pool pool;
  private final ReportSittings sittings;
  private final ReportHouseholds households;

  ReportStore(Pool pool) {
    this.pool = pool;
    this.sittings = new ReportSittings(pool);
    this.households = new ReportHouseholds(pool);
  }

  /**
   * The report's lines and total over the sittings of {@code centres} (null: every centre); a family counts
   * as present from {@code presentShare} of its sitting's {@link HeldLength}; stays still going on count up to
   * {@code now}; the sittings up to {@code sumThrough} are over and read from their summary.
   */
  Future<Report> report(ReportQuery query, Set<UUID> centres, double presentShare, Instant now, LocalDate sumThrough) {
    if (centres != null && centres.isEmpty()) {
      return Future.succeededFuture(new Report(query, List.of(), ReportLine.sum(List.of())));
    }
    return sumSittings(presentShare, now, sumThrough)
        .compose(summed -> summedReport(query, centres, presentShare, now, summed));
  }

  private Future<Report> summedReport(ReportQuery query, Set<UUID> centres, double presentShare, Instant now,
      LocalDate summed) {
    // Sittings up to the last day summed are read from their rows; the later ones from their stays.
    LocalDate liveFrom = summed.isBefore(query.from()) ? query.from() : summed.plusDays(1);
    String liveHome = liveFrom.isAfter(query.to()) ? null : familiesAtHome("a.sitting_date BETWEEN " + date(liveFrom)
        + " AND " + date(query.to()), presentShare, now);
    return sittings.held(query.from(), query.to(), centres, summed, liveHome)
        .compose(held -> households.counts(query, centres, summed, held).map(counts -> {
          List<ReportLine> lines = ReportSittings.lines(query.by(), held);
          List<ReportLine> counted = lines.stream().map(line -> counted(line, counts)).toList();
          return new Report(query, counted, counted(ReportLine.sum(lines), counts));
        }));
  }

  private static ReportLine counted(ReportLine line, Map<String, int[]> households) {
    int[] counts = households.getOrDefault(line.key(), new int[2]);
    return line.withHouseholds(counts[0], counts[1]);
  }

  /**
   * Sums the families' figures of every sitting up to {@code through} not summed yet, or marked dirty by a
   * stay written after it was summed, or summed with another present share, into {@code sitting_attendance};
   * answers the last day summed. One report at a time extends the summary (the row of
   * {@code sitting_attendance_rollup} is locked), so two reports never sum the same sitting twice.
   */
  Future<LocalDate> sumSittings(double presentShare, Instant now, LocalDate through) {
    return pool.withTransaction(tx -> tx.query("SELECT through, present_share FROM sitting_attendance_rollup"
            + " WHERE id = 1 FOR UPDATE").execute()
        .compose(rows -> {
          Row row = rows.iterator().next();
          boolean sameShare = number(row, "present_share") == presentShare;
          LocalDate done = sameShare ? Columns.date(row, "through") : null;
          if (done != null && !done.isBefore(through)) {
            return dirtySittings(tx).compose(dirty -> dirty.isEmpty() ? Future.succeededFuture(done)
                : sum(tx, dirty, null, presentShare, now).map(done));
          }
          Future<Void> cleared = sameShare ? Future.succeededFuture()
              : tx.query("DELETE FROM sitting_attendance").execute()
                  .compose(v -> tx.query("DELETE FROM sitting_households").execute()).mapEmpty();
          return cleared.compose(v -> dirtySittings(tx))
              .compose(dirty -> sum(tx, dirty, " a.sitting_date" + after(done) + " AND a.sitting_date <= "
                  + date(through), presentShare, now))
              .compose(v -> tx.query("UPDATE sitting_attendance_rollup SET through = " + date(through)
                  + ", present_share = " + presentShare + " WHERE id = 1").execute())
              .map(through);
        }));
  }

  private static String after(LocalDate done) {
    return done == null ? " IS NOT NULL" : " > " + date(done);
  }

  /** The sittings whose row waits to be summed again, as SQL conditions over {@code a}, the stays. */
  private static Future<List<String>> dirtySittings(SqlConnection tx) {
    return tx.query("SELECT session_id, sitting_date FROM sitting_attendance WHERE dirty").execute().map(rows -> {
      List<String> sittings = new ArrayList<>();
      for (Row row : rows) {
        sittings.add("(a.session_id = '" + Columns.uuid(row, "session_id") + "' AND a.sitting_date = "
            + date(Columns.date(row, "sitting_date")) + ")");
      }
      return sittings;
    });
  }

  /** (Re)writes the rows of the {@code dirty} sittings and of the sittings whose stays match {@code days}. */
  private static Future<Void> sum(SqlConnection tx, List<String> dirty, String days, double presentShare,
      Instant now) {
    List<String> which = new ArrayList<>(dirty);
    if (days != null) {
      which.add("(" + days + ")");
    }
    if (which.isEmpty()) {
      return Future.succeededFuture();
    }
    String stays = "(" + String.join(" OR ", which) + ")";
    return tx.query("DELETE FROM sitting_households a WHERE " + stays).execute()
        .compose(v -> tx.query("DELETE FROM sitting_attendance WHERE dirty"
            + (days == null ? "" : " OR " + days.replace("a.sitting_date", "sitting_date"))).execute())
        .compose(v -> tx.query("INSERT INTO sitting_attendance (session_id, sitting_date, dirty, families, present,"
            + " stay_seconds) SELECT session_id, sitting_date, FALSE, families, present, stay_seconds FROM ("
            + familiesAtHome(stays, presentShare, now) + ") summed").execute())
        .compose(v -> tx.query("INSERT INTO sitting_households (session_id, sitting_date, household)"
            + " SELECT DISTINCT session_id, sitting_date, household FROM (" + householdsSeen(stays) + ") seen")
            .execute())
        .compose(v -> tx.query("DELETE FROM household_firsts").execute())
        .compose(v -> tx.query("INSERT INTO household_firsts (household, first_date)"
            + " SELECT household, MIN(sitting_date) FROM sitting_households GROUP BY household").execute())
        .compose(v -> tx.query("UPDATE household_firsts SET second_date = (SELECT MIN(v.sitting_date)"
            + " FROM sitting_households v WHERE v.household = household_firsts.household"
            + " AND v.sitting_date > household_firsts.first_date)").execute())
        .mapEmpty();
  }

  /** Per stay matching {@code stays} (a condition over {@code a}) of a registration with a contact: its household. */
  static String householdsSeen(String stays) {
    return "SELECT a.session_id, a.sitting_date, " + HouseholdKeys.sql("r") + " AS household"
        + " FROM attendance a JOIN registrations r ON r.id = a.subject_id"
        + " WHERE " + stays + " AND a.subject_kind = 'REGISTRATION' AND (r.phone IS NOT NULL OR r.email IS NOT NULL)";
  }

  /**
   * Per sitting whose stays match {@code stays} (a condition over {@code a}): the families seen at home,
   * those present for {@code presentShare} of its {@link HeldLength}, and their seconds, each capped at it. A
   * family's time is the longest one source saw it (its page and Jitsi may both report it).
   */
  private static String familiesAtHome(String stays, double presentShare, Instant now) {
    // The class is joined to the stays themselves: H2 would run a grouped subquery again per class joined to it.
    return "SELECT session_id, sitting_date, COUNT(*) AS families,"
        + " SUM(CASE WHEN seconds >= " + presentShare + " * planned THEN 1 ELSE 0 END) AS present,"
        + " SUM(LEAST(seconds, planned)) AS stay_seconds FROM ("
        + " SELECT session_id, sitting_date, subject_id, MAX(planned) AS planned, MAX(seconds) AS seconds FROM ("
        + " SELECT a.session_id, a.sitting_date, a.subject_id, a.source,"
        + " " + HeldLength.SQL + " AS planned,"
        + " SUM(EXTRACT(EPOCH FROM COALESCE(a.left_at, " + timestamp(now) + ")) - EXTRACT(EPOCH FROM a.joined_at))"
        + " AS seconds FROM attendance a JOIN sessions s ON s.id = a.session_id"
        + " LEFT JOIN sittings st ON st.session_id = a.session_id AND st.sitting_date = a.sitting_date"
        + " WHERE " + stays + " AND a.subject_kind = 'REGISTRATION'"
        + " GROUP BY a.session_id, a.sitting_date, a.subject_id, a.source, s.start_at, s.end_at, st.started_at,"
        + " st.ended_at) by_source"
        + " GROUP BY session_id, sitting_date, subject_id) f"
        + " GROUP BY session_id, sitting_date";
  }

  /** A date as SQL: from a LocalDate, so nothing but digits and dashes. */
  private static String date(LocalDate day) {
    return "DATE '" + day + "'";
  }

  private static String timestamp(Instant at) {
    return "TIMESTAMP WITH TIME ZONE '" + SQL_TIME.format(at.atOffset(ZoneOffset.UTC)) + "+00'";
  }

  private static double number(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? 0 : ((Number) value).doubleValue();
  }
}
