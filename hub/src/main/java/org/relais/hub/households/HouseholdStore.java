package org.relais.hub.households;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.relais.hub.outbox.Channel;
import org.relais.hub.outbox.MessageStatus;
import org.relais.hub.storage.Columns;

/**
 * Households as the database holds them: registrations not erased, grouped by key, with the sittings where they
 * were seen (stays of their join links, under the sitting's date); who was contacted; and erasing a household's
 * personal data, keeping what counts need.
 */
public final class HouseholdStore {
  /** A stay of a registration's link, as the family's own data shows it. */
  public record Stay(UUID registrationId, LocalDate sittingDate, String source, Instant joinedAt, Instant leftAt) {}

  /** A time someone marked the household contacted, and by whom (a staff member, or their centre for the family). */
  public record Contacted(String household, UUID centreId, String by, Instant at) {}

  /**
   * A time a household was invited to the next classes of its theme, by whom, how; and where its message stands
   * (empty for an invitation whose message is gone, or older than this record).
   */
  public record Invited(String household, UUID centreId, String by, String channel, String category, Instant at,
      Optional<Message> message) {}

  /** Where an invitation's message stands in the outbox, and why when it did not go. */
  public record Message(MessageStatus status, Optional<String> reason) {}

  /** What an erasure changed. */
  public record Erased(int registrations, int stays) {}

  private static final String INVITED_COLUMNS = "hi.household, hi.centre_id, hi.channel, hi.category, hi.invited_at,"
      + " om.status AS message_status, om.reason AS message_reason";
  private static final String INVITED_MESSAGE = " LEFT JOIN outbox_messages om ON om.idempotency_key = hi.outbox_key";
  private static final String ANONYMOUS = "—";
  private static final int BATCH = 500;
  private static final String MEMBER_COLUMNS = """
      r.id, r.session_id, s.title, s.category, s.centre_id, c.name AS centre_name, r.display_name, r.email, r.phone,
      r.consent, r.status, r.household_size, r.language, r.created_at, s.series_end_at, r.consent_wording_version,
      r.consent_at""";

  private final Pool pool;

  public HouseholdStore(Pool pool) {
    this.pool = pool;
  }

  public Pool pool() {
    return pool;
  }

  /** Every household with a registration not erased in a class of the scope's centres. */
  public Future<List<Household>> households(HouseholdScope scope) {
    List<Object> args = new ArrayList<>();
    String where = scopeCondition(scope, args);
    if (where == null) {
      return Future.succeededFuture(List.of());
    }
    return load(where, args);
  }

  /**
   * The households of the scope seen at {@code minSittings} sittings or more and not since {@code seenBefore}:
   * counted and chosen in the database, so that only their registrations are read. A registration without
   * contact data is a household of its own, as in {@link Household#keyOf}.
   */
  public Future<List<Household>> lostSight(HouseholdScope scope, int minSittings, Instant seenBefore) {
    List<Object> args = new ArrayList<>();
    String where = scopeCondition(scope, args);
    if (where == null) {
      return Future.succeededFuture(List.of());
    }
    args.add(minSittings);
    args.add(Columns.instant(seenBefore));
    // Counted as Household does: per registration its distinct sitting dates, added up over the household.
    return pool.preparedQuery("SELECT household FROM ("
            + " SELECT COALESCE(" + HouseholdKeys.sql("r") + ", 'reg:' || CAST(r.id AS VARCHAR(36))) AS household,"
            + " COUNT(DISTINCT a.sitting_date) AS sittings, MAX(a.joined_at) AS last_at FROM attendance a"
            + " JOIN registrations r ON r.id = a.subject_id JOIN sessions s ON s.id = r.session_id"
            + " WHERE a.subject_kind = 'REGISTRATION' AND a.sitting_date IS NOT NULL AND r.erased_at IS NULL AND "
            + where + " GROUP BY r.id, r.phone, r.email) per_registration"
            + " GROUP BY household HAVING SUM(sittings) >= ? AND MAX(last_at) < ?")
        .execute(Tuple.from(args))
        .compose(rows -> {
          List<String> keys = new ArrayList<>();
          rows.forEach(row -> keys.add(row.getString("household")));
          return withKeys(scope, keys);
        });
  }

