package org.relais.hub.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.storage.Columns;

/**
 * The sittings of a report's span and each one's figures, read by one plain query per channel (each over one
 * table and its date index) and put together here. H2 has no hash join: a query joining grouped subqueries
 * runs them again for every row of the other side, which made a year's report take minutes; these queries
 * read each row once on both databases.
 *
 * <p>A sitting counts as held when it was started, or when anyone was seen in it, and was not cancelled.
 */
final class ReportSittings {
  /**
   * The registrations a class counts (of sessions {@code s}): those confirmed, and those its families erased after
   * coming at least once. Erasure gives up the place, but a board report printed last month must not lose the family
   * it counted.
   */
  static final String REGISTERED = "(SELECT COUNT(*) FROM registrations r WHERE r.session_id = s.id"
      + " AND (r.status = 'CONFIRMED' OR r.erased_at IS NOT NULL AND EXISTS (SELECT 1 FROM attendance a"
      + " WHERE a.subject_id = r.id AND a.subject_kind = 'REGISTRATION' AND a.session_id = s.id)))";

  /** One sitting: its class and its day. */
  record Sitting(UUID sessionId, LocalDate date) implements Comparable<Sitting> {
    @Override
    public int compareTo(Sitting other) {
      int byDate = date.compareTo(other.date);
      return byDate != 0 ? byDate : sessionId.toString().compareTo(other.sessionId.toString());
    }
  }

  /** A class as a report names it, with its confirmed registrations. */
  record ClassInfo(UUID sessionId, UUID centreId, String centreName, String category, String title,
      int registered) {}

  /** What the channels counted in one sitting. */
  static final class Tally {
    int families;
    int present;
    double staySeconds;
    int inRooms;
    int checkIns;
    int helpAsked;
    int helpTaken;
    double helpWait;
  }

  /** The held sittings of the span in the centres asked for, in order, each with its class and figures. */
  record Held(TreeMap<Sitting, Tally> tallies, Map<UUID, ClassInfo> classes, Set<Sitting> cancelledSeen) {
    ClassInfo classOf(Sitting sitting) {
      return classes.get(sitting.sessionId());
    }
  }

  /** Ids bound in one statement at most: PostgreSQL's protocol takes 32,767 parameters. */
  static final int CHUNK = 500;

  private final Pool pool;

  ReportSittings(Pool pool) {
    this.pool = pool;
  }

