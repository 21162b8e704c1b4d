package org.relais.hub.schedule;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.Versions;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.Checks;
import org.relais.protocol.Category;

/** The schedule API: public reading, staff writing. */
public final class ScheduleRoutes implements ApiRouter.Feature {
  static final Duration DEFAULT_WINDOW = Duration.ofDays(30);

  private final ScheduleService schedule;
  private final Clock clock;

  public ScheduleRoutes(ScheduleService schedule, Clock clock) {
    this.schedule = schedule;
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
        .staffOperation("startSession", ctx -> Api.respondVersioned(ctx, 200, () ->
            schedule.start(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId")).map(json::session)))
        .staffOperation("endSession", ctx -> Api.respondVersioned(ctx, 200, () ->
            schedule.end(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId")).map(json::session)))
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
