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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.relais.hub.households.HouseholdKeys;
import org.relais.hub.storage.Columns;

/**
 * Reads reports out of what every channel stored: the families' stays at home ({@code attendance}: built-in
 * rooms, Jitsi, join pages), the relay-sites' head counts and check-ins ({@code site_events}) and the help
 * calls, each under its sitting. Everything is added up in the database, one query for the figures and one
 * for the households, whatever the number of stays. The queries carry their values as literals made from
 * typed values (dates, ids, an instant, a number), never from text a user typed: H2 binds parameters wrongly
 * inside a common table expression that the query reads more than once.
 *
 * <p>A sitting counts as held when it was started, or when anyone was seen in it, and was not cancelled.
 *
 * <p>Sittings two days past are summed once into {@code sitting_attendance} (families at home) and
 * {@code sitting_households} / {@code household_firsts} (households seen, first sitting of each), by the
 * first report that needs them; a report reads those rows and the stays of the recent sittings only. A stay
 * written for a summed sitting, or a contact erased, marks its row dirty and the next report sums it again.
 */
final class ReportStore {
  private static final DateTimeFormatter SQL_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

  private final Pool pool;

  ReportStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * The report's lines and total over the sittings of {@code centres} (null: every centre); a family counts
   * as present from {@code presentShare} of its sitting's planned length; stays still going on count up to
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
    Future<List<ReportLine>> lines = figures(query, centres, presentShare, now, summed);
    Future<Map<String, int[]>> households = households(query, centres, summed);
    return Future.all(lines, households).map(done -> {
      List<ReportLine> counted = lines.result().stream().map(line -> counted(line, households.result())).toList();
      return new Report(query, counted, counted(ReportLine.sum(lines.result()), households.result()));
    });
  }

  private static ReportLine counted(ReportLine line, Map<String, int[]> households) {
    int[] counts = households.getOrDefault(line.key(), new int[2]);
    return line.withHouseholds(counts[0], counts[1]);
  }

  /** The SQL naming a line, over a row of {@code scoped}: its key. */
  private static String key(ReportQuery.By by) {
    return switch (by) {
      case SITTING -> "CAST(sc.session_id AS VARCHAR(36)) || '/' || CAST(sc.sitting_date AS VARCHAR(10))";
      case CLASS -> "CAST(sc.session_id AS VARCHAR(36))";
      case CENTRE -> "CAST(sc.centre_id AS VARCHAR(36))";
      case THEME -> "sc.category";
      case MONTH -> "SUBSTRING(CAST(sc.sitting_date AS VARCHAR(10)), 1, 7)";
      case TOTAL -> "'all'";
    };
  }

  /** PostgreSQL groups by no constant: the total is the aggregate of every row, grouped by nothing. */
  private static String groupBy(ReportQuery.By by) {
    return by == ReportQuery.By.TOTAL ? "" : " GROUP BY " + key(by);
  }

  /**
   * The sittings of the report's span, as {@code scoped}: those started, or where a family was seen (the
   * sittings of the common table {@code seen}), or a room counted, less those cancelled, in the centres asked
   * for; with each one's planned length in seconds.
   */
  private static String scoped(Set<UUID> centres, LocalDate from, LocalDate to, String seen) {
    String centreFilter = centres == null ? "" : " AND s.centre_id IN ("
        + centres.stream().map(id -> "'" + id + "'").collect(Collectors.joining(", ")) + ")";
    String days = " BETWEEN " + date(from) + " AND " + date(to);
    return "held AS ("
        + " SELECT session_id, sitting_date FROM sittings WHERE sitting_date" + days
        + " AND state IN ('LIVE', 'ENDED')"
        + " UNION SELECT session_id, sitting_date FROM " + seen
        + " UNION SELECT session_id, sitting_date FROM site_events WHERE sitting_date" + days
        + " AND kind IN ('HEAD_COUNT', 'CHECK_IN')),"
        + " scoped AS ("
        + " SELECT h.session_id, h.sitting_date, s.centre_id, s.category, s.title, c.name AS centre_name,"
        + " EXTRACT(EPOCH FROM s.end_at) - EXTRACT(EPOCH FROM s.start_at) AS planned"
        + " FROM held h JOIN sessions s ON s.id = h.session_id JOIN centres c ON c.id = s.centre_id"
        + " LEFT JOIN sittings st ON st.session_id = h.session_id AND st.sitting_date = h.sitting_date"
        + " WHERE (st.state IS NULL OR st.state <> 'CANCELLED')" + centreFilter + ")";
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
        .mapEmpty();
  }

  /** Per stay matching {@code stays} (a condition over {@code a}) of a registration with a contact: its household. */
  private static String householdsSeen(String stays) {
    return "SELECT a.session_id, a.sitting_date, " + HouseholdKeys.sql("r") + " AS household"
        + " FROM attendance a JOIN registrations r ON r.id = a.subject_id"
        + " WHERE " + stays + " AND a.subject_kind = 'REGISTRATION' AND (r.phone IS NOT NULL OR r.email IS NOT NULL)";
  }

  /**
   * Per sitting whose stays match {@code stays} (a condition over {@code a}): the families seen at home,
   * those present for {@code presentShare} of the planned length, and their seconds, each capped at it. A
   * family's time is the longest one source saw it (its page and Jitsi may both report it).
   */
  private static String familiesAtHome(String stays, double presentShare, Instant now) {
    String planned = "(EXTRACT(EPOCH FROM s.end_at) - EXTRACT(EPOCH FROM s.start_at))";
    return "SELECT f.session_id, f.sitting_date, COUNT(*) AS families,"
        + " SUM(CASE WHEN f.seconds >= " + presentShare + " * " + planned + " THEN 1 ELSE 0 END) AS present,"
        + " SUM(LEAST(f.seconds, " + planned + ")) AS stay_seconds FROM ("
        + " SELECT session_id, sitting_date, subject_id, MAX(seconds) AS seconds FROM ("
        + " SELECT a.session_id, a.sitting_date, a.subject_id, a.source,"
        + " SUM(EXTRACT(EPOCH FROM COALESCE(a.left_at, " + timestamp(now) + ")) - EXTRACT(EPOCH FROM a.joined_at))"
        + " AS seconds FROM attendance a WHERE " + stays + " AND a.subject_kind = 'REGISTRATION'"
        + " GROUP BY a.session_id, a.sitting_date, a.subject_id, a.source) by_source"
        + " GROUP BY session_id, sitting_date, subject_id) f JOIN sessions s ON s.id = f.session_id"
        + " GROUP BY f.session_id, f.sitting_date";
  }

  private Future<List<ReportLine>> figures(ReportQuery query, Set<UUID> centres, double presentShare, Instant now,
      LocalDate summed) {
    ReportQuery.By by = query.by();
    String days = " BETWEEN " + date(query.from()) + " AND " + date(query.to());
    LocalDate liveFrom = summed == null || summed.isBefore(query.from()) ? query.from() : summed.plusDays(1);
    LocalDate summedTo = summed == null || summed.isAfter(query.to()) ? query.to() : summed;
    String sql = "WITH"
        // Sittings up to the last day summed are read from their rows; the later ones from their stays.
        + " home AS ("
        + " SELECT session_id, sitting_date, families, present, stay_seconds FROM sitting_attendance"
        + " WHERE sitting_date BETWEEN " + date(query.from()) + " AND " + date(summed == null ? query.from().minusDays(1)
            : summedTo) + " AND NOT dirty"
        + " UNION ALL " + familiesAtHome("a.sitting_date BETWEEN " + date(liveFrom) + " AND " + date(query.to()),
            presentShare, now) + "),"
        + scoped(centres, query.from(), query.to(), "home") + ","
        // A room's head count after each of its events; the sitting's figure is its peak.
        + " room_steps AS ("
        + " SELECT e.session_id, e.sitting_date, e.site_id, e.kind, SUM(e.delta) OVER (PARTITION BY e.session_id,"
        + " e.sitting_date, e.site_id ORDER BY e.happened_at, e.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
        + " AS running FROM site_events e WHERE e.sitting_date" + days + " AND e.kind IN ('HEAD_COUNT', 'CHECK_IN')),"
        + " room_peaks AS ("
        + " SELECT session_id, sitting_date, site_id, MAX(running) AS peak,"
        + " SUM(CASE WHEN kind = 'CHECK_IN' THEN 1 ELSE 0 END) AS check_ins"
        + " FROM room_steps GROUP BY session_id, sitting_date, site_id),"
        + " rooms AS ("
        + " SELECT session_id, sitting_date, SUM(GREATEST(peak, 0)) AS present, SUM(check_ins) AS check_ins"
        + " FROM room_peaks GROUP BY session_id, sitting_date),"
        + " help AS ("
        + " SELECT session_id, sitting_date, COUNT(*) AS asked, COUNT(taken_at) AS taken,"
        + " SUM(EXTRACT(EPOCH FROM taken_at) - EXTRACT(EPOCH FROM created_at)) AS wait_seconds"
        + " FROM help_calls WHERE sitting_date" + days + " GROUP BY session_id, sitting_date),"
        + " registered AS ("
        + " SELECT r.session_id, COUNT(*) AS n FROM registrations r"
        + " WHERE r.status = 'CONFIRMED' AND r.session_id IN (SELECT session_id FROM scoped) GROUP BY r.session_id)"
        + " SELECT " + key(by) + " AS line, MIN(sc.sitting_date) AS first_date,"
        + " MIN(CAST(sc.session_id AS VARCHAR(36))) AS session_id, MIN(sc.title) AS title,"
        + " MIN(CAST(sc.centre_id AS VARCHAR(36))) AS centre_id, MIN(sc.centre_name) AS centre_name,"
        + " MIN(sc.category) AS theme, COUNT(*) AS sittings,"
        + " SUM(COALESCE(rg.n, 0)) AS registrations, SUM(COALESCE(h.present, 0)) AS present_home,"
        + " SUM(GREATEST(COALESCE(rg.n, 0) - COALESCE(h.present, 0), 0)) AS no_shows,"
        + " SUM(COALESCE(h.families, 0)) AS families_seen, SUM(COALESCE(h.stay_seconds, 0)) AS stay_seconds,"
        + " SUM(COALESCE(ro.present, 0)) AS present_rooms, SUM(COALESCE(ro.check_ins, 0)) AS check_ins,"
        + " SUM(COALESCE(hp.asked, 0)) AS help_asked, SUM(COALESCE(hp.taken, 0)) AS help_taken,"
        + " SUM(COALESCE(hp.wait_seconds, 0)) AS help_wait"
        + " FROM scoped sc"
        + " LEFT JOIN registered rg ON rg.session_id = sc.session_id"
        + " LEFT JOIN home h ON h.session_id = sc.session_id AND h.sitting_date = sc.sitting_date"
        + " LEFT JOIN rooms ro ON ro.session_id = sc.session_id AND ro.sitting_date = sc.sitting_date"
        + " LEFT JOIN help hp ON hp.session_id = sc.session_id AND hp.sitting_date = sc.sitting_date"
        + groupBy(by) + " ORDER BY first_date, line";
    return pool.query(sql).execute().map(rows -> {
      List<ReportLine> lines = new ArrayList<>();
      for (Row row : rows) {
        if (integer(row, "sittings") > 0) {
          lines.add(line(by, row));
        }
      }
      return lines;
    });
  }

  private static ReportLine line(ReportQuery.By by, Row row) {
    boolean oneClass = by == ReportQuery.By.SITTING || by == ReportQuery.By.CLASS;
    boolean oneCentre = oneClass || by == ReportQuery.By.CENTRE;
    int families = integer(row, "families_seen");
    int taken = integer(row, "help_taken");
    String key = row.getString("line");
    return new ReportLine(key,
        oneClass ? UUID.fromString(row.getString("session_id")) : null,
        by == ReportQuery.By.SITTING ? Columns.date(row, "first_date") : null,
        oneClass ? row.getString("title") : null,
        oneCentre ? UUID.fromString(row.getString("centre_id")) : null,
        oneCentre ? row.getString("centre_name") : null,
        oneClass || by == ReportQuery.By.THEME ? row.getString("theme") : null,
        by == ReportQuery.By.MONTH ? key : null,
        integer(row, "sittings"), integer(row, "registrations"), integer(row, "present_home"),
        integer(row, "present_rooms"), integer(row, "check_ins"), integer(row, "no_shows"), families,
        families == 0 ? 0 : number(row, "stay_seconds") / families / 60.0, 0, 0,
        integer(row, "help_asked"), taken, taken == 0 ? 0 : number(row, "help_wait") / taken);
  }

  /**
   * Per line, and for the whole span under the key "all", its households [new, seen again]: a household (see {@link HouseholdKeys}) is seen in a
   * sitting where one of its registrations has a stay; it is new in the line holding its first sitting ever.
   */
  private Future<Map<String, int[]>> households(ReportQuery query, Set<UUID> centres, LocalDate summed) {
    boolean total = query.by() == ReportQuery.By.TOTAL;
    String sql = "WITH"
        // The households of the sittings not summed yet, up to the span's end: they may hold a first sitting.
        + " recent AS (" + householdsSeen("a.sitting_date > " + date(summed) + " AND a.sitting_date <= "
            + date(query.to())) + "),"
        // Where households were seen in the span (a household seen twice in a sitting is seen there once all the
        // same: the flags below are maxima, not counts).
        + " seen AS ("
        + " SELECT session_id, sitting_date, household FROM sitting_households WHERE sitting_date BETWEEN "
        + date(query.from()) + " AND " + date(summed.isAfter(query.to()) ? query.to() : summed)
        + " UNION ALL SELECT session_id, sitting_date, household FROM recent WHERE sitting_date >= "
        + date(query.from()) + "),"
        // Any sitting where a household was seen is held: the sittings of the span are found from these.
        + scoped(centres, query.from(), query.to(), "seen") + ","
        // A household's first sitting is never after the span's end when it was seen in the span.
        + " firsts AS (SELECT household, MIN(first_date) AS first_date FROM ("
        + " SELECT household, first_date FROM household_firsts"
        + " UNION ALL SELECT household, sitting_date FROM recent) every_first GROUP BY household),"
        // Per line and household: whether the line holds its first sitting ever, whether a later one.
        + " per_line AS ("
        + " SELECT " + key(query.by()) + " AS line, v.household,"
        + " MAX(CASE WHEN v.sitting_date = f.first_date THEN 1 ELSE 0 END) AS fresh,"
        + " MAX(CASE WHEN v.sitting_date > f.first_date THEN 1 ELSE 0 END) AS again"
        + " FROM scoped sc JOIN seen v ON v.session_id = sc.session_id AND v.sitting_date = sc.sitting_date"
        + " JOIN firsts f ON f.household = v.household"
        + " GROUP BY " + (total ? "" : key(query.by()) + ", ") + "v.household)"
        + (total ? " SELECT 'all' AS line, SUM(fresh) AS fresh, SUM(again) AS again FROM per_line"
            : " SELECT line, SUM(fresh) AS fresh, SUM(again) AS again FROM per_line GROUP BY line"
            // The whole span's own count, from the same lines: a household is new or seen again in it when it
            // is in one of its lines.
            + " UNION ALL SELECT 'all' AS line, SUM(fresh) AS fresh, SUM(again) AS again FROM ("
            + " SELECT household, MAX(fresh) AS fresh, MAX(again) AS again FROM per_line GROUP BY household)"
            + " everyone");
    return pool.query(sql).execute().map(rows -> {
      Map<String, int[]> counts = new HashMap<>();
      for (Row row : rows) {
        counts.put(row.getString("line"), new int[] {integer(row, "fresh"), integer(row, "again")});
      }
      return counts;
    });
  }

  /** A date as SQL: from a LocalDate, so nothing but digits and dashes. */
  private static String date(LocalDate day) {
    return "DATE '" + day + "'";
  }

  private static String timestamp(Instant at) {
    return "TIMESTAMP WITH TIME ZONE '" + SQL_TIME.format(at.atOffset(ZoneOffset.UTC)) + "+00'";
  }

  private static int integer(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? 0 : ((Number) value).intValue();
  }

  private static double number(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? 0 : ((Number) value).doubleValue();
  }
}
