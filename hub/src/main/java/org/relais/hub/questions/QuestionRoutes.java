package org.relais.hub.questions;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.ProblemException;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.Checks;

/** Families ask from their join link; the console lists a sitting's questions and marks them answered. */
public final class QuestionRoutes implements ApiRouter.Feature {
  private final Questions questions;

  public QuestionRoutes(Questions questions) {
    this.questions = questions;
  }

  @Override
  public void bind(ApiRouter api) {
    api.publicOperation("askQuestion", ctx -> Api.respond(ctx, 201, () -> questions.ask(ctx.pathParam("token"),
                Checks.text("text", Api.body(ctx).getString("text"), Question.MAX_LENGTH))
            .map(Question::forFamily)))
        .staffOperation("listQuestions", ctx -> Api.respond(ctx, 200, () ->
            questions.ofSitting(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId"), date(Api.query(ctx, "date")))
                .map(list -> new JsonObject().put("items", new JsonArray(list.stream().map(Question::toJson)
                    .toList())))))
        .staffOperation("markQuestionAnswered", ctx -> Api.respond(ctx, 200, () ->
            questions.markAnswered(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId"),
                Api.pathId(ctx, "questionId")).map(Question::toJson)));
  }

  private static LocalDate date(String value) {
    try {
      return LocalDate.parse(Checks.text("date", value, 10));
    } catch (DateTimeParseException e) {
      throw ProblemException.badRequest("date", "date must be a day, as 2026-11-30");
    }
  }
}