  /** The households of {@code keys} in the scope, each with all its registrations there. */
  private Future<List<Household>> withKeys(HouseholdScope scope, List<String> keys) {
    List<Object> phones = new ArrayList<>();
    List<Object> emails = new ArrayList<>();
    List<Object> alone = new ArrayList<>();
    for (String key : keys) {
      if (key.startsWith("tel:")) {
        phones.add(key.substring(4));
      } else if (key.startsWith("mail:")) {
        emails.add(key.substring(5));
      } else {
        alone.add(UUID.fromString(key.substring(4)));
      }
    }
    List<Future<List<Household.Member>>> members = new ArrayList<>();
    List<Future<Map<UUID, Household.Seen>>> seen = new ArrayList<>();
    for (int from = 0; from < keys.size(); from += BATCH) {
      addBatch(scope, "r.phone", phones, from, members, seen);
      addBatch(scope, "r.phone IS NULL AND LOWER(TRIM(r.email))", emails, from, members, seen);
      addBatch(scope, "r.id", alone, from, members, seen);
    }
    return Future.all(members).compose(m -> Future.all(seen)).map(done -> {
      List<Household.Member> all = new ArrayList<>();
      members.forEach(batch -> all.addAll(batch.result()));
      Map<UUID, Household.Seen> byRegistration = new HashMap<>();
      seen.forEach(batch -> byRegistration.putAll(batch.result()));
      return group(all, byRegistration);
    });
  }

  private void addBatch(HouseholdScope scope, String column, List<Object> values, int from,
      List<Future<List<Household.Member>>> members, List<Future<Map<UUID, Household.Seen>>> seen) {
    if (from >= values.size()) {
      return;
    }
    List<Object> batch = values.subList(from, Math.min(values.size(), from + BATCH));
    List<Object> args = new ArrayList<>(batch);
    String where = column + " IN (" + marks(batch.size()) + ") AND " + scopeCondition(scope, args);
    members.add(members(where, args));
    seen.add(seen(where, args));
  }

  /** The household of a registration, over the whole network (the family's own view of its data). */
  public Future<Optional<Household>> ofRegistration(UUID registrationId) {
    return pool.preparedQuery("SELECT phone, email FROM registrations WHERE id = ? AND erased_at IS NULL")
        .execute(Tuple.of(registrationId))
        .compose(rows -> {
          if (rows.size() == 0) {
            return Future.succeededFuture(Optional.empty());
          }
          Row row = rows.iterator().next();
          String phone = row.getString("phone");
          Optional<String> email = HouseholdKeys.email(row.getString("email"));
          List<Object> args = new ArrayList<>();
          String where;
          if (phone != null) {
            where = "r.phone = ?";
            args.add(phone);
          } else if (email.isPresent()) {
            where = "r.phone IS NULL AND LOWER(TRIM(r.email)) = ?";
            args.add(email.get());
          } else {
            where = "r.id = ?";
            args.add(registrationId);
          }
          return load(where, args).map(found -> found.stream()
              .filter(h -> h.registrationIds().contains(registrationId)).findFirst());
        });
  }

  /**
   * The classes where the household of a registration holds a place or waits for one, over the whole network: those
   * of any registration not erased, confirmed or on the waiting list, that is the household's own or gave one of its
   * phone numbers or (normalised) addresses; an invitation names none of them. Empty for a registration erased.
   */
  public Future<Set<UUID>> classesTaken(UUID registrationId) {
    return ofRegistration(registrationId).compose(found -> {
      if (found.isEmpty()) {
        return Future.succeededFuture(Set.of());
      }
      List<Household.Member> members = found.get().members();
      List<Object> ids = new ArrayList<>();
      Set<Object> phones = new LinkedHashSet<>();
      Set<Object> emails = new LinkedHashSet<>();
      members.forEach(m -> {
        ids.add(m.registrationId());
        HouseholdKeys.phone(m.phone()).ifPresent(phones::add);
        HouseholdKeys.email(m.email()).ifPresent(emails::add);
      });
      List<Object> args = new ArrayList<>(ids);
      StringBuilder whose = new StringBuilder("r.id IN (" + marks(ids.size()) + ")");
      if (!phones.isEmpty()) {
        whose.append(" OR r.phone IN (").append(marks(phones.size())).append(')');
        args.addAll(phones);
      }
      if (!emails.isEmpty()) {
        whose.append(" OR LOWER(TRIM(r.email)) IN (").append(marks(emails.size())).append(')');
        args.addAll(emails);
      }
      return pool.preparedQuery("SELECT DISTINCT r.session_id FROM registrations r WHERE r.erased_at IS NULL"
              + " AND r.status IN ('CONFIRMED', 'WAITLISTED') AND (" + whose + ")")
          .execute(Tuple.from(args)).map(rows -> {
            Set<UUID> sessions = new HashSet<>();
            rows.forEach(row -> sessions.add(Columns.uuid(row, "session_id")));
            return sessions;
          });
    });
  }

