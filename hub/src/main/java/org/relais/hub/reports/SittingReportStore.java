package org.relais.hub.reports;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/**
 * Reads one sitting's attendance, row by row: a sitting holds tens of families and events, so the counting is
 * done here rather than in the database, by the same rules as {@link ReportStore} (a family's time is the longest
 * one source saw it; a room's figure is its head count at its peak).
 */
final class SittingReportStore {
  private static final String ERASED = "—";

  /** The class a sitting belongs to, as the page names it. */
  record ClassFacts(UUID sessionId, String title, String category, UUID centreId, String centreName,
      int registered) {}

  private final Pool pool;

  SittingReportStore(Pool pool) {
    this.pool = pool;
  }

  Future<Optional<ClassFacts>> classOf(UUID sessionId) {
    return pool.preparedQuery("SELECT s.id, s.title, s.category, s.centre_id, c.name, " + ReportSittings.REGISTERED
            + " AS registered FROM sessions s JOIN centres c ON c.id = s.centre_id WHERE s.id = ?")
        .execute(Tuple.of(sessionId))
        .map(rows -> rows.size() == 0 ? Optional.empty() : Optional.of(rows.iterator().next()).map(row ->
            new ClassFacts(Columns.uuid(row, "id"), row.getString("title"), row.getString("category"),
                Columns.uuid(row, "centre_id"), row.getString("name"),
                ((Number) row.getValue("registered")).intValue())));
  }

  /** What presence is measured against in the sitting of {@code date}, {@code planned} to last: its held length. */
  Future<Duration> heldFor(UUID sessionId, LocalDate date, Duration planned) {
    return pool.preparedQuery("SELECT started_at, ended_at FROM sittings WHERE session_id = ? AND sitting_date = ?")
        .execute(Tuple.of(sessionId, date))
        .map(rows -> rows.size() == 0 ? planned : HeldLength.of(planned,
            Columns.instant(rows.iterator().next(), "started_at"),
            Columns.instant(rows.iterator().next(), "ended_at")));
  }

  /**
   * The sitting's families: every confirmed registration of the class, and any other whose link was in the room;
   * present from {@code presentShare} of {@code planned}; a stay still open counts up to {@code now}.
   */
  Future<List<SittingReport.Family>> families(UUID sessionId, LocalDate date, Duration planned, double presentShare,
      Instant now) {
    return pool.preparedQuery("SELECT r.id, r.display_name, r.status, r.erased_at, a.source, a.joined_at,"
            + " a.left_at FROM registrations r LEFT JOIN attendance a ON a.subject_id = r.id"
            + " AND a.subject_kind = 'REGISTRATION' AND a.session_id = ? AND a.sitting_date = ?"
            + " WHERE r.session_id = ? AND (r.status = 'CONFIRMED' OR a.id IS NOT NULL)"
            + " ORDER BY r.created_at, r.id, a.joined_at")
        .execute(Tuple.of(sessionId, date, sessionId))
        .map(rows -> {
          Map<UUID, List<Row>> byRegistration = new LinkedHashMap<>();
          rows.forEach(row -> byRegistration.computeIfAbsent(Columns.uuid(row, "id"), id -> new ArrayList<>())
              .add(row));
          List<SittingReport.Family> families = new ArrayList<>();
          byRegistration.forEach((id, stays) -> {
            Row first = stays.get(0);
            Map<String, Duration> bySource = new HashMap<>();
            Optional<Instant> joined = Optional.empty();
            for (Row stay : stays) {
              Instant in = Columns.instant(stay, "joined_at");
              if (in == null) {
                continue;
              }
              Instant out = Optional.ofNullable(Columns.instant(stay, "left_at")).orElse(now);
              bySource.merge(stay.getString("source"), Duration.between(in, out), Duration::plus);
              joined = joined.filter(earlier -> earlier.isBefore(in)).or(() -> Optional.of(in));
            }
            Duration stayed = bySource.values().stream().max(Comparator.naturalOrder()).orElse(Duration.ZERO);
            SittingReport.Presence presence = joined.isEmpty() ? SittingReport.Presence.ABSENT
                : stayed.getSeconds() >= presentShare * planned.getSeconds() ? SittingReport.Presence.PRESENT
                : SittingReport.Presence.BRIEF;
            boolean erased = Columns.instant(first, "erased_at") != null;
            families.add(new SittingReport.Family(id, erased ? ERASED : first.getString("display_name"),
                "CONFIRMED".equals(first.getString("status")), erased, stayed.compareTo(planned) > 0 ? planned : stayed, joined, presence));
          });
          // Present first, then those seen too briefly, then the absent; by name within each.
          families.sort(Comparator.comparing(SittingReport.Family::presence)
              .thenComparing(SittingReport.Family::name));
          return families;
        });
  }