  /**
   * The held sittings from {@code from} to {@code to} of {@code centres} (null: all); families at home read
   * from {@code sitting_attendance} up to {@code summed} and from {@code liveHome} (a query of per-sitting
   * families figures, see {@link ReportStore}) after it. {@code cancelledSeen}: the cancelled sittings where a
   * family was seen all the same, which the households' counts leave out too.
   */
  Future<Held> held(LocalDate from, LocalDate to, Set<UUID> centres, LocalDate summed, String liveHome) {
    Map<Sitting, Tally> tallies = new HashMap<>();
    Set<Sitting> held = new HashSet<>();
    Set<Sitting> cancelled = new HashSet<>();
    Set<Sitting> seenAtHome = new HashSet<>();
    Future<Void> states = pool.preparedQuery("SELECT session_id, sitting_date, state FROM sittings"
            + " WHERE sitting_date BETWEEN ? AND ?").execute(Tuple.of(from, to))
        .map(rows -> {
          for (Row row : rows) {
            String state = row.getString("state");
            if ("CANCELLED".equals(state)) {
              cancelled.add(sitting(row));
            } else if ("LIVE".equals(state) || "ENDED".equals(state)) {
              held.add(sitting(row));
            }
          }
          return null;
        });
    LocalDate summedTo = summed == null || summed.isAfter(to) ? to : summed;
    Future<RowSet<Row>> summedHome = summed == null || summedTo.isBefore(from) ? Future.succeededFuture(null)
        : pool.preparedQuery("SELECT session_id, sitting_date, families, present, stay_seconds FROM sitting_attendance"
            + " WHERE sitting_date BETWEEN ? AND ? AND NOT dirty").execute(Tuple.of(from, summedTo));
    Future<RowSet<Row>> liveRows = liveHome == null ? Future.succeededFuture(null) : pool.query(liveHome).execute();
    // A room's head count after each of its events; the sitting's figure is its peak, per room.
    Future<RowSet<Row>> rooms = pool.preparedQuery("SELECT session_id, sitting_date, site_id, MAX(running) AS peak,"
            + " SUM(CASE WHEN kind = 'CHECK_IN' THEN 1 ELSE 0 END) AS check_ins FROM ("
            + " SELECT e.session_id, e.sitting_date, e.site_id, e.kind, SUM(e.delta) OVER (PARTITION BY e.session_id,"
            + " e.sitting_date, e.site_id ORDER BY e.happened_at, e.id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)"
            + " AS running FROM site_events e WHERE e.sitting_date BETWEEN ? AND ? AND e.session_id IS NOT NULL"
            + " AND e.kind IN ('HEAD_COUNT', 'CHECK_IN')) steps GROUP BY session_id, sitting_date, site_id")
        .execute(Tuple.of(from, to));
    Future<RowSet<Row>> help = pool.preparedQuery("SELECT session_id, sitting_date, COUNT(*) AS asked,"
            + " COUNT(taken_at) AS taken, SUM(EXTRACT(EPOCH FROM taken_at) - EXTRACT(EPOCH FROM created_at))"
            + " AS wait_seconds FROM help_calls WHERE sitting_date BETWEEN ? AND ? AND session_id IS NOT NULL"
            + " GROUP BY session_id, sitting_date")
        .execute(Tuple.of(from, to));
    return Future.all(states, summedHome, liveRows, rooms, help).compose(done -> {
      for (RowSet<Row> rows : java.util.Arrays.asList(summedHome.result(), liveRows.result())) {
        for (Row row : rows == null ? List.<Row>of() : rows) {
          Sitting sitting = sitting(row);
          Tally tally = tallies.computeIfAbsent(sitting, s -> new Tally());
          tally.families += integer(row, "families");
          tally.present += integer(row, "present");
          tally.staySeconds += number(row, "stay_seconds");
          held.add(sitting);
          seenAtHome.add(sitting);
        }
      }
      for (Row row : rooms.result()) {
        Sitting sitting = sitting(row);
        Tally tally = tallies.computeIfAbsent(sitting, s -> new Tally());
        tally.inRooms += Math.max(integer(row, "peak"), 0);
        tally.checkIns += integer(row, "check_ins");
        held.add(sitting);
      }
      for (Row row : help.result()) {
        Tally tally = tallies.computeIfAbsent(sitting(row), s -> new Tally());
        tally.helpAsked += integer(row, "asked");
        tally.helpTaken += integer(row, "taken");
        tally.helpWait += number(row, "wait_seconds");
      }
      held.removeAll(cancelled);
      Set<Sitting> cancelledSeen = new HashSet<>(cancelled);
      cancelledSeen.retainAll(seenAtHome);
      Set<UUID> sessions = new HashSet<>();
      held.forEach(sitting -> sessions.add(sitting.sessionId()));
      return classes(sessions, centres).map(classes -> {
        TreeMap<Sitting, Tally> scoped = new TreeMap<>();
        for (Sitting sitting : held) {
          if (classes.containsKey(sitting.sessionId())) {
            scoped.put(sitting, tallies.computeIfAbsent(sitting, s -> new Tally()));
          }
        }
        return new Held(scoped, classes, cancelledSeen);
      });
    });
  }

  /** The classes of {@code sessions} in {@code centres} (null: all), with their confirmed registrations. */
  private Future<Map<UUID, ClassInfo>> classes(Set<UUID> sessions, Set<UUID> centres) {
    List<UUID> ids = new ArrayList<>(sessions);
    List<Future<RowSet<Row>>> chunks = new ArrayList<>();
    for (int start = 0; start < ids.size(); start += CHUNK) {
      List<Object> args = new ArrayList<>(ids.subList(start, Math.min(ids.size(), start + CHUNK)));
      String sql = "SELECT s.id, s.centre_id, c.name AS centre_name, s.category, s.title, " + REGISTERED
          + " AS registered FROM sessions s JOIN centres c ON c.id = s.centre_id WHERE s.id IN ("
          + marks(args.size()) + ")";
      if (centres != null) {
        sql += " AND s.centre_id IN (" + marks(centres.size()) + ")";
        args.addAll(centres);
      }
      chunks.add(pool.preparedQuery(sql).execute(Tuple.from(args)));
    }
    return Future.all(chunks).map(done -> {
      Map<UUID, ClassInfo> classes = new HashMap<>();
      for (Future<RowSet<Row>> chunk : chunks) {
        for (Row row : chunk.result()) {
          UUID id = Columns.uuid(row, "id");
          classes.put(id, new ClassInfo(id, Columns.uuid(row, "centre_id"), row.getString("centre_name"),
              row.getString("category"), row.getString("title"), integer(row, "registered")));
        }
      }
      return classes;
    });
  }

  /** The name of the line a sitting falls in; the same string as {@link #sqlKey} gives in the database. */
  static String key(ReportQuery.By by, Sitting sitting, ClassInfo info) {
    return switch (by) {
      case SITTING -> sitting.sessionId() + "/" + sitting.date();
      case CLASS -> sitting.sessionId().toString();
      case CENTRE -> info.centreId().toString();
      case THEME -> info.category();
      case MONTH -> sitting.date().toString().substring(0, 7);
      case TOTAL -> "all";
    };
  }