  private Future<List<Household>> load(String where, List<Object> args) {
    Future<List<Household.Member>> members = members(where, args);
    Future<Map<UUID, Household.Seen>> seen = seen(where, args);
    return Future.all(members, seen).map(done -> group(members.result(), seen.result()));
  }

  private Future<List<Household.Member>> members(String where, List<Object> args) {
    return pool.preparedQuery("SELECT " + MEMBER_COLUMNS
            + " FROM registrations r JOIN sessions s ON s.id = r.session_id JOIN centres c ON c.id = s.centre_id"
            + " WHERE r.erased_at IS NULL AND " + where)
        .execute(Tuple.from(args)).map(rows -> {
          List<Household.Member> all = new ArrayList<>();
          rows.forEach(row -> all.add(member(row)));
          return all;
        });
  }

  /** A registration is for one class: its distinct sitting dates are its sittings. */
  private Future<Map<UUID, Household.Seen>> seen(String where, List<Object> args) {
    return pool.preparedQuery("SELECT a.subject_id,"
            + " COUNT(DISTINCT a.sitting_date) AS sittings, MAX(a.joined_at) AS last_at FROM attendance a"
            + " JOIN registrations r ON r.id = a.subject_id JOIN sessions s ON s.id = r.session_id"
            + " WHERE a.subject_kind = 'REGISTRATION' AND a.sitting_date IS NOT NULL AND r.erased_at IS NULL AND "
            + where + " GROUP BY a.subject_id")
        .execute(Tuple.from(args)).map(rows -> {
          Map<UUID, Household.Seen> byRegistration = new HashMap<>();
          rows.forEach(row -> byRegistration.put(Columns.uuid(row, "subject_id"), new Household.Seen(
              ((Number) row.getValue("sittings")).intValue(), Columns.instant(row, "last_at"))));
          return byRegistration;
        });
  }

  /** Registrations grouped by household key, each with how it was seen. */
  static List<Household> group(List<Household.Member> members, Map<UUID, Household.Seen> seen) {
    Map<String, List<Household.Member>> byKey = new LinkedHashMap<>();
    members.forEach(m -> byKey.computeIfAbsent(Household.keyOf(m), k -> new ArrayList<>()).add(m));
    List<Household> households = new ArrayList<>();
    byKey.forEach((key, list) -> {
      Map<UUID, Household.Seen> ofHousehold = new HashMap<>();
      list.forEach(m -> {
        Household.Seen s = seen.get(m.registrationId());
        if (s != null) {
          ofHousehold.put(m.registrationId(), s);
        }
      });
      households.add(Household.of(key, list, ofHousehold));
    });
    return households;
  }

  /** Every stay of these registrations, oldest first. */
  public Future<List<Stay>> stays(List<UUID> registrationIds) {
    if (registrationIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return pool.preparedQuery("SELECT subject_id, sitting_date, source, joined_at, left_at FROM attendance"
            + " WHERE subject_kind = 'REGISTRATION' AND subject_id IN (" + marks(registrationIds.size()) + ")"
            + " ORDER BY joined_at, id")
        .execute(Tuple.from(new ArrayList<Object>(registrationIds))).map(rows -> {
          List<Stay> stays = new ArrayList<>();
          rows.forEach(row -> stays.add(new Stay(Columns.uuid(row, "subject_id"), Columns.date(row, "sitting_date"),
              row.getString("source"), Columns.instant(row, "joined_at"), Columns.instant(row, "left_at"))));
          return stays;
        });
  }

  /** The latest "contacted" mark of each household, among those made by the scope's centres. */
  public Future<Map<String, Contacted>> contacted(HouseholdScope scope) {
    List<Object> args = new ArrayList<>();
    String where = scope.centres().map(centres -> {
      if (centres.isEmpty()) {
        return null;
      }
      args.addAll(centres);
      return "hc.centre_id IN (" + marks(centres.size()) + ")";
    }).orElse("1 = 1");
    if (where == null) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("SELECT hc.household, hc.centre_id, st.display_name, hc.contacted_at"
            + " FROM household_contacts hc LEFT JOIN staff st ON st.id = hc.staff_id WHERE " + where
            + " ORDER BY hc.contacted_at")
        .execute(Tuple.from(args)).map(rows -> {
          Map<String, Contacted> latest = new HashMap<>();
          rows.forEach(row -> latest.put(row.getString("household"), new Contacted(row.getString("household"),
              Columns.uuid(row, "centre_id"), row.getString("display_name"), Columns.instant(row, "contacted_at"))));
          return latest;
        });
  }

  /** The marks of one household, oldest first, with the centre that made each (for its own data). */
  public Future<List<Contacted>> contactsOf(String household) {
    return pool.preparedQuery("SELECT hc.household, hc.centre_id, c.name AS display_name, hc.contacted_at"
            + " FROM household_contacts hc JOIN centres c ON c.id = hc.centre_id WHERE hc.household = ?"
            + " ORDER BY hc.contacted_at")
        .execute(Tuple.of(household)).map(rows -> {
          List<Contacted> all = new ArrayList<>();
          rows.forEach(row -> all.add(new Contacted(household, Columns.uuid(row, "centre_id"),
              row.getString("display_name"), Columns.instant(row, "contacted_at"))));
          return all;
        });
  }

  public Future<Void> markContacted(SqlClient client, String household, UUID centreId, UUID staffId, Instant at) {
    return client.preparedQuery("INSERT INTO household_contacts (id, household, centre_id, staff_id, contacted_at)"
            + " VALUES (?, ?, ?, ?, ?)")
        .execute(Tuple.of(UUID.randomUUID(), household, centreId, staffId, Columns.instant(at)))
        .mapEmpty();
  }

  public Future<Void> recordInvitation(SqlClient client, String household, UUID centreId, UUID staffId,
      String category, Channel channel, Instant at, String outboxKey) {
    return client.preparedQuery("INSERT INTO household_invitations (id, household, centre_id, staff_id, category,"
            + " channel, invited_at, outbox_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .execute(Tuple.of(UUID.randomUUID(), household, centreId, staffId, category, channel.name(),
            Columns.instant(at), outboxKey))
        .mapEmpty();
  }

