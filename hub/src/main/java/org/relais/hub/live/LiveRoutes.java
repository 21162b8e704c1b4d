package org.relais.hub.live;

import java.util.UUID;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.PublicAddress;
import org.relais.hub.staff.StaffPrincipal;

/** A session's live figures for its consoles: as they stand, and a ticket to follow them. */
public final class LiveRoutes implements ApiRouter.Feature {
  private final LiveView view;
  private final LiveBridge bridge;
  private final PublicAddress address;

  public LiveRoutes(LiveView view, LiveBridge bridge, PublicAddress address) {
    this.view = view;
    this.bridge = bridge;
    this.address = address;
  }

  @Override
  public void bind(ApiRouter api) {
    api.staffOperation("getSessionLive", ctx -> Api.respond(ctx, 200, () ->
            view.figures(StaffPrincipal.of(ctx), Api.pathId(ctx, "sessionId"))))
        .staffOperation("getSessionLiveTicket", ctx -> Api.respond(ctx, 201, () -> {
          UUID sessionId = Api.pathId(ctx, "sessionId");
          return view.checkMayWatch(StaffPrincipal.of(ctx), sessionId)
              .compose(allowed -> bridge.ticket(LiveBridge.Grant.console(sessionId), address));
        }));
  }
}
