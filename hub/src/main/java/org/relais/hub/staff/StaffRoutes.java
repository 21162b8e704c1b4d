package org.relais.hub.staff;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.ClientAddress;
import org.relais.hub.http.Versions;

/** Sign-in and staff account management. */
public final class StaffRoutes implements ApiRouter.Feature {
  private final StaffAccounts staff;
  private final StaffSignIn signIn;
  private final ClientAddress clientAddress;

  public StaffRoutes(StaffAccounts staff, StaffSignIn signIn, ClientAddress clientAddress) {
    this.staff = staff;
    this.signIn = signIn;
    this.clientAddress = clientAddress;
  }

  @Override
  public void bind(ApiRouter api) {
    api.publicOperation("login", this::login)
        .staffOperation("currentStaff", ctx -> Api.respond(ctx, 200, () ->
            staff.get(StaffPrincipal.of(ctx), StaffPrincipal.of(ctx).id()).map(StaffDraft::toJson)))
        .staffOperation("listStaff", ctx -> Api.respond(ctx, 200, () ->
            staff.list(StaffPrincipal.of(ctx), Api.queryInt(ctx, "limit", 50), Api.query(ctx, "cursor"))
                .map(page -> Api.page(page, StaffDraft::toJson))))
        .staffOperation("createStaff", ctx -> Api.respondVersioned(ctx, 201, () ->
            staff.create(StaffPrincipal.of(ctx), StaffDraft.fromJson(Api.body(ctx))).map(StaffDraft::toJson)))
        .staffOperation("getStaff", ctx -> Api.respondVersioned(ctx, 200, () ->
            staff.get(StaffPrincipal.of(ctx), Api.pathId(ctx, "staffId")).map(StaffDraft::toJson)))
        .staffOperation("updateStaff", ctx -> Api.respondVersioned(ctx, 200, () ->
            staff.update(StaffPrincipal.of(ctx), Api.pathId(ctx, "staffId"), StaffDraft.fromJson(Api.body(ctx)),
                Versions.ifMatch(ctx)).map(StaffDraft::toJson)))
        .staffOperation("deleteStaff", ctx -> Api.respondEmpty(ctx, () ->
            staff.delete(StaffPrincipal.of(ctx), Api.pathId(ctx, "staffId"))));
  }

  private void login(RoutingContext ctx) {
    Api.respond(ctx, 200, () -> {
      JsonObject body = Api.body(ctx);
      return signIn.login(body.getString("email"), body.getString("password"), clientAddress.of(ctx))
          .map(issued -> new JsonObject().put("token", issued.token())
              .put("expiresAt", issued.expiresAt().toString()));
    });
  }
}