  /** The latest invitation of each household, among those made by the scope's centres. */
  public Future<Map<String, Invited>> invited(HouseholdScope scope) {
    List<Object> args = new ArrayList<>();
    String where = scope.centres().map(centres -> {
      if (centres.isEmpty()) {
        return null;
      }
      args.addAll(centres);
      return "hi.centre_id IN (" + marks(centres.size()) + ")";
    }).orElse("1 = 1");
    if (where == null) {
      return Future.succeededFuture(Map.of());
    }
    return pool.preparedQuery("SELECT " + INVITED_COLUMNS + ", st.display_name FROM household_invitations hi"
            + " LEFT JOIN staff st ON st.id = hi.staff_id" + INVITED_MESSAGE + " WHERE " + where
            + " ORDER BY hi.invited_at")
        .execute(Tuple.from(args)).map(rows -> {
          Map<String, Invited> latest = new HashMap<>();
          rows.forEach(row -> latest.put(row.getString("household"), invited(row)));
          return latest;
        });
  }

  /** The invitations of one household, oldest first, with the centre that made each (for its own data). */
  public Future<List<Invited>> invitationsOf(String household) {
    return pool.preparedQuery("SELECT " + INVITED_COLUMNS + ", c.name AS display_name FROM household_invitations hi"
            + " JOIN centres c ON c.id = hi.centre_id" + INVITED_MESSAGE + " WHERE hi.household = ?"
            + " ORDER BY hi.invited_at")
        .execute(Tuple.of(household)).map(rows -> {
          List<Invited> all = new ArrayList<>();
          rows.forEach(row -> all.add(invited(row)));
          return all;
        });
  }

  private static Invited invited(Row row) {
    Optional<Message> message = Optional.ofNullable(row.getString("message_status"))
        .map(status -> new Message(MessageStatus.valueOf(status), Optional.ofNullable(row.getString("message_reason"))));
    return new Invited(row.getString("household"), Columns.uuid(row, "centre_id"), row.getString("display_name"),
        row.getString("channel"), row.getString("category"), Columns.instant(row, "invited_at"), message);
  }

