package org.relais.hub.outbox;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.sms.DeliveryReport;
import org.relais.hub.sms.DeliveryReports;
import org.relais.hub.sms.DeliveryState;
import org.relais.hub.storage.Columns;

/**
 * The outbox's table. Features write messages with the {@code enqueue…} and {@code sitting…} methods inside the
 * transaction of the change that causes them (passing that transaction), so a message exists exactly when its
 * change does. A worker claims due messages with a lease, marks each SENDING before handing it over, then SENT or
 * FAILED. Which channels a message goes to is read from the registration: e-mail if it gave an address, a text if
 * it gave a number, each only with its consent.
 */
public final class Outbox implements DeliveryReports {
  /** A reminder written this late is still sent; one whose time is further past is not written at all. */
  public static final Duration LATE_GRACE = Duration.ofMinutes(5);
  private static final int MAX_REASON = 300;

  private static final String COLUMNS = """
      id, idempotency_key, kind, channel, registration_id, session_id, sitting_date, centre_id, due_at, status,
      reason, attempts, next_attempt_at, provider_message_id, updated_at""";
  private static final String INSERT = """
      INSERT INTO outbox_messages (idempotency_key, kind, channel, registration_id, session_id, sitting_date,
        centre_id, due_at, status, attempts, next_attempt_at, created_at, updated_at)
      SELECT CAST(? AS VARCHAR) || CAST(r.id AS VARCHAR) || CAST(? AS VARCHAR), CAST(? AS VARCHAR),
        CAST(? AS VARCHAR), r.id, r.session_id, CAST(? AS DATE), s.centre_id, CAST(? AS TIMESTAMP WITH TIME ZONE),
        'PENDING', 0, CAST(? AS TIMESTAMP WITH TIME ZONE), CAST(? AS TIMESTAMP WITH TIME ZONE),
        CAST(? AS TIMESTAMP WITH TIME ZONE)
      FROM registrations r JOIN sessions s ON s.id = r.session_id
      WHERE r.consent = TRUE AND r.%s IS NOT NULL AND %s
      ON CONFLICT DO NOTHING""";
  private static final String REMINDERS = "('" + MessageKind.REMINDER_DAY_BEFORE + "', '"
      + MessageKind.REMINDER_STARTING + "')";

  /** A message as staff see it: with the family's name and where it was sent. */
  public record Listed(OutboxMessage message, String displayName, Optional<String> recipient) {}

  /** What waits: how many messages are due and not sent, and since when the oldest is. */
  public record Backlog(long due, Optional<Instant> oldestDue) {}

  private final Pool pool;
  private final Clock clock;

  public Outbox(Pool pool, Clock clock) {
    this.pool = pool;
    this.clock = clock;
  }

  public Pool pool() {
    return pool;
  }

  // ---- Writing messages, in the caller's transaction ----

  /**
   * Writes a message to registration {@code registrationId} on each channel it may be written to; one already
   * written (same key) stays as it is. Answers how many rows were written.
   */
  public Future<Integer> enqueue(SqlClient tx, MessageKind kind, UUID registrationId, Optional<LocalDate> sittingDate,
      Instant dueAt) {
    return insert(tx, kind, sittingDate, "", dueAt, "r.id = ?", registrationId);
  }

  /** Writes a message to every confirmed registration of the session, on each channel it may be written to. */
  public Future<Integer> enqueueForSession(SqlClient tx, MessageKind kind, UUID sessionId,
      Optional<LocalDate> sittingDate, Instant dueAt) {
    return enqueueForSession(tx, kind, sessionId, sittingDate, "", dueAt);
  }

  /**
   * The reminders of one sitting for one registration, those whose time has not passed (by more than
   * {@link #LATE_GRACE}) while the sitting is still to come.
   */
  public Future<Integer> enqueueReminders(SqlClient tx, UUID registrationId, LocalDate seriesDate, Instant start) {
    return reminders(start, (kind, due) -> enqueue(tx, kind, registrationId, Optional.of(seriesDate), due));
  }

