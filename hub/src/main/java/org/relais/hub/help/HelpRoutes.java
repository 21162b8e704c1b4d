package org.relais.hub.help;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.UUID;
import java.util.function.Function;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.staff.StaffPrincipal;
import org.relais.hub.validation.Checks;

/** Help calls: families ask and follow theirs from their join link; the centre's staff take and end them. */
public final class HelpRoutes implements ApiRouter.Feature {
  private static final int MAX_MESSAGE = 500;

  private final HelpCalls calls;
  private final Function<UUID, Future<JsonObject>> centreTicket;

  /** {@code centreTicket}: a ticket to follow a centre's calls as they change, over the live bridge. */
  public HelpRoutes(HelpCalls calls, Function<UUID, Future<JsonObject>> centreTicket) {
    this.calls = calls;
    this.centreTicket = centreTicket;
  }

  @Override
  public void bind(ApiRouter api) {
    api.publicOperation("askForHelp", ctx -> {
          String message = Checks.optionalText("message", Api.body(ctx).getString("message"), MAX_MESSAGE);
          calls.ask(ctx.pathParam("token"), message).onFailure(ctx::fail).onSuccess(asked ->
              Api.send(ctx, asked.created() ? 201 : 200, HelpCalls.forFamily(asked.call())));
        })
        .publicOperation("getHelpCall", ctx -> Api.respond(ctx, 200, () ->
            calls.familyView(ctx.pathParam("token"), Api.pathId(ctx, "callId"))))
        .publicOperation("endHelpCall", ctx -> Api.respond(ctx, 200, () ->
            calls.endByFamily(ctx.pathParam("token"), Api.pathId(ctx, "callId")).map(HelpCalls::forFamily)))
        .publicOperation("getHelpCallTicket", ctx -> Api.respond(ctx, 201, () ->
            calls.familyTicket(ctx.pathParam("token"), Api.pathId(ctx, "callId"))))
        .staffOperation("listHelpCalls", ctx -> Api.respond(ctx, 200, () ->
            calls.queue(StaffPrincipal.of(ctx), Api.pathId(ctx, "centreId")).map(queue -> new JsonObject()
                .put("items", new JsonArray(queue.stream().map(HelpCall::toJson).toList())))))
        .staffOperation("getCentreHelpTicket", ctx -> Api.respond(ctx, 201, () -> {
          UUID centreId = Api.pathId(ctx, "centreId");
          HelpCalls.requireAnswers(StaffPrincipal.of(ctx), centreId);
          return centreTicket.apply(centreId);
        }))
        .staffOperation("takeHelpCall", ctx -> Api.respond(ctx, 200, () ->
            calls.take(StaffPrincipal.of(ctx), Api.pathId(ctx, "callId")).map(HelpCall::toJson)))
        .staffOperation("getStaffHelpCallTicket", ctx -> Api.respond(ctx, 201, () ->
            calls.staffTicket(StaffPrincipal.of(ctx), Api.pathId(ctx, "callId"))))
        .staffOperation("closeHelpCall", ctx -> Api.respond(ctx, 200, () ->
            calls.close(StaffPrincipal.of(ctx), Api.pathId(ctx, "callId")).map(HelpCall::toJson)));
  }
}
