package org.relais.hub.questions;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.RowSet;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.relais.hub.storage.Columns;

/** Questions, with the asker's name read from the registration. */
final class QuestionStore {
  private static final String SELECT = "SELECT q.id, q.session_id, q.sitting_date, q.registration_id, r.display_name,"
      + " q.body, q.asked_at, q.answered_at FROM questions q JOIN registrations r ON r.id = q.registration_id ";
  /** The console shows a sitting's questions; a class that gets more reads the latest ones. */
  private static final int LISTED = 500;

  private final Pool pool;

  QuestionStore(Pool pool) {
    this.pool = pool;
  }

  /**
   * Stores the question unless the same registration asked one after {@code notSince}: one statement, so two
   * questions sent at once by one family cannot both pass the pace check.
   */
  Future<Boolean> insertUnlessAskedSince(Question question, Instant notSince) {
    return pool.preparedQuery("INSERT INTO questions (id, session_id, sitting_date, registration_id, body, asked_at)"
            + " SELECT ?, ?, ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM questions WHERE registration_id = ?"
            + " AND asked_at > ?)")
        .execute(Tuple.from(new Object[] {question.id(), question.sessionId(), question.sittingDate(),
            question.registrationId(), question.text(), Columns.instant(question.askedAt()),
            question.registrationId(), Columns.instant(notSince)}))
        .map(result -> result.rowCount() == 1);
  }

  /** When the registration last asked, if it did. */
  Future<Optional<Instant>> lastAsked(UUID registrationId) {
    return pool.preparedQuery("SELECT MAX(asked_at) AS last FROM questions WHERE registration_id = ?")
        .execute(Tuple.of(registrationId))
        .map(rows -> Optional.ofNullable(rows.iterator().next()).map(row -> Columns.instant(row, "last")));
  }

  Future<List<Question>> ofSitting(UUID sessionId, LocalDate date) {
    return pool.preparedQuery("SELECT * FROM (" + SELECT + "WHERE q.session_id = ? AND q.sitting_date = ?"
            + " ORDER BY q.asked_at DESC, q.id LIMIT " + LISTED + ") latest ORDER BY asked_at, id")
        .execute(Tuple.of(sessionId, date)).map(QuestionStore::read);
  }

  Future<Optional<Question>> find(UUID sessionId, UUID id) {
    return pool.preparedQuery(SELECT + "WHERE q.id = ? AND q.session_id = ?").execute(Tuple.of(id, sessionId))
        .map(rows -> read(rows).stream().findFirst());
  }

  /** Marks it answered once: a second mark keeps the first time. */
  Future<Void> markAnswered(UUID id, UUID by, Instant at) {
    return pool.preparedQuery("UPDATE questions SET answered_at = ?, answered_by = ? WHERE id = ?"
            + " AND answered_at IS NULL")
        .execute(Tuple.of(Columns.instant(at), by, id)).mapEmpty();
  }

  private static List<Question> read(RowSet<Row> rows) {
    List<Question> questions = new ArrayList<>();
    for (Row row : rows) {
      questions.add(new Question(Columns.uuid(row, "id"), Columns.uuid(row, "session_id"),
          Columns.date(row, "sitting_date"), Columns.uuid(row, "registration_id"), row.getString("display_name"),
          row.getString("body"), Columns.instant(row, "asked_at"), Columns.instant(row, "answered_at")));
    }
    return questions;
  }
}