  /** The same for every confirmed registration of the session: what the planner writes as sittings come near. */
  public Future<Integer> enqueueRemindersForSession(SqlClient tx, UUID sessionId, LocalDate seriesDate,
      Instant start) {
    return reminders(start, (kind, due) -> enqueueForSession(tx, kind, sessionId, Optional.of(seriesDate), due));
  }

  /**
   * A sitting moved to {@code newStart}: its waiting reminders follow it, and every confirmed family is told (once
   * per new time).
   */
  public Future<Integer> sittingMoved(SqlClient tx, UUID sessionId, LocalDate seriesDate, Instant newStart) {
    Instant now = clock.instant();
    Future<Integer> moved = Future.succeededFuture(0);
    for (MessageKind kind : MessageKind.values()) {
      if (kind.isReminder()) {
        Instant due = newStart.minus(kind.leadTime().orElseThrow());
        moved = moved.compose(n -> tx.preparedQuery("UPDATE outbox_messages SET due_at = ?, next_attempt_at = ?,"
                + " updated_at = ? WHERE session_id = ? AND sitting_date = ? AND kind = ? AND status = 'PENDING'")
            .execute(Tuple.of(Columns.instant(due), Columns.instant(due), Columns.instant(now), sessionId, seriesDate,
                kind.name()))
            .map(rows -> n + rows.rowCount()));
      }
    }
    return moved.compose(n -> enqueueForSession(tx, MessageKind.SITTING_MOVED, sessionId, Optional.of(seriesDate),
        "@" + newStart.getEpochSecond(), now).map(m -> n + m));
  }

  /** The sittings of a session that still have reminders waiting: those a change of its times must follow. */
  public Future<List<LocalDate>> datesAwaitingReminders(SqlClient tx, UUID sessionId) {
    return tx.preparedQuery("SELECT DISTINCT sitting_date, kind FROM outbox_messages WHERE session_id = ?"
            + " AND status = 'PENDING' AND sitting_date IS NOT NULL")
        .execute(Tuple.of(sessionId))
        .map(rows -> {
          List<LocalDate> dates = new ArrayList<>();
          for (Row row : rows) {
            LocalDate date = row.getLocalDate("sitting_date");
            if (MessageKind.valueOf(row.getString("kind")).isReminder() && !dates.contains(date)) {
              dates.add(date);
            }
          }
          return dates;
        });
  }

  /** A sitting is called off: its waiting messages are cancelled and every confirmed family is told. */
  public Future<Integer> sittingCancelled(SqlClient tx, UUID sessionId, LocalDate seriesDate) {
    Instant now = clock.instant();
    return tx.preparedQuery("UPDATE outbox_messages SET status = 'CANCELLED', reason = 'sitting cancelled',"
            + " lease_owner = NULL, lease_until = NULL, updated_at = ?"
            + " WHERE session_id = ? AND sitting_date = ? AND status = 'PENDING'")
        .execute(Tuple.of(Columns.instant(now), sessionId, seriesDate))
        .compose(rows -> enqueueForSession(tx, MessageKind.SITTING_CANCELLED, sessionId, Optional.of(seriesDate),
            now).map(n -> n + rows.rowCount()));
  }

  /** The whole series is called off: every waiting message of it is cancelled and every family told once. */
  public Future<Integer> seriesCancelled(SqlClient tx, UUID sessionId) {
    Instant now = clock.instant();
    return tx.preparedQuery("UPDATE outbox_messages SET status = 'CANCELLED', reason = 'series cancelled',"
            + " lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE session_id = ? AND status = 'PENDING'")
        .execute(Tuple.of(Columns.instant(now), sessionId))
        .compose(rows -> enqueueForSession(tx, MessageKind.SERIES_CANCELLED, sessionId, Optional.empty(), now)
            .map(n -> n + rows.rowCount()));
  }