  /** The line's name as SQL over a row {@code v} (session_id, sitting_date) and its class {@code s}. */
  static String sqlKey(ReportQuery.By by) {
    return switch (by) {
      case SITTING -> "CAST(v.session_id AS VARCHAR(36)) || '/' || CAST(v.sitting_date AS VARCHAR(10))";
      case CLASS -> "CAST(v.session_id AS VARCHAR(36))";
      case CENTRE -> "CAST(s.centre_id AS VARCHAR(36))";
      case THEME -> "s.category";
      case MONTH -> "SUBSTRING(CAST(v.sitting_date AS VARCHAR(10)), 1, 7)";
      case TOTAL -> "'all'";
    };
  }

  /** The report's lines, in order of their first sitting then of their name, before their households. */
  static List<ReportLine> lines(ReportQuery.By by, Held held) {
    Map<String, List<Map.Entry<Sitting, Tally>>> byLine = new HashMap<>();
    held.tallies().entrySet().forEach(entry -> byLine.computeIfAbsent(
        key(by, entry.getKey(), held.classOf(entry.getKey())), k -> new ArrayList<>()).add(entry));
    List<ReportLine> lines = new ArrayList<>();
    byLine.forEach((key, sittings) -> lines.add(line(by, key, sittings, held)));
    lines.sort((a, b) -> {
      int byDate = firstDate(byLine.get(a.key())).compareTo(firstDate(byLine.get(b.key())));
      return byDate != 0 ? byDate : a.key().compareTo(b.key());
    });
    return lines;
  }

  private static LocalDate firstDate(List<Map.Entry<Sitting, Tally>> sittings) {
    return sittings.get(0).getKey().date();
  }

  /** One line from its sittings (in order): sums, and averages over what they average. */
  private static ReportLine line(ReportQuery.By by, String key, List<Map.Entry<Sitting, Tally>> sittings, Held held) {
    boolean oneClass = by == ReportQuery.By.SITTING || by == ReportQuery.By.CLASS;
    boolean oneCentre = oneClass || by == ReportQuery.By.CENTRE;
    ClassInfo first = held.classOf(sittings.get(0).getKey());
    int registrations = 0;
    int presentHome = 0;
    int noShows = 0;
    int families = 0;
    double stay = 0;
    int rooms = 0;
    int checkIns = 0;
    int asked = 0;
    int taken = 0;
    double wait = 0;
    for (Map.Entry<Sitting, Tally> entry : sittings) {
      Tally tally = entry.getValue();
      int registered = held.classOf(entry.getKey()).registered();
      registrations += registered;
      presentHome += tally.present;
      noShows += Math.max(registered - tally.present, 0);
      families += tally.families;
      stay += tally.staySeconds;
      rooms += tally.inRooms;
      checkIns += tally.checkIns;
      asked += tally.helpAsked;
      taken += tally.helpTaken;
      wait += tally.helpWait;
    }
    return new ReportLine(key,
        oneClass ? first.sessionId() : null,
        by == ReportQuery.By.SITTING ? sittings.get(0).getKey().date() : null,
        oneClass ? first.title() : null,
        oneCentre ? first.centreId() : null,
        oneCentre ? first.centreName() : null,
        oneClass || by == ReportQuery.By.THEME ? first.category() : null,
        by == ReportQuery.By.MONTH ? key : null,
        sittings.size(), registrations, presentHome, rooms, checkIns, noShows, families,
        families == 0 ? 0 : stay / families / 60.0, 0, 0, asked, taken, taken == 0 ? 0 : wait / taken);
  }

  static Sitting sitting(Row row) {
    return new Sitting(Columns.uuid(row, "session_id"), Columns.date(row, "sitting_date"));
  }

  static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  /** Runs {@code query} over {@code values} in chunks of {@link #CHUNK}, all at once. */
  static <T> Future<List<RowSet<Row>>> chunked(List<T> values, Function<List<T>, Future<RowSet<Row>>> query) {
    List<Future<RowSet<Row>>> chunks = new ArrayList<>();
    for (int start = 0; start < values.size(); start += CHUNK) {
      chunks.add(query.apply(values.subList(start, Math.min(values.size(), start + CHUNK))));
    }
    return Future.all(chunks).map(done -> chunks.stream().map(Future::result).toList());
  }

  static int integer(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? 0 : ((Number) value).intValue();
  }

  static double number(Row row, String column) {
    Object value = row.getValue(column);
    return value == null ? 0 : ((Number) value).doubleValue();
  }
}