  /** The centres' rooms that counted people in the sitting, each with its head count after every event. */
  Future<List<SittingReport.Room>> rooms(UUID sessionId, LocalDate date) {
    return roomEvents(sessionId, date).map(rows -> {
      Map<UUID, String> names = new LinkedHashMap<>();
      Map<UUID, List<SittingReport.Step>> steps = new HashMap<>();
      Map<UUID, Integer> running = new HashMap<>();
      for (Row row : rows) {
        UUID site = Columns.uuid(row, "site_id");
        names.putIfAbsent(site, row.getString("site_name"));
        int count = running.merge(site, row.getInteger("delta"), Integer::sum);
        steps.computeIfAbsent(site, s -> new ArrayList<>())
            .add(new SittingReport.Step(Columns.instant(row, "happened_at"), count));
      }
      List<SittingReport.Room> rooms = new ArrayList<>();
      names.forEach((site, name) -> rooms.add(new SittingReport.Room(site, name, steps.get(site))));
      rooms.sort(Comparator.comparing(SittingReport.Room::name));
      return rooms;
    });
  }

  /** The check-ins an animator took by name, in the order they came. */
  Future<List<SittingReport.CheckIn>> checkIns(UUID sessionId, LocalDate date) {
    return roomEvents(sessionId, date).map(rows -> {
      List<SittingReport.CheckIn> checkIns = new ArrayList<>();
      for (Row row : rows) {
        if ("CHECK_IN".equals(row.getString("kind"))) {
          checkIns.add(new SittingReport.CheckIn(Columns.instant(row, "happened_at"), row.getString("site_name"),
              Optional.ofNullable(row.getString("label")).filter(label -> !label.isBlank())));
        }
      }
      return checkIns;
    });
  }

  private Future<List<Row>> roomEvents(UUID sessionId, LocalDate date) {
    return pool.preparedQuery("SELECT e.site_id, si.name AS site_name, e.kind, e.delta, e.label, e.happened_at"
            + " FROM site_events e JOIN sites si ON si.id = e.site_id WHERE e.session_id = ? AND e.sitting_date = ?"
            + " AND e.kind IN ('HEAD_COUNT', 'CHECK_IN') ORDER BY e.happened_at, e.id")
        .execute(Tuple.of(sessionId, date))
        .map(rows -> {
          List<Row> all = new ArrayList<>();
          rows.forEach(all::add);
          return all;
        });
  }

  /** The sitting's help calls, in the order they were made; the family's name as its registration has it now. */
  Future<List<SittingReport.HelpCall>> helpCalls(UUID sessionId, LocalDate date) {
    return pool.preparedQuery("SELECT h.created_at, h.taken_at, h.taken_by_name, h.display_name, r.erased_at"
            + " FROM help_calls h JOIN registrations r ON r.id = h.registration_id"
            + " WHERE h.session_id = ? AND h.sitting_date = ? ORDER BY h.created_at, h.id")
        .execute(Tuple.of(sessionId, date))
        .map(rows -> {
          List<SittingReport.HelpCall> calls = new ArrayList<>();
          rows.forEach(row -> calls.add(new SittingReport.HelpCall(Columns.instant(row, "created_at"),
              Columns.instant(row, "erased_at") != null ? ERASED : row.getString("display_name"),
              Optional.ofNullable(Columns.instant(row, "taken_at")),
              Optional.ofNullable(row.getString("taken_by_name")))));
          return calls;
        });
  }
}