  /** The family cancelled its registration: nothing more is sent to it. */
  public Future<Integer> registrationCancelled(SqlClient tx, UUID registrationId) {
    return tx.preparedQuery("UPDATE outbox_messages SET status = 'CANCELLED', reason = 'registration cancelled',"
            + " lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE registration_id = ? AND status = 'PENDING'")
        .execute(Tuple.of(Columns.instant(clock.instant()), registrationId))
        .map(RowSet::rowCount);
  }

  private interface Writer {
    Future<Integer> write(MessageKind kind, Instant due);
  }

  private Future<Integer> reminders(Instant start, Writer writer) {
    Instant now = clock.instant();
    Future<Integer> written = Future.succeededFuture(0);
    for (MessageKind kind : MessageKind.values()) {
      if (kind.isReminder()) {
        Instant due = start.minus(kind.leadTime().orElseThrow());
        if (now.isBefore(start) && !due.isBefore(now.minus(LATE_GRACE))) {
          written = written.compose(n -> writer.write(kind, due).map(m -> n + m));
        }
      }
    }
    return written;
  }

  /**
   * As {@link #enqueueForSession(SqlClient, MessageKind, UUID, Optional, Instant)}, with {@code variant} ending each
   * key: one message per variant (a new time, a coordinator's free message).
   */
  public Future<Integer> enqueueForSession(SqlClient tx, MessageKind kind, UUID sessionId,
      Optional<LocalDate> sittingDate, String variant, Instant dueAt) {
    return insert(tx, kind, sittingDate, variant, dueAt, "r.session_id = ? AND r.status = 'CONFIRMED'", sessionId);
  }

  /**
   * An invitation to the next classes of {@code category}, to registration {@code registrationId} on
   * {@code channel} only (a household is invited once, where it is best reached), due now; once a day per
   * household member and channel. Answers 0 when the registration may not be written to there.
   */
  public Future<Integer> enqueueInvitation(SqlClient tx, UUID registrationId, Channel channel, String category,
      LocalDate day) {
    return insert(tx, MessageKind.INVITATION, Optional.empty(), invitationVariant(category, day), clock.instant(),
        "r.id = ?", registrationId, List.of(channel));
  }

  /** The idempotency key of the invitation {@link #enqueueInvitation} writes with these arguments. */
  public static String invitationKey(UUID registrationId, Channel channel, String category, LocalDate day) {
    return OutboxMessage.key(MessageKind.INVITATION, registrationId, Optional.empty(), channel)
        + invitationVariant(category, day);
  }

  /** What ends an invitation's key: the theme it invites to (read back by {@link #invitedCategory}), the day. */
  static String invitationVariant(String category, LocalDate day) {
    return "~" + category + "@" + day;
  }

  /** The theme an INVITATION row invites to, from the end of its key. */
  public static String invitedCategory(OutboxMessage message) {
    String key = message.idempotencyKey();
    return key.substring(key.lastIndexOf('~') + 1, key.lastIndexOf('@'));
  }

  private Future<Integer> insert(SqlClient tx, MessageKind kind, Optional<LocalDate> sittingDate, String variant,
      Instant dueAt, String which, UUID id) {
    return insert(tx, kind, sittingDate, variant, dueAt, which, id, List.of(Channel.values()));
  }

  private Future<Integer> insert(SqlClient tx, MessageKind kind, Optional<LocalDate> sittingDate, String variant,
      Instant dueAt, String which, UUID id, List<Channel> channels) {
    Object now = Columns.instant(clock.instant());
    Future<Integer> written = Future.succeededFuture(0);
    for (Channel channel : channels) {
      // The key of OutboxMessage.key, with the registration's id filled in by the database.
      String prefix = OutboxMessage.keyPrefix(kind);
      String suffix = OutboxMessage.keySuffix(sittingDate, channel) + variant;
      String sql = INSERT.formatted(channel == Channel.EMAIL ? "email" : "phone", which);
      written = written.compose(n -> tx.preparedQuery(sql)
          .execute(Tuple.of(prefix, suffix, kind.name(), channel.name(), sittingDate.orElse(null),
              Columns.instant(dueAt)).addValue(Columns.instant(dueAt)).addValue(now).addValue(now).addValue(id))
          .map(rows -> n + rows.rowCount()));
    }
    return written;
  }

