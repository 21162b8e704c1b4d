package org.relais.hub.centres;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.relais.hub.http.Api;
import org.relais.hub.http.ApiRouter;
import org.relais.hub.http.Versions;
import org.relais.hub.staff.StaffPrincipal;

/** Centres are public (families look for the nearest); changes are for staff. */
public final class CentreRoutes implements ApiRouter.Feature {
  private final CentreService centres;

  public CentreRoutes(CentreService centres) {
    this.centres = centres;
  }

  @Override
  public void bind(ApiRouter api) {
    api.publicOperation("listCentres", ctx -> Api.respond(ctx, 200, () ->
            centres.list(Api.queryInt(ctx, "limit", 100), Api.query(ctx, "cursor"))
                .map(page -> Api.page(page, Centre::toJson))))
        .publicOperation("getCentre", ctx -> Api.respondVersioned(ctx, 200, () ->
            centres.get(Api.pathId(ctx, "centreId")).map(Centre::toJson)))
        .staffOperation("createCentre", ctx -> Api.respondVersioned(ctx, 201, () ->
            centres.create(StaffPrincipal.of(ctx), Api.body(ctx)).map(Centre::toJson)))
        .staffOperation("updateCentre", ctx -> Api.respondVersioned(ctx, 200, () ->
            centres.update(StaffPrincipal.of(ctx), Api.pathId(ctx, "centreId"), Api.body(ctx), Versions.ifMatch(ctx))
                .map(Centre::toJson)))
        .staffOperation("deleteCentre", ctx -> Api.respondEmpty(ctx, () ->
            centres.delete(StaffPrincipal.of(ctx), Api.pathId(ctx, "centreId"))))
        .publicOperation("listSites", ctx -> Api.respond(ctx, 200, () ->
            centres.sites(Api.pathId(ctx, "centreId")).map(sites -> new JsonObject()
                .put("items", new JsonArray(sites.stream().map(Site::toJson).toList())).putNull("next"))))
        .staffOperation("createSite", ctx -> Api.respondVersioned(ctx, 201, () ->
            centres.createSite(StaffPrincipal.of(ctx), Api.pathId(ctx, "centreId"), Api.body(ctx)).map(Site::toJson)))
        .publicOperation("getSite", ctx -> Api.respondVersioned(ctx, 200, () ->
            centres.site(Api.pathId(ctx, "siteId")).map(Site::toJson)))
        .staffOperation("updateSite", ctx -> Api.respondVersioned(ctx, 200, () ->
            centres.updateSite(StaffPrincipal.of(ctx), Api.pathId(ctx, "siteId"), Api.body(ctx),
                Versions.ifMatch(ctx)).map(Site::toJson)))
        .staffOperation("deleteSite", ctx -> Api.respondEmpty(ctx, () ->
            centres.deleteSite(StaffPrincipal.of(ctx), Api.pathId(ctx, "siteId"))));
  }
}
