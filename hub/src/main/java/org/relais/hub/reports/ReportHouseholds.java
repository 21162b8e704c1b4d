package org.relais.hub.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.reports.ReportSittings.Held;
import org.relais.hub.reports.ReportSittings.Sitting;
import org.relais.hub.storage.Columns;

/**
 * Per line of a report, and for the whole span under the key "all", its households [new, seen again]: a
 * household (see {@link org.relais.hub.households.HouseholdKeys}) is seen in a sitting where one of its
 * registrations has a stay; it is new in a line holding its first sitting ever, seen again in a line holding
 * a later one (it can be both in a long line).
 *
 * <p>The summed sittings are counted in the database, from {@code sitting_households} and each household's
 * first sitting ({@code household_firsts}), in one pass over them. The households of the sittings not summed
 * yet (the last two days) are few: they are read and added here. A household first seen in those days is in
 * no summed sitting, so its "new" adds up; one seen again in them may be seen again in a summed sitting of the
 * same line as well, which is asked of the database for those households only.
 */
final class ReportHouseholds {
  /** A household seen in a sitting not summed yet. */
  private record Seen(Sitting sitting, String household) {}

  /** Past this many cancelled sittings with families, the counts look each sitting up rather than list them. */
  private static final int LISTED_CANCELLED = 20;
  /** Up to this many days not summed yet, they are listed. */
  private static final int LISTED_DAYS = 62;

  private final Pool pool;

  ReportHouseholds(Pool pool) {
    this.pool = pool;
  }

  Future<Map<String, int[]>> counts(ReportQuery query, Set<UUID> centres, LocalDate summed, Held held) {
    ReportQuery.By by = query.by();
    LocalDate summedTo = summed.isAfter(query.to()) ? query.to() : summed;
    boolean anySummed = !summedTo.isBefore(query.from());
    boolean byMonths = centres == null && held.cancelledSeen().isEmpty()
        && (by == ReportQuery.By.MONTH || by == ReportQuery.By.TOTAL);
    Future<Map<String, int[]>> byLine = !anySummed ? Future.succeededFuture(Map.of())
        : byMonths ? monthCounts(by, query.from(), summedTo) : summedCounts(by, query.from(), summedTo, centres, held);
    Future<Map<String, int[]>> whole = anySummed && !byMonths && by != ReportQuery.By.TOTAL
        ? summedCounts(ReportQuery.By.TOTAL, query.from(), summedTo, centres, held) : Future.succeededFuture(Map.of());
    Future<List<Seen>> recent = summed.isBefore(query.to()) ? recent(summed, query.to()) : Future.succeededFuture(List.of());
    return Future.all(byLine, whole, recent).compose(done -> {
      Map<String, int[]> counts = new HashMap<>(byLine.result());
      counts.putAll(whole.result());
      if (recent.result().isEmpty()) {
        return Future.succeededFuture(counts);
      }
      return addRecent(query, centres, summedTo, anySummed, held, recent.result(), counts);
    });
  }

  /**
   * [new, seen again] per month and for "all" over the summed sittings from {@code from} to {@code to} of the
   * whole network, none cancelled: the households seen in a month, less those seen there only at their first
   * sitting (their second one is later, or never), are those seen again; the new ones are those whose first
   * sitting falls in it. One count of distinct households per month, and the firsts of the span.
   */
  private Future<Map<String, int[]>> monthCounts(ReportQuery.By by, LocalDate from, LocalDate to) {
    Map<String, LocalDate[]> ranges = new LinkedHashMap<>();
    if (by == ReportQuery.By.MONTH) {
      for (LocalDate month = from.withDayOfMonth(1); !month.isAfter(to); month = month.plusMonths(1)) {
        LocalDate start = month.isBefore(from) ? from : month;
        LocalDate end = month.plusMonths(1).minusDays(1);
        ranges.put(month.toString().substring(0, 7), new LocalDate[] {start, end.isAfter(to) ? to : end});
      }
    }
    ranges.put("all", new LocalDate[] {from, to});
    // One statement for every month: H2 reuses its answer while the summary is unchanged (a statement run
    // again with other values would not be).
    List<String> perRange = new ArrayList<>();
    List<Object> days = new ArrayList<>();
    ranges.forEach((line, range) -> {
      perRange.add("SELECT '" + line + "' AS line, COUNT(DISTINCT household) AS seen FROM sitting_households"
          + " WHERE sitting_date BETWEEN ? AND ?");
      days.add(range[0]);
      days.add(range[1]);
    });
    Future<RowSet<Row>> seenRows = pool.preparedQuery(String.join(" UNION ALL ", perRange)).execute(Tuple.from(days));
    Future<RowSet<Row>> firsts = pool.preparedQuery("SELECT first_date, second_date FROM household_firsts"
        + " WHERE first_date BETWEEN ? AND ?").execute(Tuple.of(from, to));
    List<Future<RowSet<Row>>> all = List.of(seenRows, firsts);
    return Future.all(all).map(done -> {
      Map<String, Integer> seen = new HashMap<>();
      seenRows.result().forEach(row -> seen.put(row.getString("line"), ReportSittings.integer(row, "seen")));
      Map<String, int[]> counts = new HashMap<>();
      ranges.forEach((line, range) -> {
        int fresh = 0;
        int onlyFirst = 0;
        for (Row row : firsts.result()) {
          LocalDate first = Columns.date(row, "first_date");
          LocalDate second = Columns.date(row, "second_date");
          if (!first.isBefore(range[0]) && !first.isAfter(range[1])) {
            fresh++;
            if (second == null || second.isAfter(range[1])) {
              onlyFirst++;
            }
          }
        }
        int households = seen.getOrDefault(line, 0);
        counts.put(line, new int[] {fresh, households - onlyFirst});
      });
      return counts;
    });
  }