  // ---- The worker's side ----

  /**
   * Leases up to {@code limit} due PENDING messages to {@code owner} for {@code lease}: only rows whose lease is
   * free or expired, so two workers never hold one row. A worker that dies leaves its rows to be leased again.
   */
  public Future<List<OutboxMessage>> claimDue(String owner, Duration lease, int limit) {
    return claim("PENDING", "next_attempt_at <= ? AND (lease_until IS NULL OR lease_until < ?)", owner, lease, limit);
  }

  /**
   * Leases messages left SENDING by a worker whose lease expired: it died, or lost the database, between handing a
   * message over and marking it. Whether the family got it is unknown.
   */
  public Future<List<OutboxMessage>> claimInterrupted(String owner, Duration lease, int limit) {
    return claim("SENDING", "next_attempt_at <= ? AND lease_until < ?", owner, lease, limit);
  }

  private Future<List<OutboxMessage>> claim(String status, String condition, String owner, Duration lease,
      int limit) {
    Instant now = clock.instant();
    Object at = Columns.instant(now);
    // The condition is checked again on the row itself: a row another worker leased meanwhile is left to it.
    return pool.preparedQuery("UPDATE outbox_messages SET lease_owner = ?, lease_until = ?, updated_at = ?"
            + " WHERE id IN (SELECT id FROM outbox_messages WHERE status = '" + status + "' AND " + condition
            + " ORDER BY next_attempt_at LIMIT ?) AND status = '" + status + "' AND " + condition)
        .execute(Tuple.of(owner, Columns.instant(now.plus(lease)), at, at, at, limit).addValue(at).addValue(at))
        .compose(claimed -> claimed.rowCount() == 0 ? Future.succeededFuture(List.of())
            : pool.preparedQuery("SELECT " + COLUMNS + " FROM outbox_messages WHERE lease_owner = ? AND status = '"
                    + status + "' ORDER BY next_attempt_at")
                .execute(Tuple.of(owner)).map(Outbox::read));
  }

  /**
   * Marks a leased message SENDING, committed before it is handed over; answers false if the lease was lost.
   */
  public Future<Boolean> markSending(long id, String owner, Duration lease) {
    Instant now = clock.instant();
    return pool.preparedQuery("UPDATE outbox_messages SET status = 'SENDING', attempts = attempts + 1,"
            + " lease_until = ?, handed_at = ?, updated_at = ? WHERE id = ? AND lease_owner = ?"
            + " AND status IN ('PENDING', 'SENDING')")
        .execute(Tuple.of(Columns.instant(now.plus(lease)), Columns.instant(now), Columns.instant(now), id, owner))
        .map(rows -> rows.rowCount() == 1);
  }

  /** The channel accepted the message. */
  public Future<Void> markSent(long id, String owner, MessageStatus status, Optional<String> providerMessageId) {
    return pool.preparedQuery("UPDATE outbox_messages SET status = ?, provider_message_id = ?, reason = NULL,"
            + " lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?")
        .execute(Tuple.of(status.name(), providerMessageId.orElse(null), Columns.instant(clock.instant()), id, owner))
        .mapEmpty();
  }

  /** Back to PENDING until {@code until}: a retry, quiet hours, the day's cap. */
  public Future<Void> defer(long id, String owner, Instant until, String reason) {
    return pool.preparedQuery("UPDATE outbox_messages SET status = 'PENDING', next_attempt_at = ?, reason = ?,"
            + " lease_owner = NULL, lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?")
        .execute(Tuple.of(Columns.instant(until), reason(reason), Columns.instant(clock.instant()), id, owner))
        .mapEmpty();
  }

