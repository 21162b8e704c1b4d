package org.relais.hub.households;

import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.text.MessageFormat;
import java.util.HashMap;
import java.util.Map;
import org.relais.hub.pages.Pages;

/**
 * A family's rights from its private manage link ({@code /r/<token>}): download everything Relais holds about
 * its household, and erase it after a confirmation. The link is the proof, as for cancelling.
 */
public final class FamilyPrivacyPages {
  private final HouseholdRights rights;
  private final Pages pages;

  public FamilyPrivacyPages(HouseholdRights rights, Pages pages) {
    this.rights = rights;
    this.pages = pages;
  }

  public void mount(Router router, int maxBodyBytes) {
    router.get("/r/:manage/data.json").handler(this::download);
    router.get("/r/:manage/erase").handler(this::erasePage);
    router.post("/r/:manage/erase").handler(BodyHandler.create(false).setBodyLimit(maxBodyBytes)).handler(this::erase);
    router.get("/r/:manage/erased").handler(ctx -> render(ctx, "privacy-erased"));
  }

  private void download(RoutingContext ctx) {
    rights.downloadByManageToken(ctx.pathParam("manage"))
        .onSuccess(json -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
            .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
            .putHeader("Content-Disposition", "attachment; filename=\"relais-mes-donnees.json\"")
            .end(json.encodePrettily()))
        .onFailure(ctx::fail);
  }

  /** The confirmation names what "your household" is and how much of it goes. */
  private void erasePage(RoutingContext ctx) {
    String manage = ctx.pathParam("manage");
    rights.householdByManageToken(manage).compose(found -> {
      Map<String, Object> model = new HashMap<>(Map.of("manageToken", manage));
      found.ifPresent(household -> model.put("erasing", MessageFormat.format(
          pages.messages().get(pages.language(ctx), "privacy_erase_count"), household.members().size(),
          household.members().stream().map(Household.Member::sessionId).distinct().count())));
      ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
      return pages.render(ctx, 200, "privacy-erase", model);
    }).onFailure(ctx::fail);
  }

  private void erase(RoutingContext ctx) {
    String manage = ctx.pathParam("manage");
    rights.eraseByManageToken(manage)
        .onSuccess(done -> ctx.response().setStatusCode(303)
            .putHeader(HttpHeaders.LOCATION, "/r/" + manage + "/erased").end())
        .onFailure(ctx::fail);
  }

  /** A page of the link's own: an unknown link is refused as on the manage page. */
  private void render(RoutingContext ctx, String template) {
    String manage = ctx.pathParam("manage");
    rights.knownLink(manage)
        .compose(known -> {
          ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, "no-store");
          return pages.render(ctx, 200, template, Map.of("manageToken", manage));
        })
        .onFailure(ctx::fail);
  }
}
