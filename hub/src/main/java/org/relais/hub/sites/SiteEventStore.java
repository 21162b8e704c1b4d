package org.relais.hub.sites;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.storage.Columns;
import org.relais.protocol.site.SiteEvent;

/** Events forwarded by relay-sites, each kept once whatever number of times it arrives. */
public final class SiteEventStore {
  /** What one room reported for a session: its head count, open help requests, recent questions. */
  public record RoomFigures(int headCount, List<Note> helpRequests, List<Note> questions) {}

  /** A help request or a question from a room. */
  public record Note(UUID id, String label, Instant at) {}

  private static final int QUESTIONS_SHOWN = 10;

  private final Pool pool;
  private final ZoneId zone;

  /** {@code zone}: the schedule's, whose days name the sittings events belong to. */
  public SiteEventStore(Pool pool, ZoneId zone) {
    this.pool = pool;
    this.zone = zone;
  }

  /**
   * Keeps the events not already kept; a resent event changes nothing. Should two nodes race with the
   * same batch, one fails on the key and its relay sends the batch again, which then finds it kept. An
   * event belongs to the sitting of the day it happened, however late it arrives.
   */
  Future<Void> record(UUID siteId, List<SiteEvent> events, Instant receivedAt) {
    String marks = String.join(", ", Collections.nCopies(events.size(), "?"));
    return pool.withTransaction(tx -> tx.preparedQuery("SELECT id FROM site_events WHERE id IN (" + marks + ")")
        .execute(Tuple.from(events.stream().map(SiteEvent::id).toList()))
        .compose(rows -> {
          Set<UUID> kept = new HashSet<>();
          rows.forEach(row -> kept.add(Columns.uuid(row, "id")));
          List<Tuple> fresh = events.stream().filter(e -> !kept.contains(e.id()))
              .map(e -> Tuple.from(new Object[] {e.id(), siteId, e.sessionId(), e.kind().name(), e.delta(),
                  e.label(), e.ref(), Columns.instant(e.at()), Columns.instant(receivedAt),
                  e.sessionId() == null ? null : e.at().atZone(zone).toLocalDate()}))
              .toList();
          return fresh.isEmpty() ? Future.succeededFuture() : tx.preparedQuery("INSERT INTO site_events (id,"
                  + " site_id, session_id, kind, delta, label, ref, happened_at, received_at, sitting_date)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
              .executeBatch(fresh).mapEmpty();
        }));
  }

  /** How many events the site has sent, once each. */
  public Future<Integer> countOf(UUID siteId) {
    return pool.preparedQuery("SELECT COUNT(*) AS n FROM site_events WHERE site_id = ?").execute(Tuple.of(siteId))
        .map(rows -> ((Number) rows.iterator().next().getValue("n")).intValue());
  }

  /** Each room's figures for a session since {@code since} (the sitting's opening). */
  public Future<Map<UUID, RoomFigures>> figures(UUID sessionId, Instant since) {
    Object from = Columns.instant(since);
    Future<Map<UUID, Integer>> counts = pool.preparedQuery("SELECT site_id, SUM(delta) AS n FROM site_events"
            + " WHERE session_id = ? AND happened_at >= ? AND kind IN ('HEAD_COUNT', 'CHECK_IN') GROUP BY site_id")
        .execute(Tuple.of(sessionId, from))
        .map(rows -> {
          Map<UUID, Integer> bySite = new HashMap<>();
          rows.forEach(row -> bySite.put(Columns.uuid(row, "site_id"), Math.max(0,
              ((Number) row.getValue("n")).intValue())));
          return bySite;
        });
    Future<List<Row>> notes = pool.preparedQuery("SELECT id, site_id, kind, label, ref, happened_at FROM site_events"
            + " WHERE session_id = ? AND happened_at >= ? AND kind IN ('HELP_REQUESTED', 'HELP_DONE', 'QUESTION')"
            + " ORDER BY happened_at")
        .execute(Tuple.of(sessionId, from))
        .map(rows -> {
          List<Row> all = new ArrayList<>();
          rows.forEach(all::add);
          return all;
        });
    return Future.all(counts, notes).map(done -> {
      Map<UUID, Map<UUID, Note>> help = new HashMap<>();
      Map<UUID, List<Note>> questions = new HashMap<>();
      for (Row row : notes.result()) {
        UUID site = Columns.uuid(row, "site_id");
        Note note = new Note(Columns.uuid(row, "id"), row.getString("label"), Columns.instant(row, "happened_at"));
        switch (SiteEvent.Kind.valueOf(row.getString("kind"))) {
          case HELP_REQUESTED -> help.computeIfAbsent(site, k -> new LinkedHashMap<>()).put(note.id(), note);
          case HELP_DONE -> help.computeIfAbsent(site, k -> new LinkedHashMap<>()).remove(Columns.uuid(row, "ref"));
          default -> questions.computeIfAbsent(site, k -> new ArrayList<>()).add(note);
        }
      }
      Map<UUID, RoomFigures> figures = new HashMap<>();
      for (UUID site : union(counts.result().keySet(), help.keySet(), questions.keySet())) {
        List<Note> asked = questions.getOrDefault(site, List.of());
        figures.put(site, new RoomFigures(counts.result().getOrDefault(site, 0),
            List.copyOf(help.getOrDefault(site, Map.of()).values()),
            List.copyOf(asked.subList(Math.max(0, asked.size() - QUESTIONS_SHOWN), asked.size()))));
      }
      return figures;
    });
  }

  @SafeVarargs
  private static List<UUID> union(Set<UUID>... sets) {
    Set<UUID> all = new HashSet<>();
    for (Set<UUID> set : sets) {
      all.addAll(set);
    }
    return List.copyOf(all);
  }
}