  /** [new, seen again] per line over the summed sittings from {@code from} to {@code to}, in one query. */
  private Future<Map<String, int[]>> summedCounts(ReportQuery.By by, LocalDate from, LocalDate to, Set<UUID> centres,
      Held held) {
    List<Object> args = new ArrayList<>(List.of(from, to));
    String sql = "SELECT " + ReportSittings.sqlKey(by) + " AS line,"
        + " COUNT(DISTINCT CASE WHEN v.sitting_date = f.first_date THEN v.household END) AS fresh,"
        + " COUNT(DISTINCT CASE WHEN v.sitting_date > f.first_date THEN v.household END) AS again"
        + " FROM sitting_households v JOIN sessions s ON s.id = v.session_id"
        + " JOIN household_firsts f ON f.household = v.household"
        + " WHERE v.sitting_date BETWEEN ? AND ?" + scope(centres, held, args)
        + (by == ReportQuery.By.TOTAL ? "" : " GROUP BY " + ReportSittings.sqlKey(by));
    return pool.preparedQuery(sql).execute(Tuple.from(args)).map(rows -> {
      Map<String, int[]> counts = new HashMap<>();
      for (Row row : rows) {
        counts.put(row.getString("line"), new int[] {ReportSittings.integer(row, "fresh"),
            ReportSittings.integer(row, "again")});
      }
      return counts;
    });
  }

  /**
   * The conditions on {@code v} and {@code s} keeping the sittings of the report: in its centres, not
   * cancelled. A cancelled sitting has households only when families came all the same: rare, so listed.
   */
  private static String scope(Set<UUID> centres, Held held, List<Object> args) {
    StringBuilder sql = new StringBuilder();
    if (centres != null) {
      sql.append(" AND s.centre_id IN (").append(ReportSittings.marks(centres.size())).append(")");
      args.addAll(centres);
    }
    Set<Sitting> cancelled = held.cancelledSeen();
    if (cancelled.size() > LISTED_CANCELLED) {
      sql.append(" AND NOT EXISTS (SELECT 1 FROM sittings st WHERE st.session_id = v.session_id"
          + " AND st.sitting_date = v.sitting_date AND st.state = 'CANCELLED')");
    } else {
      for (Sitting sitting : cancelled) {
        sql.append(" AND NOT (v.session_id = ? AND v.sitting_date = ?)");
        args.add(sitting.sessionId());
        args.add(sitting.date());
      }
    }
    return sql.toString();
  }

  /** The households seen in the sittings after {@code summed} up to {@code to}, in every centre. */
  private Future<List<Seen>> recent(LocalDate summed, LocalDate to) {
    // The days named one by one: H2 then reads the stays by their date, not every registration's stays.
    List<Object> days = new ArrayList<>();
    for (LocalDate day = summed.plusDays(1); !day.isAfter(to) && days.size() <= LISTED_DAYS; day = day.plusDays(1)) {
      days.add(day);
    }
    boolean listed = days.size() <= LISTED_DAYS;
    return pool.preparedQuery("SELECT DISTINCT session_id, sitting_date, household FROM ("
            + ReportStore.householdsSeen(listed ? "a.sitting_date IN (" + ReportSittings.marks(days.size()) + ")"
                : "a.sitting_date > ? AND a.sitting_date <= ?") + ") seen")
        .execute(listed ? Tuple.from(days) : Tuple.of(summed, to)).map(rows -> {
          List<Seen> seen = new ArrayList<>();
          rows.forEach(row -> seen.add(new Seen(ReportSittings.sitting(row), row.getString("household"))));
          return seen;
        });
  }

