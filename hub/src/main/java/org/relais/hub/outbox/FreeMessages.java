package org.relais.hub.outbox;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/**
 * The texts of the coordinators' free messages (table {@code free_messages}). Each is stored once; its outbox rows
 * (kind {@link MessageKind#FREE_MESSAGE}) name it by the end of their idempotency key, {@code #<id>}, so the
 * composer finds the text at delivery time without a column of its own in the outbox.
 */
public final class FreeMessages {
  /** Texts longer than this are refused: two or three SMS parts once the centre's name and the link are added. */
  public static final int MAX_LENGTH = 300;

  /** A stored free message. */
  public record Stored(long id, UUID sessionId, LocalDate sittingDate, String body, UUID authorId,
      Instant createdAt) {}

  private FreeMessages() {}

  /** What ends the idempotency keys of the message's outbox rows. */
  public static String keyVariant(long id) {
    return "#" + id;
  }

  /**
   * Stores the text in the caller's transaction, once per form: answers the new row, or empty if this form was
   * already sent (its row is then left as it is).
   */
  public static Future<Optional<Stored>> store(SqlClient tx, UUID sessionId, LocalDate sittingDate, String formToken,
      String body, UUID authorId, Instant now) {
    return tx.preparedQuery("INSERT INTO free_messages (session_id, sitting_date, form_token, body, author_id,"
            + " created_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
        .execute(Tuple.of(sessionId, sittingDate, formToken, body, authorId, Columns.instant(now)))
        .compose(inserted -> inserted.rowCount() == 0 ? Future.succeededFuture(Optional.empty())
            : tx.preparedQuery("SELECT id, session_id, sitting_date, body, author_id, created_at FROM free_messages"
                    + " WHERE session_id = ? AND sitting_date = ? AND form_token = ?")
                .execute(Tuple.of(sessionId, sittingDate, formToken))
                .map(rows -> Optional.of(read(rows.iterator().next()))));
  }

  /** The free messages of one sitting, oldest first. */
  public static Future<List<Stored>> ofSitting(SqlClient client, UUID sessionId, LocalDate sittingDate) {
    return client.preparedQuery("SELECT id, session_id, sitting_date, body, author_id, created_at FROM free_messages"
            + " WHERE session_id = ? AND sitting_date = ? ORDER BY id")
        .execute(Tuple.of(sessionId, sittingDate))
        .map(rows -> {
          List<Stored> found = new ArrayList<>();
          rows.forEach(row -> found.add(read(row)));
          return found;
        });
  }

  /** The text a FREE_MESSAGE row of the outbox carries; empty for every other kind. */
  public static Future<Optional<String>> textOf(SqlClient client, OutboxMessage message) {
    if (!message.kind().isFree()) {
      return Future.succeededFuture(Optional.empty());
    }
    String key = message.idempotencyKey();
    long id = Long.parseLong(key.substring(key.lastIndexOf('#') + 1));
    return client.preparedQuery("SELECT body FROM free_messages WHERE id = ?").execute(Tuple.of(id))
        .map(rows -> rows.size() == 0 ? Optional.<String>empty()
            : Optional.of(rows.iterator().next().getString("body")));
  }

  private static Stored read(Row row) {
    return new Stored(row.getLong("id"), Columns.uuid(row, "session_id"), Columns.date(row, "sitting_date"),
        row.getString("body"), Columns.uuid(row, "author_id"), Columns.instant(row, "created_at"));
  }
}