  /**
   * Erases the personal data of these registrations in the caller's transaction: name, contact, the request's
   * fingerprint, the name and message of their help calls, the occupant names Jitsi gave their stays, and their
   * questions to instructors. Their class, status, household size and stays stay, anonymous, for the counts. The
   * household's "contacted" marks and invitations go too.
   */
  public Future<Erased> erase(SqlClient tx, String household, List<UUID> registrationIds, Instant at) {
    Future<Erased> done = Future.succeededFuture(new Erased(0, 0));
    for (int from = 0; from < registrationIds.size(); from += BATCH) {
      List<Object> batch = new ArrayList<>(registrationIds.subList(from, Math.min(registrationIds.size(),
          from + BATCH)));
      done = done.compose(sum -> {
        List<Object> args = new ArrayList<>(List.of(ANONYMOUS, Columns.instant(at), Columns.instant(at)));
        args.addAll(batch);
        return tx.preparedQuery("UPDATE registrations SET display_name = ?, email = NULL, phone = NULL,"
                + " consent = FALSE, idempotency_key = NULL, request_hash = NULL, erased_at = ?, updated_at = ?,"
                + " version = version + 1 WHERE erased_at IS NULL AND id IN (" + marks(batch.size()) + ")")
            .execute(Tuple.from(args))
            // The reports' summary of the sittings they stayed in counted their household: summed again.
            .compose(registrations -> tx.preparedQuery("UPDATE sitting_attendance SET dirty = TRUE WHERE EXISTS ("
                    + "SELECT 1 FROM attendance a WHERE a.session_id = sitting_attendance.session_id"
                    + " AND a.sitting_date = sitting_attendance.sitting_date AND a.subject_kind = 'REGISTRATION'"
                    + " AND a.subject_id IN (" + marks(batch.size()) + "))")
                .execute(Tuple.from(batch)).map(registrations))
            // The name a family gave when it called for help, and its message, go with its registration.
            .compose(registrations -> tx.preparedQuery("UPDATE help_calls SET display_name = ?, message = NULL"
                    + " WHERE registration_id IN (" + marks(batch.size()) + ")")
                .execute(Tuple.from(withFirst(ANONYMOUS, batch))).map(registrations))
            // Their questions to instructors are their own words: they go with the name.
            .compose(registrations -> tx.preparedQuery("DELETE FROM questions WHERE registration_id IN ("
                    + marks(batch.size()) + ")")
                .execute(Tuple.from(batch)).map(registrations))
            .compose(registrations -> tx.preparedQuery("UPDATE attendance SET occupant = NULL"
                    + " WHERE subject_kind = 'REGISTRATION' AND subject_id IN (" + marks(batch.size()) + ")")
                .execute(Tuple.from(batch))
                .map(stays -> new Erased(sum.registrations() + registrations.rowCount(),
                    sum.stays() + stays.rowCount())));
      });
    }
    return done.compose(erased -> tx.preparedQuery("DELETE FROM household_contacts WHERE household = ?")
        .execute(Tuple.of(household))
        .compose(contacts -> tx.preparedQuery("DELETE FROM household_invitations WHERE household = ?")
            .execute(Tuple.of(household)))
        .map(erased));
  }

  /**
   * Clears, in the caller's transaction, what people wrote before {@code cutoff}: questions to instructors, the
   * names and messages of help calls, the rooms' questions and help requests (their events and counts stay).
   * Answers how many texts went.
   */
  public Future<Integer> eraseTextsBefore(SqlClient tx, Instant cutoff) {
    Object before = Columns.instant(cutoff);
    return tx.preparedQuery("DELETE FROM questions WHERE asked_at < ?").execute(Tuple.of(before))
        .compose(questions -> tx.preparedQuery("UPDATE help_calls SET display_name = ?, message = NULL"
                + " WHERE created_at < ? AND (display_name <> ? OR message IS NOT NULL)")
            .execute(Tuple.of(ANONYMOUS, before, ANONYMOUS))
            .compose(calls -> tx.preparedQuery("UPDATE site_events SET label = NULL WHERE kind IN ('QUESTION',"
                    + " 'HELP_REQUESTED') AND label IS NOT NULL AND happened_at < ?")
                .execute(Tuple.of(before))
                .map(events -> questions.rowCount() + calls.rowCount() + events.rowCount())));
  }

  /** The condition on {@code s.centre_id} for the scope, adding its arguments; null when it covers nothing. */
  private static String scopeCondition(HouseholdScope scope, List<Object> args) {
    if (scope.centres().isEmpty()) {
      return "1 = 1";
    }
    Set<UUID> centres = scope.centres().get();
    if (centres.isEmpty()) {
      return null;
    }
    args.addAll(centres);
    return "s.centre_id IN (" + marks(centres.size()) + ")";
  }

  private static List<Object> withFirst(Object first, List<Object> rest) {
    List<Object> all = new ArrayList<>(List.of(first));
    all.addAll(rest);
    return all;
  }

  private static String marks(int n) {
    return String.join(", ", Collections.nCopies(n, "?"));
  }

  private static Household.Member member(Row row) {
    return new Household.Member(Columns.uuid(row, "id"), Columns.uuid(row, "session_id"), row.getString("title"),
        row.getString("category"), Columns.uuid(row, "centre_id"), row.getString("centre_name"),
        row.getString("display_name"), row.getString("email"), row.getString("phone"), row.getBoolean("consent"),
        row.getString("status"), row.getInteger("household_size"), row.getString("language"),
        Columns.instant(row, "created_at"), Columns.instant(row, "series_end_at"),
        row.getString("consent_wording_version"), Columns.instant(row, "consent_at"));
  }
}
