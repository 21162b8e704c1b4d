package org.relais.hub.schedule;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.ProblemException;
import org.relais.hub.http.Versions;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.Checks;
import org.relais.protocol.Category;

/** The schedule API: public reading, staff writing. */
public final class ScheduleRoutes implements ApiRouter.Feature {
  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  /** The sittings listed when the query names no end: about three months of a weekly class. */
  static final Period DEFAULT_SITTINGS = Period.ofDays(90);

  private final ScheduleService schedule;
  private final SittingService sittings;
  private final Clock clock;

  public ScheduleRoutes(ScheduleService schedule, SittingService sittings, Clock clock) {
    this.schedule = schedule;
    this.sittings = sittings;
    this.clock = clock;
  }

  @Override
  public void bind(ApiRouter api) {
    SessionJson json = schedule.json();
    api.publicOperation("listSessions", this::list)
        .publicOperation("getSession", ctx -> Api.respondVersioned(ctx, 200, () ->
            schedule.get(Api.pathId(ctx, "sessionId")).map(json::session)))
        .staffOperation("createSession", ctx -> Api.respondVersioned(ctx, 201, () ->
            schedule.create(StaffPrincipal.of(ctx), SessionDraft.fromJson(Api.body(ctx))).map(json::session)))
        .staffOperation("updateSession", ctx -> Api.respondVersioned(ctx, 200, () ->
            schedule.update(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId"),
                SessionDraft.fromJson(Api.body(ctx)), Versions.ifMatch(ctx)).map(json::session)))
        .staffOperation("cancelSession", ctx -> Api.respondVersioned(ctx, 200, () ->
            schedule.cancel(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId")).map(json::session)))
        .staffOperation("startSession", ctx -> Api.respond(ctx, 200, () ->
            sittings.startCurrent(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId")).map(sittings::json)))
        .staffOperation("endSession", ctx -> Api.respond(ctx, 200, () ->
            sittings.endCurrent(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId")).map(sittings::json)))
        .publicOperation("listSittings", this::listSittings)
        .staffOperation("startSitting", ctx -> Api.respond(ctx, 200, () -> sittings.start(StaffPrincipal.of(ctx),
            Api.pathId(ctx, "sessionId"), ctx.pathParam("date")).map(sittings::json)))
        .staffOperation("endSitting", ctx -> Api.respond(ctx, 200, () -> sittings.end(StaffPrincipal.of(ctx),
            Api.pathId(ctx, "sessionId"), ctx.pathParam("date")).map(sittings::json)))
        .staffOperation("cancelSitting", ctx -> Api.respond(ctx, 200, () -> sittings.cancel(StaffPrincipal.of(ctx),
            Api.pathId(ctx, "sessionId"), ctx.pathParam("date")).map(sittings::json)))
        .staffOperation("deleteSession", ctx -> Api.respondEmpty(ctx, () ->
            schedule.delete(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId"))));
  }

  private void list(RoutingContext ctx) {
    ScheduleQuery query = query(ctx);
    schedule.occurrencesJson(query)
        .onSuccess(body -> ctx.response()
            .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
            .putHeader(HttpHeaders.CACHE_CONTROL, "public, max-age=30")
            .end(body))
        .onFailure(ctx::fail);
  }

  /** A session's sittings with their states, from today for about three months unless the query says otherwise. */
  private void listSittings(RoutingContext ctx) {
    Api.respond(ctx, 200, () -> {
      String from = Api.query(ctx, "from");
      String to = Api.query(ctx, "to");
      LocalDate first = from == null ? clock.instant().atZone(schedule.zone()).toLocalDate()
          : SittingService.parseDate("from", from);
      LocalDate last = to == null ? first.plus(DEFAULT_SITTINGS) : SittingService.parseDate("to", to);
      if (last.isBefore(first)) {
        throw ProblemException.badRequest("to", "to must not be before from");
      }
      return sittings.between(Api.pathId(ctx, "sessionId"), first, last).map(list -> new JsonObject()
          .put("items", new JsonArray(list.stream().map(sittings::json).toList())));
    });
  }

  /** From now (to the minute, so the cache is shared) for 30 days unless the query says otherwise. */
  private ScheduleQuery query(RoutingContext ctx) {
    Instant from = Optional.ofNullable(Checks.instant("from", Api.query(ctx, "from")))
        .orElse(clock.instant().truncatedTo(ChronoUnit.MINUTES));
    Instant to = Optional.ofNullable(Checks.instant("to", Api.query(ctx, "to"))).orElse(from.plus(DEFAULT_WINDOW));
    SessionStore.Filter filter = new SessionStore.Filter(
        Checks.enumValue("category", Category.class, Api.query(ctx, "category")),
        Checks.uuid("centre", Api.query(ctx, "centre")), Api.query(ctx, "lang"));
    return new ScheduleQuery(from, to, filter, Api.queryInt(ctx, "limit", 50), Api.query(ctx, "cursor"));
  }
}
