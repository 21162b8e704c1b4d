package org.relais.hub.questions;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.relais.hub.http.ProblemException;
import org.relais.hub.join.JoinRoutes;
import org.relais.hub.join.JoinService;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.protocol.Addresses;
import org.relais.protocol.JoinRole;
import org.relais.protocol.JoinState;

/**
 * Families' questions to the instructor, sent from their join link while the class is on (one per link every
 * {@link #PACE}), listed on the session's console with the family's name, and marked answered there. Each new or
 * answered question is published on the session's live address, next to the live figures, as
 * {@code {"type":"question","question":{…}}}.
 */
public final class Questions {
  /** A family asks a question at most this often: enough to talk, too little to flood the console. */
  public static final Duration PACE = Duration.ofSeconds(15);

  /** Refuses whoever has no business following this session (the live figures' rule). */
  @FunctionalInterface
  public interface Watchers {
    Future<Void> checkMayWatch(StaffPrincipal actor, UUID sessionId);
  }

  private final QuestionStore store;
  private final JoinService join;
  private final Watchers watchers;
  private final EventBus eventBus;
  private final ZoneId zone;
  private final Clock clock;

  /** {@code zone}: the schedule's, whose day of a sitting names it. */
  public Questions(Pool pool, JoinService join, Watchers watchers, EventBus eventBus, ZoneId zone, Clock clock) {
    this.store = new QuestionStore(pool);
    this.join = join;
    this.watchers = watchers;
    this.eventBus = eventBus;
    this.zone = zone;
    this.clock = clock;
  }

  /** A family's question, during its sitting; too soon after its last one is refused with when to retry. */
  public Future<Question> ask(String token, String text) {
    return JoinRoutes.readable(join.open(token)).compose(view -> {
      if (view.claims().role() != JoinRole.PARTICIPANT) {
        throw ProblemException.forbidden("Only a family's link asks questions");
      }
      if (view.state() != JoinState.OPEN) {
        throw ProblemException.conflict("token", "The class is not on: questions are asked during it");
      }
      Instant now = clock.instant();
      Question question = new Question(UUID.randomUUID(), view.session().id(),
          view.window().sitting().start().atZone(zone).toLocalDate(), view.claims().subjectId(),
          view.claims().displayName(), text, now, null);
      return store.insertUnlessAskedSince(question, now.minus(PACE)).compose(stored -> {
        if (stored) {
          return Future.succeededFuture(published(question));
        }
        return store.lastAsked(question.registrationId()).map(last -> {
          Duration wait = last.map(at -> Duration.between(now, at.plus(PACE))).orElse(PACE);
          throw ProblemException.tooManyRequests(wait.isNegative() ? Duration.ofSeconds(1) : wait);
        });
      });
    });
  }

  /** A sitting's questions, oldest first, for someone who follows the session. */
  public Future<List<Question>> ofSitting(StaffPrincipal actor, UUID sessionId, LocalDate date) {
    return watchers.checkMayWatch(actor, sessionId).compose(allowed -> store.ofSitting(sessionId, date));
  }

  /** The instructor (or a coordinator) answered it, out loud: the console marks it so. */
  public Future<Question> markAnswered(StaffPrincipal actor, UUID sessionId, UUID questionId) {
    return watchers.checkMayWatch(actor, sessionId)
        .compose(allowed -> store.find(sessionId, questionId))
        .compose(found -> {
          Question question = found.orElseThrow(() -> ProblemException.notFound("No such question"));
          if (question.answered()) {
            return Future.succeededFuture(question);
          }
          return store.markAnswered(questionId, actor.id(), clock.instant())
              .compose(done -> store.find(sessionId, questionId))
              .map(after -> published(after.orElseThrow()));
        });
  }

  private Question published(Question question) {
    eventBus.publish(Addresses.sessionLive(question.sessionId().toString()),
        new JsonObject().put("type", "question").put("question", question.toJson()));
    return question;
  }
}