  /** Ends a message for good: FAILED, SKIPPED or CANCELLED, with the reason. */
  public Future<Void> finish(long id, String owner, MessageStatus status, String reason) {
    if (!status.isFinal()) {
      throw new IllegalArgumentException(status + " is not final");
    }
    return pool.preparedQuery("UPDATE outbox_messages SET status = ?, reason = ?, lease_owner = NULL,"
            + " lease_until = NULL, updated_at = ? WHERE id = ? AND lease_owner = ?")
        .execute(Tuple.of(status.name(), reason(reason), Columns.instant(clock.instant()), id, owner))
        .mapEmpty();
  }

  /** How many messages of the channel the centre has handed over since {@code since} (the daily cap). */
  public Future<Integer> handedSince(UUID centreId, Channel channel, Instant since) {
    return pool.preparedQuery("SELECT COUNT(*) AS n FROM outbox_messages WHERE centre_id = ? AND channel = ?"
            + " AND handed_at >= ?")
        .execute(Tuple.of(centreId, channel.name(), Columns.instant(since)))
        .map(rows -> rows.iterator().next().getInteger("n"));
  }

  /** What is due and not handed over at {@code now}. */
  public Future<Backlog> backlog(Instant now) {
    return pool.preparedQuery("SELECT COUNT(*) AS n, MIN(next_attempt_at) AS oldest FROM outbox_messages"
            + " WHERE status = 'PENDING' AND next_attempt_at <= ?")
        .execute(Tuple.of(Columns.instant(now)))
        .map(rows -> {
          Row row = rows.iterator().next();
          return new Backlog(row.getLong("n"), Optional.ofNullable(Columns.instant(row, "oldest")));
        });
  }

  // ---- Opt-outs and delivery reports ----

  @Override
  public Future<Boolean> report(DeliveryReport report) {
    MessageStatus status = switch (report.state()) {
      case QUEUED, SENT -> MessageStatus.SENT;
      case DELIVERED -> MessageStatus.DELIVERED;
      case FAILED -> MessageStatus.FAILED;
    };
    // A late "sent" does not undo "delivered"; a message ended by the outbox itself stays as it is.
    String from = report.state() == DeliveryState.DELIVERED || report.state() == DeliveryState.FAILED
        ? "('SENDING', 'SENT', 'DELIVERED')" : "('SENDING', 'SENT')";
    return pool.preparedQuery("UPDATE outbox_messages SET status = ?, reason = ?, lease_owner = NULL,"
            + " lease_until = NULL, updated_at = ? WHERE provider_message_id = ? AND status IN " + from)
        .execute(Tuple.of(status.name(), report.reason().map(Outbox::reason).orElse(null),
            Columns.instant(clock.instant()),
            report.providerMessageId()))
        .compose(rows -> rows.rowCount() > 0 ? Future.succeededFuture(true)
            : pool.preparedQuery("SELECT id FROM outbox_messages WHERE provider_message_id = ?")
                .execute(Tuple.of(report.providerMessageId())).map(found -> found.size() > 0));
  }

