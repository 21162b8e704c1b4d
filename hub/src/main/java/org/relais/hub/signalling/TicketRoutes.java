package org.relais.hub.signalling;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.Problem;
import org.relais.hub.http.ProblemException;
import org.relais.hub.join.JoinRoutes;
import org.relais.hub.join.JoinService;
import org.relais.hub.join.JoinView;
import org.relais.hub.join.Video;
import org.relais.protocol.JoinState;

/** Trades an open join link for a bridge ticket (single use, seconds long) to open its built-in room. */
public final class TicketRoutes implements ApiRouter.Feature {
  private final JoinService join;
  private final Tickets tickets;

  public TicketRoutes(JoinService join, Tickets tickets) {
    this.join = join;
    this.tickets = tickets;
  }

  @Override
  public void bind(ApiRouter api) {
    api.publicOperation("getBridgeTicket", ctx -> Api.respond(ctx, 201, () -> {
      String token = ctx.pathParam("token");
      return JoinRoutes.readable(join.openWithRoom(token)).compose(view -> issue(view, token));
    }));
  }

  private Future<JsonObject> issue(JoinView view, String token) {
    if (view.state() == JoinState.FULL) {
      throw new ProblemException(new Problem("room-full", "Room full", 409, "Every seat of this room for a "
          + view.claims().role().name() + " link is taken; one frees when its holder leaves", "token"));
    }
    if (view.state() != JoinState.OPEN || !(view.video() instanceof Video.Direct direct)) {
      throw new ProblemException(new Problem("room-not-open", "Room not open", 409,
          "This link does not open a built-in room now (" + view.state() + ")", "token"));
    }
    Admission admission = Admission.toSession(direct.room(), view.claims().peerId(), view.claims().displayName(),
        view.claims().role().name(), token);
    return tickets.describedTicket(admission, direct.bridge());
  }
}