  /**
   * Adds the households of the recent sittings to {@code counts}. A household's first sitting is its first
   * summed one when it has one, else its first recent one (over every centre, as for the summed ones).
   */
  private Future<Map<String, int[]>> addRecent(ReportQuery query, Set<UUID> centres, LocalDate summedTo,
      boolean anySummed, Held held, List<Seen> recent, Map<String, int[]> counts) {
    Map<String, LocalDate> firstRecent = new HashMap<>();
    recent.forEach(seen -> firstRecent.merge(seen.household(), seen.sitting().date(),
        (a, b) -> a.isBefore(b) ? a : b));
    return summedFirsts(new ArrayList<>(firstRecent.keySet())).compose(summedFirsts -> {
      ReportQuery.By by = query.by();
      Map<String, Set<String>> fresh = new HashMap<>();
      Map<String, Set<String>> again = new HashMap<>();
      for (Seen seen : recent) {
        Sitting sitting = seen.sitting();
        if (sitting.date().isBefore(query.from()) || !held.tallies().containsKey(sitting)) {
          continue;
        }
        String household = seen.household();
        LocalDate summedFirst = summedFirsts.get(household);
        LocalDate first = summedFirst != null ? summedFirst : firstRecent.get(household);
        Map<String, Set<String>> flags = sitting.date().equals(first) ? fresh
            : sitting.date().isAfter(first) ? again : null;
        if (flags != null) {
          for (String line : List.of(ReportSittings.key(by, sitting, held.classOf(sitting)), "all")) {
            flags.computeIfAbsent(line, k -> new HashSet<>()).add(household);
          }
        }
      }
      // Seen again recently and in a summed sitting of the same line: already counted there.
      Set<String> againBefore = new HashSet<>();
      again.values().forEach(households -> households.stream().filter(summedFirsts::containsKey)
          .forEach(againBefore::add));
      Future<Set<String>> counted = anySummed && !againBefore.isEmpty()
          ? againInSummed(by, query.from(), summedTo, centres, held, new ArrayList<>(againBefore))
          : Future.succeededFuture(Set.of());
      return counted.map(alreadyCounted -> {
        Map<String, int[]> added = new HashMap<>(counts);
        fresh.forEach((line, households) -> added.merge(line, new int[] {households.size(), 0}, ReportHouseholds::plus));
        again.forEach((line, households) -> {
          long more = households.stream().filter(h -> !alreadyCounted.contains(line + "\n" + h)).count();
          added.merge(line, new int[] {0, (int) more}, ReportHouseholds::plus);
        });
        return added;
      });
    });
  }

  private static int[] plus(int[] a, int[] b) {
    return new int[] {a[0] + b[0], a[1] + b[1]};
  }

  /** The first summed sitting of each of {@code households} that has one. */
  private Future<Map<String, LocalDate>> summedFirsts(List<String> households) {
    return ReportSittings.chunked(households, chunk -> pool.preparedQuery("SELECT household, first_date"
            + " FROM household_firsts WHERE household IN (" + ReportSittings.marks(chunk.size()) + ")")
        .execute(Tuple.from(new ArrayList<Object>(chunk)))).map(chunks -> {
          Map<String, LocalDate> firsts = new HashMap<>();
          for (RowSet<Row> rows : chunks) {
            rows.forEach(row -> firsts.put(row.getString("household"),
                Columns.date(row, "first_date")));
          }
          return firsts;
        });
  }

  /**
   * Which of {@code households} are seen again in a summed sitting of the span, per line and for "all": as
   * "line\nhousehold".
   */
  private Future<Set<String>> againInSummed(ReportQuery.By by, LocalDate from, LocalDate to, Set<UUID> centres,
      Held held, List<String> households) {
    return ReportSittings.chunked(households, chunk -> {
      List<Object> args = new ArrayList<>(chunk);
      args.add(from);
      args.add(to);
      String sql = "SELECT DISTINCT " + ReportSittings.sqlKey(by) + " AS line, v.household"
          + " FROM sitting_households v JOIN sessions s ON s.id = v.session_id"
          + " JOIN household_firsts f ON f.household = v.household"
          + " WHERE v.household IN (" + ReportSittings.marks(chunk.size()) + ")"
          + " AND v.sitting_date > f.first_date AND v.sitting_date BETWEEN ? AND ?" + scope(centres, held, args);
      return pool.preparedQuery(sql).execute(Tuple.from(args));
    }).map(chunks -> {
      Set<String> counted = new HashSet<>();
      for (RowSet<Row> rows : chunks) {
        for (Row row : rows) {
          counted.add(row.getString("line") + "\n" + row.getString("household"));
          counted.add("all\n" + row.getString("household"));
        }
      }
      return counted;
    });
  }
}