  @Override
  public Future<Void> optOut(String phoneNumber, String via) {
    return phone(phoneNumber).map(normalised -> pool.preparedQuery("INSERT INTO sms_opt_outs (phone, at, via)"
                + " VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
            .execute(Tuple.of(normalised, Columns.instant(clock.instant()), via)).<Void>mapEmpty())
        .orElse(Future.succeededFuture());
  }

  public Future<Boolean> isOptedOut(String phoneNumber) {
    return phone(phoneNumber).map(normalised -> pool.preparedQuery("SELECT phone FROM sms_opt_outs WHERE phone = ?")
            .execute(Tuple.of(normalised)).map(rows -> rows.size() > 0))
        .orElse(Future.succeededFuture(false));
  }

  /** The address asked for no more e-mail (through the link in every message). */
  public Future<Void> unsubscribe(String address, String via) {
    return pool.preparedQuery("INSERT INTO mail_opt_outs (address, at, via) VALUES (?, ?, ?) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(address.strip().toLowerCase(Locale.ROOT), Columns.instant(clock.instant()), via))
        .mapEmpty();
  }

  public Future<Boolean> isUnsubscribed(String address) {
    return pool.preparedQuery("SELECT address FROM mail_opt_outs WHERE address = ?")
        .execute(Tuple.of(address.strip().toLowerCase(Locale.ROOT))).map(rows -> rows.size() > 0);
  }

  /** A reason as the column keeps it: a provider's error text may be longer. */
  private static String reason(String text) {
    return text.length() <= MAX_REASON ? text : text.substring(0, MAX_REASON - 1) + "…";
  }

  /** A number in E.164 form, as the opt-outs keep it: a report may write it as the family typed it. */
  static Optional<String> phone(String number) {
    try {
      PhoneNumberUtil util = PhoneNumberUtil.getInstance();
      return Optional.of(util.format(util.parse(number, "FR"), PhoneNumberUtil.PhoneNumberFormat.E164));
    } catch (NumberParseException e) {
      return Optional.empty();
    }
  }

  // ---- Reading, for staff pages and tests ----

  /** The messages of a session (of one of its sittings, if given), with the family's name and address. */
  public Future<List<Listed>> ofSession(UUID sessionId, Optional<LocalDate> sittingDate) {
    return pool.preparedQuery("SELECT " + qualified() + ", r.display_name, r.email, r.phone FROM outbox_messages m"
            + " JOIN registrations r ON r.id = m.registration_id WHERE m.session_id = ?"
            + (sittingDate.isPresent() ? " AND m.sitting_date = ?" : "") + " ORDER BY m.due_at, m.id")
        .execute(sittingDate.map(d -> Tuple.of(sessionId, d)).orElse(Tuple.of(sessionId)))
        .map(rows -> {
          List<Listed> listed = new ArrayList<>();
          for (Row row : rows) {
            OutboxMessage message = read(row);
            listed.add(new Listed(message, row.getString("display_name"), Optional.ofNullable(
                row.getString(message.channel() == Channel.EMAIL ? "email" : "phone"))));
          }
          return listed;
        });
  }

  /** The messages of a registration, oldest first. */
  public Future<List<OutboxMessage>> ofRegistration(UUID registrationId) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM outbox_messages WHERE registration_id = ? ORDER BY id")
        .execute(Tuple.of(registrationId)).map(Outbox::read);
  }

  public Future<Optional<OutboxMessage>> find(String idempotencyKey) {
    return pool.preparedQuery("SELECT " + COLUMNS + " FROM outbox_messages WHERE idempotency_key = ?")
        .execute(Tuple.of(idempotencyKey)).map(rows -> read(rows).stream().findFirst());
  }

  private static String qualified() {
    return "m." + COLUMNS.replace("\n", " ").replace(", ", ", m.").strip();
  }

  private static List<OutboxMessage> read(RowSet<Row> rows) {
    List<OutboxMessage> found = new ArrayList<>();
    rows.forEach(row -> found.add(read(row)));
    return found;
  }

  private static OutboxMessage read(Row row) {
    return new OutboxMessage(row.getLong("id"), row.getString("idempotency_key"),
        MessageKind.valueOf(row.getString("kind")), Channel.valueOf(row.getString("channel")),
        Columns.uuid(row, "registration_id"), Columns.uuid(row, "session_id"),
        Optional.ofNullable(Columns.date(row, "sitting_date")), Columns.uuid(row, "centre_id"),
        Columns.instant(row, "due_at"), MessageStatus.valueOf(row.getString("status")),
        Optional.ofNullable(row.getString("reason")), row.getInteger("attempts"),
        Columns.instant(row, "next_attempt_at"), Optional.ofNullable(row.getString("provider_message_id")),
        Columns.instant(row, "updated_at"));
  }
}
